/* SPDX-License-Identifier: MIT */
/* The message of each error code, as people see it. */
#include <errno.h>
#include <stdio.h>

/* Room for "Error " and any int. */
#define UNKNOWN_ERROR_LEN 24

static const char *const messages[ERRNO_MAX] = {
	[0] = "No error",
	[EPERM] = "Operation not permitted",
	[ENOENT] = "No such file or directory",
	[EIO] = "Input/output error",
	[E2BIG] = "Argument list too long",
	[ENOEXEC] = "Exec format error",
	[EBADF] = "Bad file descriptor",
	[EAGAIN] = "Resource temporarily unavailable",
	[ENOMEM] = "Out of memory",
	[EACCES] = "Permission denied",
	[EFAULT] = "Bad address",
	[EBUSY] = "Device or resource busy",
	[EEXIST] = "Already exists",
	[ENODEV] = "No such device",
	[ENOTDIR] = "Not a directory",
	[EINVAL] = "Invalid argument",
	[ENFILE] = "Too many open files",
	[ENOSPC] = "No space left",
	[ESPIPE] = "Illegal seek",
	[ERANGE] = "Result out of range",
	[ENAMETOOLONG] = "Name too long",
	[ENOSYS] = "Function not implemented",
	[ENOTSUP] = "Operation not supported",
	[EPROTO] = "Protocol error",
	[EMSGSIZE] = "Message too long",
	[ENOBUFS] = "No buffer space available",
	[EADDRINUSE] = "Address already in use",
	[EADDRNOTAVAIL] = "Address not available",
	[ENETDOWN] = "Network is down",
	[ENETUNREACH] = "Network unreachable",
	[EHOSTUNREACH] = "Host unreachable",
	[ECONNABORTED] = "Connection aborted",
	[ECONNRESET] = "Connection reset by peer",
	[ECONNREFUSED] = "Connection refused",
	[ETIMEDOUT] = "Connection timed out",
	[ECANCELED] = "Operation cancelled",
	[EPIPE] = "Broken pipe",
	[ENOTCONN] = "Not connected",
	[EINPROGRESS] = "Operation in progress",
	[EALREADY] = "Operation already in progress",
	[ELOOP] = "Too many levels of redirection",
	[EBADMSG] = "Bad message",
	[EILSEQ] = "Illegal byte sequence",
	[ENOTTY] = "Not a terminal",
	[EOVERFLOW] = "Value too large",
	[ENOMSG] = "No message of the desired type",
	[ESTALE] = "Stale data",
	[ENOKEY] = "Required key not available",
	[ENODATA] = "No data available",
	[ESRCH] = "No such entry",
	[ENOTEMPTY] = "Not empty",
	[EXDEV] = "Wrong device",
	[EDOM] = "Argument out of domain",
	[EUNKNOWN_CMD] = "Unknown command",
	[ESYNTAX] = "Syntax error",
	[ENXIO] = "No such device or address",
	[EFBIG] = "File too large",
};

/* The message for RC (either sign); "Error RC" for a code with none. */
const char *strerror(int rc)
{
	static char unknown[UNKNOWN_ERROR_LEN];
	/* Magnitude in unsigned arithmetic: -INT_MIN does not fit an int. */
	unsigned int code = rc < 0 ? 0U - (unsigned int)rc : (unsigned int)rc;

	if (code < ERRNO_MAX && messages[code])
		return messages[code];
	snprintf(unknown, sizeof(unknown), "Error %d", rc);
	return unknown;
}
