/* SPDX-License-Identifier: MIT */
/*
 * The PXE API's TFTP calls through nicboot's own TFTP client: a file is
 * downloaded whole into the heap when opened, then handed out packet by
 * packet; a size is asked of the server (tsize) unless the file is held.
 * One file at a time, as the specification has it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <byteswap.h>
#include <core/image.h>
#include <net/tftp.h>
#include <arch/io.h>
#include <arch/pxe_provider.h>

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

/* The PXE structures' file name as a string: it may fill its field, unterminated. */
static void pxe_tftp_name(char name[PXE_TFTP_FILENAME_LEN + 1],
			  const uint8_t *filename)
{
	memcpy(name, filename, PXE_TFTP_FILENAME_LEN);
	name[PXE_TFTP_FILENAME_LEN] = '\0';
}

/* The server port a program gives (network order), 0 meaning TFTP's own. */
static uint16_t pxe_tftp_port(uint16_t port)
{
	return port ? port : htons(TFTP_PORT);
}

/* Whether the file held is NAME from SERVER:PORT. */
static bool pxe_tftp_holds(uint32_t server, uint16_t port, const char *name)
{
	return pxe_tftp.image && pxe_tftp.server == server &&
	       pxe_tftp.port == port && strcmp(pxe_tftp.name, name) == 0;
}

/* The PXENV_STATUS for a failed TFTP transfer. */
static uint16_t pxe_tftp_status(int rc)
{
	switch (rc) {
	case -ENOENT:
		return PXENV_STATUS_TFTP_FILE_NOT_FOUND;
	case -ENOMEM:
		return PXENV_STATUS_OUT_OF_RESOURCES;
	default:
		return PXENV_STATUS_TFTP_CANNOT_OPEN_CONNECTION;
	}
}

/* Download NAME from SERVER unless it is the file we hold; a PXENV_STATUS. */
static uint16_t pxe_tftp_fetch(uint32_t server, uint16_t port,
			       const uint8_t *filename)
{
	char name[PXE_TFTP_FILENAME_LEN + 1];
	struct image *image;
	int rc;

	pxe_tftp_name(name, filename);
	port = pxe_tftp_port(port);
	if (pxe_tftp_holds(server, port, name))
		return PXENV_STATUS_SUCCESS;
	pxe_tftp_forget();
	if (!pxe_netdev())
		return PXENV_STATUS_TFTP_CANNOT_OPEN_CONNECTION;
	rc = tftp_fetch_file(server, port, name, name, &image);
	if (rc)
		return pxe_tftp_status(rc);
	pxe_tftp.image = image;
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

/* NAME's size from SERVER's port 69 in *SIZE, asking the server; a PXENV_STATUS. */
static uint16_t pxe_tftp_query_size(uint32_t server, const char *name,
				    uint32_t *size)
{
	uint64_t bytes;
	int rc;

	if (!pxe_netdev())
		return PXENV_STATUS_TFTP_CANNOT_OPEN_CONNECTION;
	rc = tftp_file_size(server, htons(TFTP_PORT), name, &bytes);
	if (rc)
		return pxe_tftp_status(rc);
	if (bytes > UINT32_MAX)
		return PXENV_STATUS_OUT_OF_RESOURCES;
	*size = (uint32_t)bytes;
	return PXENV_STATUS_SUCCESS;
}

/* TFTP_GET_FSIZE: the size of the file held, else the server's answer; the file held stays. */
static uint16_t pxe_tftp_get_fsize(void *params)
{
	struct pxenv_tftp_get_fsize *fsize = params;
	char name[PXE_TFTP_FILENAME_LEN + 1];
	uint16_t status = PXENV_STATUS_SUCCESS;
	uint32_t size;

	pxe_tftp_name(name, fsize->filename);
	if (pxe_tftp_holds(fsize->server_ip, htons(TFTP_PORT), name))
		size = (uint32_t)pxe_tftp.image->len;
	else
		status = pxe_tftp_query_size(fsize->server_ip, name, &size);
	if (status == PXENV_STATUS_SUCCESS)
		fsize->file_size = size;
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
