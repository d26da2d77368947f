/* SPDX-License-Identifier: MIT */
/*
 * TFTP client: RFC 1350 with option negotiation (RFC 2347), blksize
 * (RFC 2348), tsize (RFC 2349) and windowsize (RFC 7440). Data goes from
 * the received buffer straight into the image. Lost packets in a window
 * are recovered by acknowledging the last block received in order, which
 * makes the server resend from there at once; a timer covers the rest.
 * Files are named by tftp:// URIs (the opener) or, for the PXE APIs, by
 * server and raw name (net/tftp.h), which also asks for a size alone.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <byteswap.h>
#include <core/download.h>
#include <core/process.h>
#include <core/settings.h>
#include <core/time.h>
#include <core/timer.h>
#include <net/dns.h>
#include <net/ipv4.h>
#include <net/tftp.h>
#include <net/udp.h>

#define TFTP_RRQ 1
#define TFTP_DATA 3
#define TFTP_ACK 4
#define TFTP_ERROR 5
#define TFTP_OACK 6

#define TFTP_ERR_NOT_FOUND 1
#define TFTP_ERR_ACCESS 2
#define TFTP_ERR_UNKNOWN_TID 5
#define TFTP_ERR_OPTIONS 8

/* The block size every server supports, and the one we ask for. */
#define TFTP_DEFAULT_BLKSIZE 512
#define TFTP_MIN_BLKSIZE 8
#define TFTP_OPCODE_LEN 2
#define TFTP_BLOCK_LEN 2
#define TFTP_HLEN (TFTP_OPCODE_LEN + TFTP_BLOCK_LEN)
/* Blocks in flight we ask for: enough to fill a LAN, few enough to stay cheap on loss. */
#define TFTP_WINDOWSIZE 64
#define TFTP_MAX_WINDOWSIZE 65535
/* A window of one block is lockstep: the windowsize option is not sent. */
#define TFTP_LOCKSTEP 1

/* Retransmission: first timeout, its floor and ceiling, and retries before giving up. */
#define TFTP_RRQ_TIMEOUT_MS 1000
#define TFTP_MIN_TIMEOUT_MS 20
#define TFTP_MAX_TIMEOUT_MS 4000
#define TFTP_MAX_RETRIES 10
/* An RTT estimate of this many microseconds is scaled up to a timeout by TFTP_RTO_FACTOR. */
#define TFTP_RTO_FACTOR 4

/* strtoul() saturates at the largest unsigned long: a tsize of that is an overflow. */
#define TFTP_MAX_TSIZE ((unsigned long)-2)
/* Why a size query refuses the transfer its OACK offers. */
#define TFTP_SIZE_ONLY_MSG "Only the size was wanted"

struct tftp_hdr {
	uint16_t opcode;
	uint16_t block;		/* or error code */
} __packed;

struct tftp_request {
	struct download *dl;
	struct udp_conn conn;
	struct sockaddr_in server;	/* port 69 until the server's TID is known */
	uint16_t request_port;	/* where requests go (network order) */
	bool tid_known;
	bool use_options;
	bool size_only;		/* a size query: stop at the server's tsize */
	bool tsize_known;	/* the server's OACK gave tsize */
	const char *filename;
	size_t blksize;
	unsigned int wanted_windowsize;	/* what the request asks for */
	unsigned int windowsize;
	uint64_t next_block;	/* absolute number of the block we want next */
	unsigned int in_window;	/* blocks received since our last ACK */
	uint64_t gap_acked;	/* next_block when we last signalled a gap */
	uint64_t window_end;	/* the last block of the server's current window */
	struct timer timer;
	unsigned int retries;
	uint32_t timeout_ms;
	uint64_t ack_sent_us;	/* for the RTT estimate */
	uint32_t srtt_us;
	volatile int rc;
};

/* Some servers mishandle windowsize: 1 asks for lockstep. */
SETTING(tftp_windowsize_setting) = {
	.name = "tftp-windowsize",
	.description = "TFTP window size to ask for (1: lockstep)",
	.type = &setting_type_uint16,
};

/* The window size to ask for: the tftp-windowsize setting, else TFTP_WINDOWSIZE. */
static unsigned int tftp_wanted_windowsize(void)
{
	unsigned long v;

	if (fetch_uint_setting(NULL, &tftp_windowsize_setting, &v) < 0 ||
	    v < TFTP_LOCKSTEP || v > TFTP_MAX_WINDOWSIZE)
		return TFTP_WINDOWSIZE;
	return (unsigned int)v;
}

