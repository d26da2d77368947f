/* SPDX-License-Identifier: MIT */
/*
 * The PXE API's GET_FILE_SIZE: the size of a file named by a URI, of any
 * scheme nicboot fetches, relative to the running program's own URI.
 * The file is fetched whole to learn it, then dropped.
 */
#include <errno.h>
#include <string.h>
#include <core/download.h>
#include <core/image.h>
#include <arch/pxe_provider.h>

/* The longest URI a program may name, with its NUL. */
#define PXE_FILE_URI_MAX 1024

static uint16_t pxe_get_file_size(void *params)
{
	struct pxenv_get_file_size *gfs = params;
	const char *uri = pxe_real_ptr(gfs->filename);
	struct image *image;
	int rc;

	if (!memchr(uri, '\0', PXE_FILE_URI_MAX))
		return pxe_result(gfs, PXENV_STATUS_BAD_FUNC);
	rc = fetch_image(uri, NULL, &image);
	if (rc)
		return pxe_result(gfs, rc == -ENOENT ?
					       PXENV_STATUS_TFTP_FILE_NOT_FOUND :
					       PXENV_STATUS_FAILURE);
	gfs->file_size = (uint32_t)image->len;
	image_free(image);
	return pxe_result(gfs, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(pxe_get_file_size_call) = {
	PXENV_GET_FILE_SIZE, "GET_FILE_SIZE",
	sizeof(struct pxenv_get_file_size), pxe_get_file_size,
};
