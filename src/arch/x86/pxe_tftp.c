/* SPDX-License-Identifier: MIT */
/*
 * The PXE API's TFTP calls through nicboot's own TFTP client: a file is
 * downloaded whole into the heap when opened (or sized), then handed out
 * packet by packet. One file at a time, as the specification has it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <byteswap.h>
#include <core/download.h>
#include <core/image.h>
#include <core/time.h>
#include <net/inet.h>
#include <arch/io.h>
#include <arch/pxe_provider.h>

#define TFTP_PORT 69
/* Packet sizes a program may ask for: TFTP's default up to one Ethernet frame's worth. */
#define PXE_TFTP_MIN_PACKET 512
#define PXE_TFTP_MAX_PACKET 1456

static struct {
	struct image *image;		/* the file, downloaded whole */
	uint32_t server;		/* network order */
	uint16_t port;			/* network order */
	char name[PXE_TFTP_FILENAME_LEN + 1];
	bool open;			/* between TFTP_OPEN and TFTP_CLOSE */
	size_t offset;			/* next byte TFTP_READ hands out */
	uint16_t packet_size;
	uint16_t packet_number;
	bool done;			/* the last (short) packet went out */
} pxe_tftp;

/* Drop the file held and all transfer state. */
static void pxe_tftp_forget(void)
{
	image_free(pxe_tftp.image);
	memset(&pxe_tftp, 0, sizeof(pxe_tftp));
}

/* The URI tftp://SERVER:PORT/NAME, with NAME taken as it is (no escapes). */
static struct uri *tftp_uri(uint32_t server, uint16_t port, const char *name)
{
	char text[sizeof("tftp://255.255.255.255:65535/")];
	struct uri *uri;

	snprintf(text, sizeof(text), "tftp://%s:%u/", inet_ntoa(server),
		 ntohs(port));
	uri = parse_uri(text);
	if (!uri)
		return NULL;
	free(uri->path);
	if (asprintf(&uri->path, "/%s", name) < 0) {
		uri->path = NULL;
		uri_free(uri);
		return NULL;
	}
	return uri;
}

/* Download NAME from SERVER unless it is the file we hold; a PXENV_STATUS. */
static uint16_t pxe_tftp_fetch(uint32_t server, uint16_t port,
			       const uint8_t *filename)
{
	const struct uri_opener *opener = find_uri_opener("tftp");
	char name[PXE_TFTP_FILENAME_LEN + 1];
	struct download dl;
	int rc;

	memcpy(name, filename, PXE_TFTP_FILENAME_LEN);
	name[PXE_TFTP_FILENAME_LEN] = '\0';
	if (!port)
		port = htons(TFTP_PORT);
	if (pxe_tftp.image && pxe_tftp.server == server &&
	    pxe_tftp.port == port && strcmp(pxe_tftp.name, name) == 0)
		return PXENV_STATUS_SUCCESS;
	pxe_tftp_forget();
	if (!opener || !pxe_netdev())
		return PXENV_STATUS_TFTP_CANNOT_OPEN_CONNECTION;
	memset(&dl, 0, sizeof(dl));
	dl.uri = tftp_uri(server, port, name);
	dl.image = dl.uri ? alloc_image(name, dl.uri) : NULL;
	if (!dl.image) {
		uri_free((struct uri *)dl.uri);
		return PXENV_STATUS_OUT_OF_RESOURCES;
	}
	dl.started_us = time_now_us();
	dl.shown_us = dl.started_us;
	rc = opener->fetch(&dl);
	uri_free((struct uri *)dl.uri);
	if (rc) {
		image_free(dl.image);
		return rc == -ENOENT ? PXENV_STATUS_TFTP_FILE_NOT_FOUND
				     : PXENV_STATUS_TFTP_CANNOT_OPEN_CONNECTION;
	}
	pxe_tftp.image = dl.image;
	pxe_tftp.server = server;
	pxe_tftp.port = port;
	memcpy(pxe_tftp.name, name, sizeof(name));
	return PXENV_STATUS_SUCCESS;
}

