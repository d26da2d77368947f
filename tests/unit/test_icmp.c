/* SPDX-License-Identifier: MIT */
/* Tests of ICMP: echo replies, echo requests sent, malformed messages. */
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <net/ethernet.h>
#include <net/icmp.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <core/script.h>
#include "fake_netdev.h"
#include "test_console.h"
#include "test.h"

#define OUR_IP FAKE_IP(10, 0, 0, 2)
#define PEER_IP FAKE_IP(10, 0, 0, 1)
#define NETMASK FAKE_IP(255, 255, 255, 0)
#define ICMP_OFF (ETH_HLEN + IPV4_HLEN)

static struct net_device *setup(void)
{
	struct net_device *netdev = fake_netdev_create();

	if (netdev) {
		fake_netdev_configure(netdev, OUR_IP, NETMASK, INADDR_ANY);
		fake_netdev_learn(netdev, PEER_IP);
	}
	return netdev;
}

/* Build an echo message of TYPE with PAYLOAD to DEST; returns frame length. */
static size_t build_echo(uint8_t *frame, size_t size, uint8_t type,
			 uint32_t dest, const char *payload)
{
	uint8_t msg[256];
	struct icmp_echo *icmp = (struct icmp_echo *)msg;
	size_t len = sizeof(*icmp) + strlen(payload);
	uint16_t csum;

	icmp->type = type;
	icmp->code = 0;
	icmp->chksum = 0;
	icmp->ident = htons(0x1234);
	icmp->seq = htons(7);
	memcpy(icmp + 1, payload, strlen(payload));
	csum = fake_ref_checksum(fake_ref_sum(0, msg, len));
	put_be16(&icmp->chksum, csum);
	return fake_ipv4_frame(frame, size, PEER_IP, dest, IP_PROTO_ICMP,
			       msg, len);
}

