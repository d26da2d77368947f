/* SPDX-License-Identifier: MIT */
/*
 * The UDP calls of the PXE API nicboot offers to the programs it boots,
 * on nicboot's UDP layer: UDP_WRITE sends from any local port, UDP_READ
 * takes the oldest waiting datagram that matches its filter and never
 * blocks. A local port is bound (a nicboot UDP socket) the first time a
 * call uses it, so replies to it are kept until the program reads them.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <byteswap.h>
#include <core/iobuf.h>
#include <core/list.h>
#include <core/process.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/udp.h>
#include <arch/pxe_provider.h>

/*
 * Local ports bound at once; pxelinux uses a new one per file, so the
 * one used least recently gives way to a new one.
 */
#define PXE_UDP_PORTS 8
/* Datagrams kept for UDP_READ before newer ones are dropped. */
#define PXE_UDP_QUEUE_MAX 32
/* The source port UDP_WRITE uses when the program gives 0 (PXE 2.1). */
#define PXE_UDP_DEFAULT_PORT 2069
/* The largest datagram payload sent without fragments. */
#define PXE_UDP_PAYLOAD_MAX (ETH_DATA_LEN - IPV4_HLEN - UDP_HLEN)

/* What a waiting datagram's buffer holds in front of its payload. */
struct pxe_udp_meta {
	uint32_t src_ip;
	uint16_t src_port;
	uint16_t dest_port;
} __attribute__((packed));

static struct {
	bool open;
	uint32_t src_ip;		/* UDP_OPEN's address; 0: the route's */
	struct udp_conn conn[PXE_UDP_PORTS];
	bool bound[PXE_UDP_PORTS];
	unsigned long last_use[PXE_UDP_PORTS];
	unsigned long uses;		/* calls that used a port so far */
	struct list_head queue;		/* datagrams, meta pushed in front */
	unsigned int queued;
} pxe_udp = { .queue = LIST_HEAD_INIT(pxe_udp.queue) };

/* Unbind every port and drop every waiting datagram. */
static void pxe_udp_reset(void)
{
	struct io_buffer *iob, *tmp;
	unsigned int i;

	for (i = 0; i < PXE_UDP_PORTS; i++) {
		if (pxe_udp.bound[i])
			udp_close(&pxe_udp.conn[i]);
		pxe_udp.bound[i] = false;
	}
	list_for_each_entry_safe(iob, tmp, &pxe_udp.queue, list) {
		list_del(&iob->list);
		free_iob(iob);
	}
	pxe_udp.queued = 0;
}

/*
 * Keep a datagram to one of the program's ports for UDP_READ; once the
 * program is gone (it returned without UDP_CLOSE), free its ports.
 */
static void pxe_udp_rx(struct udp_conn *conn, struct io_buffer *iob,
		       const struct sockaddr_in *src,
		       struct net_device *netdev, void *ctx)
{
	struct pxe_udp_meta *meta;

	if (!pxe_netdev()) {
		pxe_udp_reset();
		pxe_udp.open = false;
		free_iob(iob);
		return;
	}
	if (pxe_udp.queued >= PXE_UDP_QUEUE_MAX ||
	    iob_headroom(iob) < sizeof(*meta)) {
		netdev->stats.rx_dropped++;
		free_iob(iob);
		return;
	}
	meta = iob_push(iob, sizeof(*meta));
	meta->src_ip = src->addr;
	meta->src_port = src->port;
	meta->dest_port = conn->local_port;
	list_add_tail(&iob->list, &pxe_udp.queue);
	pxe_udp.queued++;
}

/* The slot to bind a new port in: a free one, else the least used lately. */
static unsigned int pxe_udp_free_slot(void)
{
	unsigned int i, oldest = 0;

	for (i = 0; i < PXE_UDP_PORTS; i++) {
		if (!pxe_udp.bound[i])
			return i;
		if (pxe_udp.last_use[i] < pxe_udp.last_use[oldest])
			oldest = i;
	}
	udp_close(&pxe_udp.conn[oldest]);
	pxe_udp.bound[oldest] = false;
	return oldest;
}

/*
 * The socket on PORT (network order), bound now if need be; NULL if
 * nicboot itself uses the port. Datagrams already queued stay readable
 * when their port gives way.
 */
static struct udp_conn *pxe_udp_port(uint16_t port)
{
	unsigned int i;

	for (i = 0; i < PXE_UDP_PORTS; i++) {
		if (pxe_udp.bound[i] && pxe_udp.conn[i].local_port == port)
			break;
	}
	if (i == PXE_UDP_PORTS) {
		i = pxe_udp_free_slot();
		if (udp_open(&pxe_udp.conn[i], port, pxe_udp_rx, NULL) < 0)
			return NULL;
		pxe_udp.bound[i] = true;
	}
	pxe_udp.last_use[i] = ++pxe_udp.uses;
	return &pxe_udp.conn[i];
}