/* The largest block that fits one unfragmented IPv4/UDP datagram on NETDEV. */
static size_t tftp_max_blksize(uint32_t server)
{
	struct net_device *netdev;
	uint32_t src;

	if (ipv4_route_lookup(server, &src, &netdev) != 0)
		return TFTP_DEFAULT_BLKSIZE;
	return netdev->mtu - IPV4_HLEN - UDP_HLEN - TFTP_HLEN;
}

static void tftp_finish(struct tftp_request *req, int rc)
{
	timer_stop(&req->timer);
	req->rc = rc;
}

static int tftp_send(struct tftp_request *req, struct io_buffer *iob)
{
	return udp_sendto(&req->conn, iob, &req->server, 0, NULL);
}

/* Append a NUL-terminated string to IOB. */
static void put_string(struct io_buffer *iob, const char *s)
{
	size_t len = strlen(s) + 1;

	memcpy(iob_put(iob, len), s, len);
}

static void put_option(struct io_buffer *iob, const char *name,
		       unsigned long value)
{
	char text[24];

	snprintf(text, sizeof(text), "%lu", value);
	put_string(iob, name);
	put_string(iob, text);
}

static int tftp_send_rrq(struct tftp_request *req)
{
	size_t len = sizeof(struct tftp_hdr) + strlen(req->filename) + 128;
	struct io_buffer *iob = udp_alloc_iob(len);

	if (!iob)
		return -ENOMEM;
	put_be16(iob_put(iob, 2), TFTP_RRQ);
	put_string(iob, req->filename);
	put_string(iob, "octet");
	if (req->use_options) {
		put_option(iob, "blksize", tftp_max_blksize(req->server.addr));
		put_option(iob, "tsize", 0);
		if (req->wanted_windowsize > TFTP_LOCKSTEP)
			put_option(iob, "windowsize", req->wanted_windowsize);
	}
	return tftp_send(req, iob);
}

static int tftp_send_ack(struct tftp_request *req)
{
	struct io_buffer *iob = udp_alloc_iob(sizeof(struct tftp_hdr));
	struct tftp_hdr *hdr;

	if (!iob)
		return -ENOMEM;
	hdr = iob_put(iob, sizeof(*hdr));
	hdr->opcode = htons(TFTP_ACK);
	hdr->block = htons((uint16_t)(req->next_block - 1));
	req->in_window = 0;
	req->window_end = req->next_block - 1 + req->windowsize;
	req->ack_sent_us = time_now_us();
	timer_start(&req->timer, req->timeout_ms);
	return tftp_send(req, iob);
}

/* Send DEST an ERROR packet with CODE and the text MSG. */
static void tftp_send_error(struct tftp_request *req,
			    const struct sockaddr_in *dest, uint16_t code,
			    const char *msg)
{
	struct io_buffer *iob =
		udp_alloc_iob(sizeof(struct tftp_hdr) + strlen(msg) + 1);
	struct tftp_hdr *hdr;

	if (!iob)
		return;
	hdr = iob_put(iob, sizeof(*hdr));
	hdr->opcode = htons(TFTP_ERROR);
	hdr->block = htons(code);
	put_string(iob, msg);
	udp_sendto(&req->conn, iob, dest, 0, NULL);
}

/* Tell a stray sender it is not part of this transfer (RFC 1350 TID check). */
static void tftp_reject_stranger(struct tftp_request *req,
				 const struct sockaddr_in *src)
{
	tftp_send_error(req, src, TFTP_ERR_UNKNOWN_TID, "Unknown transfer ID");
}

/* Update the RTT estimate from the time between our ACK and the next DATA. */
static void tftp_measure_rtt(struct tftp_request *req)
{
	uint64_t sample = time_now_us() - req->ack_sent_us;
	uint32_t timeout;

	if (!req->ack_sent_us || sample > (uint64_t)TFTP_MAX_TIMEOUT_MS * US_PER_MS)
		return;
	req->srtt_us = req->srtt_us ? (uint32_t)((7 * (uint64_t)req->srtt_us + sample) / 8)
				    : (uint32_t)sample;
	timeout = req->srtt_us * TFTP_RTO_FACTOR / US_PER_MS;
	req->timeout_ms = MIN(MAX(timeout, TFTP_MIN_TIMEOUT_MS),
			      TFTP_MAX_TIMEOUT_MS);
	req->ack_sent_us = 0;
}

