/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the TFTP client (src/net/tftp.c), through the real event
 * loop. Each input downloads tftp://10.0.0.1/boot.img over the test
 * network; the input plays the server. A timer due at once, fired by the
 * download's own wait, hands the stack one forged datagram per step, from
 * the server to the port the request came from; after the last one an
 * ERROR packet from each port the records used ends any transfer still
 * running, so no input waits for a timeout.
 *
 * Input: records, each one byte of FUZZ_* flags, a 16-bit big-endian
 * length and that many bytes of TFTP packet (opcode first).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <byteswap.h>
#include <core/download.h>
#include <core/image.h>
#include <core/timer.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/udp.h>
#include "harness.h"
#include "testnet.h"

/* The record comes from another port than the transfer's (a stranger). */
#define FUZZ_STRANGER 0x01

#define FUZZ_URI "tftp://10.0.0.1/boot.img"
#define FUZZ_IMAGE "fuzz"
/* The server's transfer port, and a stranger's. */
#define FUZZ_SERVER_PORT 1069
#define FUZZ_STRANGER_PORT 1070
/* Repeatable ports from one input to the next. */
#define FUZZ_RANDOM_SEED 1
/* The ERROR that ends the transfer: "File not found", code 1. */
#define FUZZ_END_PACKET "\x00\x05\x00\x01" "fuzz: end of input"
/* Largest packet: what one UDP datagram (reassembled) can hold. */
#define FUZZ_PACKET_MAX (IPV4_MAX_LEN - IPV4_HLEN - UDP_HLEN)
#define FUZZ_FRAME_MAX (ETH_HLEN + IPV4_MAX_LEN)

/* The server side of one input's transfer. */
struct fuzz_tftp {
	struct net_device *netdev;
	struct fuzz_input in;
	struct timer timer;
};

static struct fuzz_tftp fuzz_tftp;
static uint8_t fuzz_frame[FUZZ_FRAME_MAX];

/* Send PAYLOAD (LEN bytes) from the server's SPORT (host order) to us. */
static void server_send(uint16_t sport, const void *payload, size_t len)
{
	size_t frame_len = fake_udp_frame(fuzz_frame, sizeof(fuzz_frame),
					  TESTNET_PEER_IP, sport,
					  TESTNET_OUR_IP,
					  ntohs(testnet_sent.udp_port),
					  payload, len);

	fuzz_check(frame_len != 0);
	fake_netdev_rx_later(fuzz_tftp.netdev, fuzz_frame, frame_len);
}

/* Once the request is out: the next record, or the closing ERROR. */
static void inject(struct timer *timer)
{
	struct fuzz_tftp *st = container_of(timer, struct fuzz_tftp, timer);
	const uint8_t *packet;
	uint8_t flags;
	size_t len;

	if (!testnet_sent.udp_seen) {
		timer_start(timer, 0);
		return;
	}
	if (!st->in.len) {
		/* The client took one of the two ports as the server's. */
		server_send(FUZZ_SERVER_PORT, FUZZ_END_PACKET,
			    sizeof(FUZZ_END_PACKET) - 1);
		server_send(FUZZ_STRANGER_PORT, FUZZ_END_PACKET,
			    sizeof(FUZZ_END_PACKET) - 1);
		return;
	}
	flags = fuzz_byte(&st->in);
	len = fuzz_u16(&st->in);
	len = fuzz_take(&st->in, MIN(len, (size_t)FUZZ_PACKET_MAX), &packet);
	server_send(flags & FUZZ_STRANGER ? FUZZ_STRANGER_PORT :
		    FUZZ_SERVER_PORT, packet, len);
	timer_start(timer, 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	timer_init(&fuzz_tftp.timer, inject);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int blocks = fuzz_heap_blocks();
	struct fuzz_tftp *st = &fuzz_tftp;
	struct image *image = NULL;
	int rc;

	srandom(FUZZ_RANDOM_SEED);
	st->netdev = testnet_create(TESTNET_LEARN_PEER);
	st->in.data = data;
	st->in.len = size;
	timer_start(&st->timer, 0);
	rc = download(FUZZ_URI, FUZZ_IMAGE, &image);
	fuzz_check(rc != -ETIMEDOUT && rc != -ECANCELED);
	if (rc == 0) {
		fuzz_check(image->len <= size);
		unregister_image(image);
	}
	timer_stop(&st->timer);
	fake_netdev_destroy(st->netdev);
	fuzz_check_heap(blocks);
	return 0;
}