/* UDP_OPEN: start afresh, sending from SRC_IP (0: the device's address). */
static uint16_t pxe_udp_open(void *params)
{
	struct pxenv_udp_open *open = params;

	pxe_udp_reset();
	pxe_udp.open = true;
	pxe_udp.src_ip = open->src_ip;
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(pxe_udp_open_call) = {
	PXENV_UDP_OPEN, "UDP_OPEN", sizeof(struct pxenv_udp_open),
	pxe_udp_open,
};

/* UDP_CLOSE: unbind every port and drop what waits. */
static uint16_t pxe_udp_close(void *params)
{
	pxe_udp_reset();
	pxe_udp.open = false;
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(pxe_udp_close_call) = {
	PXENV_UDP_CLOSE, "UDP_CLOSE", sizeof(struct pxenv_status),
	pxe_udp_close,
};

/*
 * UDP_WRITE: send BUFFER to IP:DST_PORT from SRC_PORT. The next hop is
 * nicboot's route (the DHCP gateway), which the program's GW names too.
 */
static uint16_t pxe_udp_write(void *params)
{
	struct pxenv_udp_write *write = params;
	uint16_t src_port = write->src_port ? write->src_port :
					      htons(PXE_UDP_DEFAULT_PORT);
	struct sockaddr_in dest = { .addr = write->ip,
				    .port = write->dst_port };
	struct udp_conn *conn;
	struct io_buffer *iob;

	if (!pxe_udp.open)
		return pxe_result(params, PXENV_STATUS_UDP_CLOSED);
	if (write->buffer_size > PXE_UDP_PAYLOAD_MAX || !write->dst_port)
		return pxe_result(params, PXENV_STATUS_FAILURE);
	conn = pxe_udp_port(src_port);
	iob = udp_alloc_iob(write->buffer_size);
	if (!conn || !iob) {
		free_iob(iob);
		return pxe_result(params, PXENV_STATUS_OUT_OF_RESOURCES);
	}
	memcpy(iob_put(iob, write->buffer_size), pxe_real_ptr(write->buffer),
	       write->buffer_size);
	if (udp_sendto(conn, iob, &dest, pxe_udp.src_ip, NULL) < 0)
		return pxe_result(params, PXENV_STATUS_FAILURE);
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(pxe_udp_write_call) = {
	PXENV_UDP_WRITE, "UDP_WRITE", sizeof(struct pxenv_udp_write),
	pxe_udp_write,
};

/*
 * Does a datagram in META pass READ's filter? nicboot's stack only takes
 * datagrams to this station, so a DEST_IP filter asks for our address.
 */
static bool pxe_udp_matches(const struct pxenv_udp_read *read,
			    const struct pxe_udp_meta *meta)
{
	struct net_device *netdev = pxe_netdev();

	if (read->d_port && read->d_port != meta->dest_port)
		return false;
	if (read->dest_ip == INADDR_ANY || read->dest_ip == pxe_udp.src_ip)
		return true;
	return netdev && ipv4_has_address(netdev, read->dest_ip);
}

/* The oldest waiting datagram READ's filter lets through, or NULL. */
static struct io_buffer *pxe_udp_find(const struct pxenv_udp_read *read)
{
	struct io_buffer *iob;

	list_for_each_entry(iob, &pxe_udp.queue, list) {
		if (pxe_udp_matches(read, iob->data))
			return iob;
	}
	return NULL;
}

/*
 * UDP_READ: without waiting, copy the oldest matching datagram into the
 * program's buffer (what does not fit is lost); FAILURE if none waits.
 */
static uint16_t pxe_udp_read(void *params)
{
	struct pxenv_udp_read *read = params;
	const struct pxe_udp_meta *meta;
	struct io_buffer *iob;
	size_t len;

	if (!pxe_udp.open)
		return pxe_result(params, PXENV_STATUS_UDP_CLOSED);
	if (read->d_port && !pxe_udp_port(read->d_port))
		return pxe_result(params, PXENV_STATUS_OUT_OF_RESOURCES);
	step();
	iob = pxe_udp_find(read);
	if (!iob)
		return pxe_result(params, PXENV_STATUS_FAILURE);
	list_del(&iob->list);
	pxe_udp.queued--;
	meta = iob->data;
	read->src_ip = meta->src_ip;
	read->s_port = meta->src_port;
	read->d_port = meta->dest_port;
	iob_pull(iob, sizeof(*meta));
	len = MIN(iob_len(iob), (size_t)read->buffer_size);
	memcpy(pxe_real_ptr(read->buffer), iob->data, len);
	read->buffer_size = (uint16_t)len;
	free_iob(iob);
	return pxe_result(params, PXENV_STATUS_SUCCESS);
}

PXE_API_CALL(pxe_udp_read_call) = {
	PXENV_UDP_READ, "UDP_READ", sizeof(struct pxenv_udp_read),
	pxe_udp_read,
};