/* TFTP_OPEN: fetch the file whole, then agree on the packet size. */
static uint16_t pxe_tftp_open(void *params)
{
	struct pxenv_tftp_open *open = params;
	uint16_t status, size = open->packet_size;

	status = pxe_tftp_fetch(open->server_ip, open->port, open->filename);
	if (status != PXENV_STATUS_SUCCESS)
		return pxe_result(open, status);
	if (size < PXE_TFTP_MIN_PACKET)
		size = PXE_TFTP_MIN_PACKET;
	if (size > PXE_TFTP_MAX_PACKET)
		size = PXE_TFTP_MAX_PACKET;
	open->packet_size = size;
	pxe_tftp.packet_size = size;
	pxe_tftp.open = true;
	pxe_tftp.offset = 0;
	pxe_tftp.packet_number = 0;
	pxe_tftp.done = false;
	return pxe_result(open, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(pxe_tftp_open_call) = {
	PXENV_TFTP_OPEN, "TFTP_OPEN", sizeof(struct pxenv_tftp_open),
	pxe_tftp_open,
};

/* The next packet: packet_size bytes, the last one shorter (maybe empty). */
static uint16_t pxe_tftp_read(void *params)
{
	struct pxenv_tftp_read *read = params;
	size_t left, len;

	if (!pxe_tftp.open || pxe_tftp.done)
		return pxe_result(read,
				PXENV_STATUS_TFTP_CANNOT_READ_FROM_CONNECTION);
	left = pxe_tftp.image->len - pxe_tftp.offset;
	len = left < pxe_tftp.packet_size ? left : pxe_tftp.packet_size;
	memcpy(pxe_real_ptr(read->buffer),
	       pxe_tftp.image->data + pxe_tftp.offset, len);
	pxe_tftp.offset += len;
	pxe_tftp.done = len < pxe_tftp.packet_size;
	read->packet_number = ++pxe_tftp.packet_number;
	read->buffer_size = (uint16_t)len;
	return pxe_result(read, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(pxe_tftp_read_call) = {
	PXENV_TFTP_READ, "TFTP_READ", sizeof(struct pxenv_tftp_read),
	pxe_tftp_read,
};

/* TFTP_CLOSE: drop the file. */
static uint16_t pxe_tftp_close(void *params)
{
	struct pxenv_status *close = params;

	pxe_tftp_forget();
	return pxe_result(close, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(pxe_tftp_close_call) = {
	PXENV_TFTP_CLOSE, "TFTP_CLOSE", sizeof(struct pxenv_status),
	pxe_tftp_close,
};

/* The file's size; the file stays for a TFTP_OPEN that follows. */
static uint16_t pxe_tftp_get_fsize(void *params)
{
	struct pxenv_tftp_get_fsize *fsize = params;
	uint16_t status;

	if (pxe_tftp.open)
		pxe_tftp_forget();
	status = pxe_tftp_fetch(fsize->server_ip, 0, fsize->filename);
	if (status == PXENV_STATUS_SUCCESS)
		fsize->file_size = (uint32_t)pxe_tftp.image->len;
	return pxe_result(fsize, status);
}

PXE_API_CALL(pxe_tftp_get_fsize_call) = {
	PXENV_TFTP_GET_FSIZE, "TFTP_GET_FSIZE",
	sizeof(struct pxenv_tftp_get_fsize), pxe_tftp_get_fsize,
};

/* The whole file to the caller's buffer (a physical address). */
static uint16_t pxe_tftp_read_file(void *params)
{
	struct pxenv_tftp_read_file *rf = params;
	uint16_t status;
	size_t len;

	if (pxe_tftp.open)
		pxe_tftp_forget();
	status = pxe_tftp_fetch(rf->server_ip, rf->server_port, rf->filename);
	if (status != PXENV_STATUS_SUCCESS)
		return pxe_result(rf, status);
	len = pxe_tftp.image->len;
	if (len > rf->buffer_size) {
		pxe_tftp_forget();
		return pxe_result(rf, PXENV_STATUS_OUT_OF_RESOURCES);
	}
	memcpy(phys_to_virt(rf->buffer), pxe_tftp.image->data, len);
	rf->buffer_size = (uint32_t)len;
	pxe_tftp_forget();
	return pxe_result(rf, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(pxe_tftp_read_file_call) = {
	PXENV_TFTP_READ_FILE, "TFTP_READ_FILE",
	sizeof(struct pxenv_tftp_read_file), pxe_tftp_read_file,
};
