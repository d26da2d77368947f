/* SPDX-License-Identifier: MIT */
/*
 * TFTP by server, port and file name, for the PXE APIs (BIOS and UEFI):
 * they name a file as TFTP does, so the name goes into the request as it
 * is, never through the URI parser ('?', '#' and '%' are plain bytes).
 * URIs (tftp://server/file) go through download() instead.
 */
#ifndef NET_TFTP_H
#define NET_TFTP_H

#include <stdint.h>
#include <core/image.h>

/* The server's well-known port (RFC 1350). */
#define TFTP_PORT 69

/*
 * Fetch NAME from SERVER:PORT (both in network order; port 0 is 69) into
 * a new unregistered image called IMAGE_NAME, which *IMAGE receives (the
 * caller's to free). Returns 0 or a negative error as the tftp URI
 * opener does: -ENOENT for the server's "file not found", -EACCES for
 * "access violation", -ETIMEDOUT if it never answers.
 */
int tftp_fetch_file(uint32_t server, uint16_t port, const char *name,
		    const char *image_name, struct image **image);

/*
 * The size of NAME on SERVER:PORT (as above) in *SIZE: asked for with the
 * tsize option (RFC 2349) and the transfer refused once the server says
 * it; a server that does not say it sends the whole file, which gives its
 * length. Returns 0 or a negative error as tftp_fetch_file().
 */
int tftp_file_size(uint32_t server, uint16_t port, const char *name,
		   uint64_t *size);

#endif