/* A decimal option value of digits only, at most MAX. */
static int parse_option_value(const char *value, unsigned long max,
			      unsigned long *out)
{
	char *end;
	unsigned long v = strtoul(value, &end, 10);

	if (!isdigit((unsigned char)*value) || *end || v > max)
		return -EPROTO;
	*out = v;
	return 0;
}

/* Note the file size the server announced; a fetch makes room for it at once. */
static int tftp_apply_tsize(struct tftp_request *req, unsigned long size)
{
	req->dl->total = size;
	req->tsize_known = true;
	if (req->size_only)
		return 0;
	if (size > SIZE_MAX || image_reserve(req->dl->image, (size_t)size))
		return -ENOMEM;
	return 0;
}

/* Apply one option the server accepted; values must not exceed what we asked. */
static int tftp_apply_option(struct tftp_request *req, const char *name,
			     const char *value)
{
	unsigned long v;

	if (strcasecmp(name, "blksize") == 0) {
		if (parse_option_value(value, tftp_max_blksize(req->server.addr), &v) ||
		    v < TFTP_MIN_BLKSIZE)
			return -EPROTO;
		req->blksize = v;
	} else if (strcasecmp(name, "windowsize") == 0) {
		if (parse_option_value(value, req->wanted_windowsize, &v) || v < 1)
			return -EPROTO;
		req->windowsize = (unsigned int)v;
	} else if (strcasecmp(name, "tsize") == 0) {
		if (parse_option_value(value, TFTP_MAX_TSIZE, &v))
			return -EPROTO;
		return tftp_apply_tsize(req, v);
	}
	return 0;
}

/* The NUL-terminated string at *P before END, advancing *P past it; NULL if unterminated. */
static const char *next_string(const char **p, const char *end)
{
	const char *start = *p;
	const char *nul = memchr(start, '\0', (size_t)(end - start));

	if (!nul)
		return NULL;
	*p = nul + 1;
	return start;
}

