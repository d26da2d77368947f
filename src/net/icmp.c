/* SPDX-License-Identifier: MIT */
/* ICMP: answers echo requests and passes echo replies to their listener. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <net/icmp.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>

static LIST_HEAD(echo_listeners);

void icmp_echo_listen(struct icmp_echo_listener *listener)
{
	list_add_tail(&listener->list, &echo_listeners);
}

void icmp_echo_unlisten(struct icmp_echo_listener *listener)
{
	list_del(&listener->list);
}

/* Set the checksum of the ICMP message in IOB. */
static void icmp_set_checksum(struct io_buffer *iob)
{
	struct icmp_echo *icmp = iob->data;

	icmp->chksum = 0;
	icmp->chksum = inet_checksum(icmp, iob_len(iob));
}

int icmp_echo_send(uint32_t dest, uint16_t ident, uint16_t seq,
		   const void *payload, size_t len)
{
	struct io_buffer *iob;
	struct icmp_echo *icmp;

	iob = alloc_iob(IOB_MAX_HEADROOM + sizeof(*icmp) + len);
	if (!iob)
		return -ENOMEM;
	iob_reserve(iob, IOB_MAX_HEADROOM);
	icmp = iob_put(iob, sizeof(*icmp));
	icmp->type = ICMP_ECHO_REQUEST;
	icmp->code = 0;
	icmp->ident = htons(ident);
	icmp->seq = htons(seq);
	memcpy(iob_put(iob, len), payload, len);
	icmp_set_checksum(iob);
	return ipv4_tx(iob, IP_PROTO_ICMP, INADDR_ANY, dest, NULL);
}

/* Answer a request sent to one of our addresses, reusing its buffer. */
static void icmp_echo_reply(struct io_buffer *iob,
			    const struct ipv4_rx_info *info)
{
	struct icmp_echo *icmp = iob->data;

	if (!ipv4_has_address(info->netdev, info->dest)) {
		free_iob(iob);
		return;
	}
	icmp->type = ICMP_ECHO_REPLY;
	icmp->code = 0;
	icmp_set_checksum(iob);
	ipv4_tx(iob, IP_PROTO_ICMP, info->dest, info->src, info->netdev);
}

/* Pass a reply to the listener waiting for its identifier. */
static void icmp_echo_deliver(struct io_buffer *iob,
			      const struct ipv4_rx_info *info)
{
	const struct icmp_echo *icmp = iob->data;
	struct icmp_echo_listener *listener;

	list_for_each_entry(listener, &echo_listeners, list) {
		if (listener->ident == ntohs(icmp->ident)) {
			listener->reply(listener, info->src, ntohs(icmp->seq),
					icmp + 1, iob_len(iob) - sizeof(*icmp));
			break;
		}
	}
	free_iob(iob);
}

static void icmp_rx(struct io_buffer *iob, const struct ipv4_rx_info *info)
{
	const struct icmp_echo *icmp = iob->data;

	if (iob_len(iob) < sizeof(*icmp) ||
	    inet_checksum(iob->data, iob_len(iob)) != 0) {
		info->netdev->stats.rx_dropped++;
		free_iob(iob);
		return;
	}
	if (icmp->type == ICMP_ECHO_REQUEST)
		icmp_echo_reply(iob, info);
	else if (icmp->type == ICMP_ECHO_REPLY)
		icmp_echo_deliver(iob, info);
	else
		free_iob(iob);
}

static IPV4_PROTOCOL(icmp_protocol) = {
	.name = "ICMP",
	.protocol = IP_PROTO_ICMP,
	.rx = icmp_rx,
};