UNIT_TEST(icmp_answers_echo_request)
{
	struct net_device *netdev = setup();
	uint8_t frame[200];
	struct io_buffer *iob;
	struct icmp_echo *icmp;
	struct iphdr *ip;
	size_t len;

	if (!netdev)
		return;
	len = build_echo(frame, sizeof(frame), ICMP_ECHO_REQUEST, OUR_IP,
			 "hello, odd payload");
	fake_netdev_rx(netdev, frame, len);
	iob = fake_netdev_tx_pop(netdev);
	CHECK(iob != NULL);
	if (iob) {
		CHECK_INT(iob_len(iob), len);
		CHECK_MEM(iob->data, fake_peer_mac, ETH_ALEN);
		ip = (struct iphdr *)((uint8_t *)iob->data + ETH_HLEN);
		CHECK_INT(ip->src, OUR_IP);
		CHECK_INT(ip->dest, PEER_IP);
		CHECK_INT(ip->protocol, IP_PROTO_ICMP);
		icmp = (struct icmp_echo *)(ip + 1);
		CHECK_INT(icmp->type, ICMP_ECHO_REPLY);
		CHECK_INT(icmp->code, 0);
		CHECK_INT(ntohs(icmp->ident), 0x1234);
		CHECK_INT(ntohs(icmp->seq), 7);
		CHECK_MEM(icmp + 1, "hello, odd payload", 18);
		CHECK_INT(fake_ref_checksum(fake_ref_sum(0, icmp,
							 len - ICMP_OFF)), 0);
		free_iob(iob);
	}
	CHECK_INT(netdev->stats.rx_dropped, 0);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(icmp_ignores_broadcast_echo_request)
{
	struct net_device *netdev = setup();
	uint8_t frame[200];
	size_t len;

	if (!netdev)
		return;
	len = build_echo(frame, sizeof(frame), ICMP_ECHO_REQUEST,
			 INADDR_BROADCAST, "x");
	fake_netdev_rx(netdev, frame, len);
	len = build_echo(frame, sizeof(frame), ICMP_ECHO_REQUEST,
			 FAKE_IP(10, 0, 0, 255), "x");
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(icmp_drops_malformed)
{
	struct net_device *netdev = setup();
	uint8_t frame[200];
	size_t len;

	if (!netdev)
		return;
	len = build_echo(frame, sizeof(frame), ICMP_ECHO_REQUEST, OUR_IP,
			 "payload");
	frame[len - 1] ^= 0x40;
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(netdev->stats.rx_dropped, 1);
	/* Shorter than an echo header. */
	len = fake_ipv4_frame(frame, sizeof(frame), PEER_IP, OUR_IP,
			      IP_PROTO_ICMP, "\x08\x00\xf7\xff", 4);
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(netdev->stats.rx_dropped, 2);
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	fake_netdev_destroy(netdev);
}

/* What the test listener heard. */
static struct {
	unsigned int count;
	uint32_t src;
	uint16_t seq;
	char payload[32];
} heard;

static void listener_reply(struct icmp_echo_listener *listener,
			   uint32_t src, uint16_t seq, const void *payload,
			   size_t len)
{
	heard.count++;
	heard.src = src;
	heard.seq = seq;
	memset(heard.payload, 0, sizeof(heard.payload));
	memcpy(heard.payload, payload, MIN(len, sizeof(heard.payload) - 1));
}

UNIT_TEST(icmp_delivers_echo_reply_by_ident)
{
	struct net_device *netdev = setup();
	struct icmp_echo_listener mine = { .ident = 0x1234,
					   .reply = listener_reply };
	struct icmp_echo_listener other = { .ident = 0x4321,
					    .reply = listener_reply };
	uint8_t frame[200];
	size_t len;

	if (!netdev)
		return;
	memset(&heard, 0, sizeof(heard));
	icmp_echo_listen(&other);
	len = build_echo(frame, sizeof(frame), ICMP_ECHO_REPLY, OUR_IP,
			 "pong");
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(heard.count, 0);
	icmp_echo_listen(&mine);
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(heard.count, 1);
	CHECK_INT(heard.src, PEER_IP);
	CHECK_INT(heard.seq, 7);
	CHECK_STR(heard.payload, "pong");
	icmp_echo_unlisten(&mine);
	icmp_echo_unlisten(&other);
	fake_netdev_rx(netdev, frame, len);
	CHECK_INT(heard.count, 1);
	CHECK_INT(fake_netdev_tx_count(netdev), 0);
	fake_netdev_destroy(netdev);
}

UNIT_TEST(icmp_sends_echo_request)
{
	struct net_device *netdev = setup();
	struct io_buffer *iob;
	struct icmp_echo *icmp;
	size_t len;

	if (!netdev)
		return;
	CHECK_INT(icmp_echo_send(PEER_IP, 0xbeef, 3, "abcde", 5), 0);
	iob = fake_netdev_tx_pop(netdev);
	CHECK(iob != NULL);
	if (iob) {
		len = iob_len(iob);
		CHECK_INT(len, ICMP_OFF + sizeof(*icmp) + 5);
		icmp = (struct icmp_echo *)((uint8_t *)iob->data + ICMP_OFF);
		CHECK_INT(icmp->type, ICMP_ECHO_REQUEST);
		CHECK_INT(icmp->code, 0);
		CHECK_INT(ntohs(icmp->ident), 0xbeef);
		CHECK_INT(ntohs(icmp->seq), 3);
		CHECK_MEM(icmp + 1, "abcde", 5);
		CHECK_INT(fake_ref_checksum(fake_ref_sum(0, icmp,
							 len - ICMP_OFF)), 0);
		free_iob(iob);
	}
	CHECK_INT(icmp_echo_send(FAKE_IP(192, 0, 2, 1), 1, 1, "", 0),
		  -ENETUNREACH);
	fake_netdev_destroy(netdev);
}

/* Play the peer: answer every echo request the stack sends. */
static void echo_responder(struct net_device *netdev, const uint8_t *frame,
			   size_t len, void *ctx)
{
	const struct iphdr *ip = (const struct iphdr *)(frame + ETH_HLEN);
	uint8_t msg[1500], reply[ETH_HLEN + IPV4_HLEN + 1500];
	struct icmp_echo *icmp = (struct icmp_echo *)msg;
	size_t msg_len = len - ICMP_OFF;
	size_t reply_len;

	if (len < ICMP_OFF + sizeof(*icmp) || ip->protocol != IP_PROTO_ICMP ||
	    msg_len > sizeof(msg))
		return;
	memcpy(msg, frame + ICMP_OFF, msg_len);
	if (icmp->type != ICMP_ECHO_REQUEST)
		return;
	icmp->type = ICMP_ECHO_REPLY;
	icmp->chksum = 0;
	put_be16(&icmp->chksum, fake_ref_checksum(fake_ref_sum(0, msg,
								msg_len)));
	reply_len = fake_ipv4_frame(reply, sizeof(reply), ip->dest, ip->src,
				    IP_PROTO_ICMP, msg, msg_len);
	fake_netdev_rx_later(netdev, reply, reply_len);
}

UNIT_TEST(icmp_ping_command_prints_replies)
{
	struct net_device *netdev = setup();
	const char *out;

	if (!netdev)
		return;
	fake_netdev_set_tx_hook(netdev, echo_responder, NULL);
	test_console_start(TEST_INPUT(""), false);
	CHECK_INT(system("ping --count 2 10.0.0.1"), 0);
	out = test_console_output();
	CHECK(strstr(out, "64 bytes from 10.0.0.1: seq=1 time=") != NULL);
	CHECK(strstr(out, "64 bytes from 10.0.0.1: seq=2 time=") != NULL);
	CHECK(strstr(out, "2 packets transmitted, 2 received, 0% packet loss")
	      != NULL);
	CHECK_INT(system("ping --size 1000 -c 1 10.0.0.1"), 0);
	CHECK(strstr(out, "1008 bytes from 10.0.0.1: seq=1") != NULL);
	test_console_stop();
	fake_netdev_destroy(netdev);
}

UNIT_TEST(icmp_ping_command_times_out)
{
	struct net_device *netdev = setup();
	const char *out;

	if (!netdev)
		return;
	test_console_start(TEST_INPUT(""), false);
	CHECK_INT(system("ping --count 1 --timeout 50 10.0.0.1"), -ETIMEDOUT);
	out = test_console_output();
	CHECK(strstr(out, "1 packets transmitted, 0 received, 100% packet loss")
	      != NULL);
	CHECK(strstr(out, "ping: no reply from 10.0.0.1") != NULL);
	CHECK_INT(system("ping --size 5000 10.0.0.1"), -EINVAL);
	CHECK_INT(system("ping"), -EINVAL);
	CHECK_INT(system("ping -c 1 192.0.2.1"), -ENETUNREACH);
	CHECK(strstr(test_console_output(),
		     "ping: cannot reach 192.0.2.1: Network unreachable")
	      != NULL);
	test_console_stop();
	fake_netdev_destroy(netdev);
}