/* Parse an OACK body: NUL-terminated name/value pairs. */
static int tftp_parse_oack(struct tftp_request *req, const char *p,
			   size_t len)
{
	const char *end = p + len, *name, *value;
	int rc;

	/* Options the server does not acknowledge are not in effect (RFC 2347). */
	req->blksize = TFTP_DEFAULT_BLKSIZE;
	req->windowsize = 1;
	while (p < end) {
		name = next_string(&p, end);
		value = name ? next_string(&p, end) : NULL;
		if (!value)
			return -EPROTO;
		rc = tftp_apply_option(req, name, value);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * A gap or an old block: ask the server to resume after the last good
 * block, once per gap, and again when the server's current window ends
 * (some servers heed an ACK only once their window is sent). Only that
 * second ACK moves where we expect the server's window to end.
 */
static void tftp_rx_out_of_order(struct tftp_request *req, uint16_t block)
{
	uint64_t window_end = req->window_end;

	if (block == (uint16_t)window_end) {
		req->gap_acked = req->next_block;
		tftp_send_ack(req);
	} else if (req->gap_acked != req->next_block) {
		req->gap_acked = req->next_block;
		tftp_send_ack(req);
		req->window_end = window_end;
	}
}

/* Store one DATA block if it is the one expected; ACK per window or at the end. */
static void tftp_rx_data(struct tftp_request *req, uint16_t block,
			 struct io_buffer *iob)
{
	size_t len = iob_len(iob);
	uint64_t offset = (req->next_block - 1) * req->blksize;
	int rc;

	if (block != (uint16_t)req->next_block) {
		tftp_rx_out_of_order(req, block);
		return;
	}
	if (len > req->blksize) {
		tftp_finish(req, dl_fail(req->dl, -EPROTO,
					 "TFTP server %s sent a %zu-byte block (blksize %zu)",
					 inet_ntoa(req->server.addr), len, req->blksize));
		return;
	}
	tftp_measure_rtt(req);
	rc = image_write(req->dl->image, offset, iob->data, len);
	if (rc) {
		tftp_finish(req, rc);
		return;
	}
	req->next_block++;
	req->retries = 0;
	timer_start(&req->timer, req->timeout_ms);
	req->dl->done = offset + len;
	download_progress(req->dl);
	if (len < req->blksize) {
		tftp_send_ack(req);
		tftp_finish(req, 0);
	} else if (++req->in_window >= req->windowsize) {
		tftp_send_ack(req);
	}
}

static int tftp_error_rc(uint16_t code)
{
	switch (code) {
	case TFTP_ERR_NOT_FOUND:
		return -ENOENT;
	case TFTP_ERR_ACCESS:
		return -EACCES;
	default:
		return -EIO;
	}
}

static void tftp_rx_error(struct tftp_request *req, uint16_t code,
			  const char *msg, size_t len)
{
	char text[80];
	size_t n = strnlen(msg, len);

	if (code == TFTP_ERR_OPTIONS && req->use_options &&
	    req->next_block == 0) {
		/* The server refuses options: ask its well-known port again, plainly. */
		req->use_options = false;
		req->tid_known = false;
		req->server.port = req->request_port;
		tftp_send_rrq(req);
		return;
	}
	if (n >= sizeof(text))
		n = sizeof(text) - 1;
	memcpy(text, msg, n);
	text[n] = '\0';
	tftp_finish(req, dl_fail(req->dl, tftp_error_rc(code),
				 "TFTP server %s: %s (error %u)",
				 inet_ntoa(req->server.addr), text, code));
}

/* Accept the first reply's source port as the server's TID; reject others. */
static bool tftp_check_tid(struct tftp_request *req,
			   const struct sockaddr_in *src)
{
	if (src->addr != req->server.addr)
		return false;
	if (!req->tid_known) {
		req->server.port = src->port;
		req->tid_known = true;
		return true;
	}
	return src->port == req->server.port;
}

/* A size query has its answer: refuse the transfer (RFC 2347 allows error 8). */
static void tftp_end_with_size(struct tftp_request *req)
{
	tftp_send_error(req, &req->server, TFTP_ERR_OPTIONS,
			TFTP_SIZE_ONLY_MSG);
	tftp_finish(req, 0);
}

/* Apply the options the server accepted; ask for block 1 (ACK 0), or end a size query. */
static void tftp_handle_oack(struct tftp_request *req, struct io_buffer *iob)
{
	int rc = tftp_parse_oack(req, iob->data, iob_len(iob));

	if (rc) {
		tftp_finish(req, dl_fail(req->dl, rc,
					 "TFTP server %s sent bad options",
					 inet_ntoa(req->server.addr)));
	} else if (req->size_only && req->tsize_known) {
		tftp_end_with_size(req);
	} else {
		req->next_block = 1;
		tftp_send_ack(req);
	}
}

/* A server that ignored our options sends DATA 1 at once: use the defaults. */
static void tftp_without_options(struct tftp_request *req)
{
	req->blksize = TFTP_DEFAULT_BLKSIZE;
	req->windowsize = 1;
	req->next_block = 1;
}

static void tftp_rx(struct udp_conn *conn, struct io_buffer *iob,
		    const struct sockaddr_in *src, struct net_device *netdev,
		    void *ctx)
{
	struct tftp_request *req = ctx;
	uint16_t opcode, block;

	if (req->rc != -EINPROGRESS || iob_len(iob) < TFTP_OPCODE_LEN) {
		free_iob(iob);
		return;
	}
	if (!tftp_check_tid(req, src)) {
		tftp_reject_stranger(req, src);
		free_iob(iob);
		return;
	}
	opcode = get_be16(iob->data);
	iob_pull(iob, TFTP_OPCODE_LEN);
	if (opcode == TFTP_OACK) {
		/* Options follow the opcode directly. */
		if (req->next_block == 0)
			tftp_handle_oack(req, iob);
	} else if (iob_len(iob) >= TFTP_BLOCK_LEN) {
		block = get_be16(iob->data);
		iob_pull(iob, TFTP_BLOCK_LEN);
		if (opcode == TFTP_DATA) {
			if (req->next_block == 0)
				tftp_without_options(req);
			tftp_rx_data(req, block, iob);
		} else if (opcode == TFTP_ERROR) {
			tftp_rx_error(req, block, iob->data, iob_len(iob));
		}
	}
	free_iob(iob);
}

/* Nothing arrived in time: repeat the RRQ or our last ACK, with backoff. */
static void tftp_expired(struct timer *timer)
{
	struct tftp_request *req = container_of(timer, struct tftp_request, timer);

	if (++req->retries > TFTP_MAX_RETRIES) {
		tftp_finish(req, dl_fail(req->dl, -ETIMEDOUT,
					 "no answer from TFTP server %s",
					 inet_ntoa(req->server.addr)));
		return;
	}
	req->timeout_ms = MIN(req->timeout_ms * 2, TFTP_MAX_TIMEOUT_MS);
	req->ack_sent_us = 0;
	if (req->next_block == 0) {
		timer_start(&req->timer, req->timeout_ms);
		tftp_send_rrq(req);
	} else {
		req->gap_acked = 0;
		tftp_send_ack(req);
	}
}

/* Set REQ up to ask SERVER:PORT (network order) for FILENAME into DL. */
static void tftp_request_init(struct tftp_request *req, struct download *dl,
			      uint32_t server, uint16_t port,
			      const char *filename)
{
	memset(req, 0, sizeof(*req));
	req->dl = dl;
	req->filename = filename;
	req->server.addr = server;
	req->request_port = port;
	req->server.port = port;
	req->use_options = true;
	req->wanted_windowsize = tftp_wanted_windowsize();
	req->timeout_ms = TFTP_RRQ_TIMEOUT_MS;
	req->rc = -EINPROGRESS;
	timer_init(&req->timer, tftp_expired);
}

/* Send the request and run the event loop until the transfer ends. */
static int tftp_run(struct tftp_request *req)
{
	int rc = udp_open(&req->conn, 0, tftp_rx, req);

	if (rc)
		return rc;
	timer_start(&req->timer, req->timeout_ms);
	rc = tftp_send_rrq(req);
	if (rc == 0)
		rc = wait_rc(&req->rc, WAIT_FOREVER);
	timer_stop(&req->timer);
	udp_close(&req->conn);
	return rc;
}

/* The file name in the request: the URI path without its first '/'. */
static const char *tftp_filename(const struct uri *uri)
{
	const char *path = uri->path ? uri->path : "";

	return *path == '/' ? path + 1 : path;
}

/* The tftp URI opener: tftp://SERVER[:PORT]/NAME. */
static int tftp_fetch(struct download *dl)
{
	const char *filename = tftp_filename(dl->uri);
	struct tftp_request req;
	uint32_t server;
	uint16_t port;
	int rc;

	if (!dl->uri->host || !*filename)
		return dl_fail(dl, -EINVAL, "a TFTP URI needs a server and a file name");
	rc = resolve_name(dl->uri->host, &server);
	if (rc)
		return dl_fail(dl, rc, "cannot resolve %s", dl->uri->host);
	port = htons((uint16_t)uri_port(dl->uri, TFTP_PORT));
	tftp_request_init(&req, dl, server, port, filename);
	return tftp_run(&req);
}

URI_OPENER(tftp_opener) = { "tftp", tftp_fetch };

/*
 * Set DL and REQ up to fetch NAME from SERVER:PORT (port 0: the
 * well-known one) into a new image IMAGE_NAME, progress timed from now.
 */
static int tftp_prepare_raw(struct tftp_request *req, struct download *dl,
			    uint32_t server, uint16_t port, const char *name,
			    const char *image_name)
{
	memset(dl, 0, sizeof(*dl));
	if (!*name)
		return -EINVAL;
	dl->image = alloc_image(image_name, NULL);
	if (!dl->image)
		return -ENOMEM;
	download_begin(dl);
	tftp_request_init(req, dl, server, port ? port : htons(TFTP_PORT),
			  name);
	return 0;
}

/* Run a request tftp_prepare_raw() set up, ending its progress line. */
static int tftp_run_raw(struct tftp_request *req)
{
	int rc = tftp_run(req);

	download_end(req->dl);
	return rc;
}

int tftp_fetch_file(uint32_t server, uint16_t port, const char *name,
		    const char *image_name, struct image **image)
{
	struct tftp_request req;
	struct download dl;
	int rc = tftp_prepare_raw(&req, &dl, server, port, name, image_name);

	if (rc == 0)
		rc = tftp_run_raw(&req);
	if (rc == 0)
		*image = dl.image;
	else
		image_free(dl.image);
	return rc;
}

int tftp_file_size(uint32_t server, uint16_t port, const char *name,
		   uint64_t *size)
{
	struct tftp_request req;
	struct download dl;
	int rc = tftp_prepare_raw(&req, &dl, server, port, name, name);

	if (rc == 0) {
		req.size_only = true;
		rc = tftp_run_raw(&req);
	}
	if (rc == 0)
		*size = req.tsize_known ? dl.total : dl.image->len;
	image_free(dl.image);
	return rc;
}
