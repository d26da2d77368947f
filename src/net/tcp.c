/* SPDX-License-Identifier: MIT */
/* TCP client connections (RFC 9293) with window scaling, SACK and RTO. */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <byteswap.h>
#include <core/compiler.h>
#include <core/iobuf.h>
#include <core/list.h>
#include <core/process.h>
#include <core/time.h>
#include <core/timer.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>
#include <net/tcp.h>

/* Local ports we pick from (RFC 6335 dynamic range). */

/*
 * Receive window after scaling: big enough that a fast link, not the
 * round trip, limits a download. Payload in order is handed on at once,
 * so the window stays open; only out-of-order data is held.
 */
#define TCP_RCV_WINDOW (4U * 1024 * 1024)
#define TCP_RCV_WSCALE 7
#define TCP_MAX_UNSCALED_WINDOW 0xffffU
/* Largest shift RFC 7323 allows. */
#define TCP_MAX_WSCALE 14
_Static_assert((TCP_RCV_WINDOW >> TCP_RCV_WSCALE) <= TCP_MAX_UNSCALED_WINDOW,
	       "receive window does not fit the scale");
_Static_assert((TCP_RCV_WINDOW & ((1U << TCP_RCV_WSCALE) - 1)) == 0,
	       "receive window is not a multiple of the scale unit");
/* Memory (whole buffers) out-of-order data may pin per connection. */
#define TCP_OOO_MEM_MAX TCP_RCV_WINDOW

/* Bytes of unacknowledged data a connection may queue for sending. */
#define TCP_SNDBUF_SIZE 16384
/* Congestion window ceiling: more than the send buffer can ever fill. */
#define TCP_CWND_MAX (4U * TCP_SNDBUF_SIZE)
/* Initial congestion window in segments (RFC 6928). */
#define TCP_INITIAL_CWND_SEGS 10
/* Duplicate ACKs that trigger a fast retransmit (RFC 5681). */
#define TCP_DUPACK_THRESHOLD 3

/* MSS assumed when the peer names none (RFC 9293). */
#define TCP_DEFAULT_MSS 536
/* Smallest MSS we honour: tinier segments would only burn CPU. */
#define TCP_MIN_MSS 64
#define TCP_MAX_MSS 0xffffU
/* IPv4 and TCP headers without options: our MSS is the MTU minus this. */
#define TCP_IPV4_OVERHEAD (IPV4_HLEN + TCP_HLEN)

/*
 * In-order data is acknowledged once a step passes in which none arrived
 * (the sender may be waiting for us), once this share of the window is
 * unacknowledged, or when the delayed-ACK timer fires, whichever is
 * first. During a bulk transfer that is an ACK per TCP_DELACK_MS rather
 * than per second segment (RFC 5681's SHOULD): the window is large, and
 * each ACK is a doorbell write that an emulated card turns into a trap.
 */
#define TCP_ACK_WINDOW_SHARE 4
/* Longest an ACK of in-order data waits. */
#define TCP_DELACK_MS 2

/*
 * Retransmission (RFC 6298). The first SYN timeout is shorter than the
 * RFC's one second: firmware talks to servers on its own network, where a
 * lost SYN should not cost a full second.
 */
#define TCP_SYN_RTO_MS 500
#define TCP_RTO_MIN_MS 200
#define TCP_RTO_MAX_MS 10000
/* Retransmissions of one segment before the connection is given up. */
#define TCP_MAX_RETRIES 10
/* Time to get an answer to our SYN. */
#define TCP_CONNECT_TIMEOUT_MS 20000
/* TIME-WAIT, far shorter than 2 MSL: a client's port is random anyway. */
#define TCP_TIME_WAIT_MS 1000
/* RFC 6298 gains as shifts: alpha = 1/8, beta = 1/4; and K = 4. */
#define TCP_SRTT_SHIFT 3
#define TCP_RTTVAR_SHIFT 2
#define TCP_RTO_K 4

/* SACK blocks that fit in the option space when no timestamps are used. */
#define TCP_SACK_MAX_BLOCKS 4

/* Multicast addresses: 224.0.0.0/4. */
#define IPV4_MULTICAST_MASK 0xf0000000U
#define IPV4_MULTICAST_NET 0xe0000000U

/* Received data [left, right), in host order. */
struct tcp_sack_block {
	uint32_t left;
	uint32_t right;
};

enum tcp_state {
	TCP_CLOSED,
	TCP_SYN_SENT,
	TCP_ESTABLISHED,
	TCP_FIN_WAIT_1,
	TCP_FIN_WAIT_2,
	TCP_CLOSING,
	TCP_TIME_WAIT,
	TCP_CLOSE_WAIT,
	TCP_LAST_ACK,
};

struct tcp_conn {
	struct list_head list;		/* in tcp_conns until tcp_free() */
	enum tcp_state state;
	const struct tcp_callbacks *cb;
	void *ctx;
	struct sockaddr_in peer;
	uint32_t local_addr;		/* network order */
	uint16_t local_port;		/* network order */
	unsigned int busy;		/* handlers running for it right now */
	bool freed;			/* tcp_free() called; free when idle */
	bool reported;			/* closed() called: no more callbacks */
	int pending_rc;			/* failure to report from the timer */

	/* Send sequence space (RFC 9293 names; windows in bytes). */
	uint32_t iss;
	uint32_t snd_una;
	uint32_t snd_nxt;
	uint32_t snd_wnd;
	uint32_t max_snd_wnd;
	uint32_t snd_wl1;
	uint32_t snd_wl2;
	uint8_t snd_wscale;
	size_t snd_mss;
	size_t adv_mss;			/* the MSS our SYN announced */
	uint32_t cwnd;
	uint32_t ssthresh;
	unsigned int dupacks;
	bool in_recovery;
	uint32_t recover;		/* snd_nxt when recovery began */
	uint8_t sndbuf[TCP_SNDBUF_SIZE];
	size_t snd_len;			/* bytes in sndbuf */
	uint32_t snd_buf_seq;		/* sequence number of sndbuf[0] */
	bool fin_queued;
	bool fin_sent;

	/* Retransmission; the timer also ends TIME-WAIT and reports errors. */
	struct timer rtx_timer;
	bool rtt_valid;
	uint32_t srtt_us;
	uint32_t rttvar_us;
	uint32_t rto_ms;
	bool rtt_timing;		/* timing the segment up to rtt_seq */
	uint32_t rtt_seq;
	uint64_t rtt_start_us;
	unsigned int retries;
	uint64_t connect_deadline_ms;

	/* Receive sequence space. */
	uint32_t rcv_nxt;
	uint32_t rcv_wnd;		/* what we advertise, in bytes */
	uint8_t rcv_wscale;
	bool sack_ok;
	struct list_head ooo;		/* out-of-order buffers, by sequence */
	size_t ooo_mem;			/* their whole size */
	/* Latest arrivals beyond a hole, newest first, for SACK (RFC 2018). */
	struct tcp_sack_block sack_recent[TCP_SACK_MAX_BLOCKS];
	unsigned int n_sack_recent;
	/* A duplicate segment to report (D-SACK, RFC 2883). */
	struct tcp_sack_block dsack;
	bool dsack_pending;
	bool ooo_fin;			/* a FIN seen beyond a hole, at: */
	uint32_t ooo_fin_seq;

	/* Acknowledgement policy. */
	struct timer delack_timer;
	uint32_t acked_nxt;		/* rcv_nxt in the last ACK sent */
	bool data_in_step;		/* in-order data arrived this step */
	bool ack_now;			/* ACK at the end of this step */
};

/* Options a SYN-ACK may carry that we use. */
struct tcp_syn_opts {
	bool has_mss;
	bool has_wscale;
	bool sack_perm;
	uint16_t mss;
	uint8_t wscale;
};

/* A received segment, its header already pulled off the buffer. */
struct tcp_segment {
	struct net_device *netdev;
	uint32_t src;			/* addresses and ports, network order */
	uint32_t dest;
	uint16_t sport;
	uint16_t dport;
	uint32_t seq;			/* host order from here on */
	uint32_t ack;
	uint16_t window;		/* the raw header field */
	uint8_t flags;
	struct tcp_syn_opts opts;
};

/* Everything the header of a segment we send says. */
struct tcp_tx_hdr {
	uint32_t src;			/* addresses and ports, network order */
	uint32_t dest;
	uint16_t sport;
	uint16_t dport;
	uint32_t seq;
	uint32_t ack;
	uint8_t flags;
	uint16_t window;
};

/* The options of our SYN: MSS, window scale, SACK permitted. */
struct tcp_syn_options {
	uint8_t mss_kind;
	uint8_t mss_len;
	uint16_t mss;			/* big endian */
	uint8_t nop1;
	uint8_t wscale_kind;
	uint8_t wscale_len;
	uint8_t wscale;
	uint8_t nop2;
	uint8_t nop3;
	uint8_t sack_perm_kind;
	uint8_t sack_perm_len;
} __packed;

/* The start of a SACK option, padded to a 32-bit boundary. */
struct tcp_sack_option {
	uint8_t nop1;
	uint8_t nop2;
	uint8_t kind;
	uint8_t len;
} __packed;

/* One SACK block on the wire: received data [left, right). */
struct tcp_sack_wire_block {
	uint32_t left;			/* big endian */
	uint32_t right;
} __packed;


static LIST_HEAD(tcp_conns);

static void tcp_flush_acks(struct process *process);

/* Sends the ACKs a step asked for, once, after all its packets. */
static struct process tcp_ack_process = {
	.list = LIST_HEAD_INIT(tcp_ack_process.list),
	.name = "tcp-ack",
	.step = tcp_flush_acks,
};

/* Sequence number comparisons modulo 2^32. */
static inline bool seq_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static inline bool seq_le(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) <= 0;
}

static inline bool seq_gt(uint32_t a, uint32_t b)
{
	return seq_lt(b, a);
}

static inline bool seq_ge(uint32_t a, uint32_t b)
{
	return seq_le(b, a);
}

/*
 * Memory a buffer pins, whatever its payload: the whole data area the
 * driver allocated and the descriptor, in units of the allocation's
 * alignment.
 */
static size_t iob_truesize(const struct io_buffer *iob)
{
	size_t len = (size_t)((const char *)iob->end -
			      (const char *)iob->head) + sizeof(*iob);

	return ALIGN_UP(len, (size_t)IOB_ALIGN);
}

/* Drop a received buffer and count it against its device. */
static void tcp_drop(struct net_device *netdev, struct io_buffer *iob)
{
	if (netdev)
		netdev->stats.rx_dropped++;
	free_iob(iob);
}

/* --- lifetime and callbacks -------------------------------------------- */

static void tcp_get(struct tcp_conn *conn)
{
	conn->busy++;
}

/* End a handler; free the connection if tcp_free() came meanwhile. */
static void tcp_put(struct tcp_conn *conn)
{
	if (--conn->busy == 0 && conn->freed)
		free(conn);
}

/* True once the owner must hear nothing more from CONN. */
static bool tcp_silent(const struct tcp_conn *conn)
{
	return conn->freed || conn->reported;
}

/* Tell the owner the handshake is done; false if it freed CONN. */
static bool tcp_notify_connected(struct tcp_conn *conn)
{
	if (!tcp_silent(conn) && conn->cb->connected)
		conn->cb->connected(conn->ctx);
	return !conn->freed;
}

/* Hand LEN bytes of in-order payload over; false if the owner freed CONN. */
static bool tcp_deliver(struct tcp_conn *conn, struct io_buffer *iob,
			size_t len)
{
	if (!len || tcp_silent(conn) || !conn->cb->deliver) {
		free_iob(iob);
		return !conn->freed;
	}
	conn->cb->deliver(conn->ctx, iob);
	return !conn->freed;
}

static void tcp_notify_writable(struct tcp_conn *conn)
{
	if (!tcp_silent(conn) && !conn->fin_queued && conn->cb->writable)
		conn->cb->writable(conn->ctx);
}

/* Tell the owner the connection ended with RC, once. */
static void tcp_report_closed(struct tcp_conn *conn, int rc)
{
	if (tcp_silent(conn))
		return;
	conn->reported = true;
	if (conn->cb->closed)
		conn->cb->closed(conn->ctx, rc);
}

/* --- out-of-order queue ------------------------------------------------- */

/*
 * A queued buffer keeps the sequence number of its first byte just below
 * its data, in headroom the pulled TCP header left free.
 */
static uint32_t tcp_ooo_seq(const struct io_buffer *iob)
{
	uint32_t seq;

	memcpy(&seq, (const char *)iob->data - sizeof(seq), sizeof(seq));
	return seq;
}

static void tcp_ooo_set_seq(struct io_buffer *iob, uint32_t seq)
{
	memcpy((char *)iob->data - sizeof(seq), &seq, sizeof(seq));
}

static struct io_buffer *tcp_ooo_entry(struct list_head *pos)
{
	return list_entry(pos, struct io_buffer, list);
}

static void tcp_ooo_unlink(struct tcp_conn *conn, struct io_buffer *iob)
{
	list_del(&iob->list);
	conn->ooo_mem -= iob_truesize(iob);
	if (list_empty(&conn->ooo))
		conn->n_sack_recent = 0;
}

/* Remember [LEFT, RIGHT) as the latest arrival, merged with one it touches. */
static void tcp_sack_note(struct tcp_conn *conn, uint32_t left,
			  uint32_t right)
{
	struct tcp_sack_block *latest = &conn->sack_recent[0];

	if (conn->n_sack_recent && seq_le(left, latest->right) &&
	    seq_ge(right, latest->left)) {
		if (seq_lt(left, latest->left))
			latest->left = left;
		if (seq_gt(right, latest->right))
			latest->right = right;
		return;
	}
	memmove(&conn->sack_recent[1], &conn->sack_recent[0],
		(TCP_SACK_MAX_BLOCKS - 1) * sizeof(conn->sack_recent[0]));
	latest->left = left;
	latest->right = right;
	if (conn->n_sack_recent < TCP_SACK_MAX_BLOCKS)
		conn->n_sack_recent++;
}

static void tcp_ooo_purge(struct tcp_conn *conn)
{
	struct io_buffer *iob, *tmp;

	list_for_each_entry_safe(iob, tmp, &conn->ooo, list) {
		tcp_ooo_unlink(conn, iob);
		free_iob(iob);
	}
	conn->ooo_fin = false;
}

/*
 * Queue IOB, holding [SEQ, SEQ + its length), in order and without
 * overlap: what is already queued is trimmed off the new buffer, and
 * queued buffers it covers are released. Returns 0, or, keeping IOB,
 * -EEXIST if it brings nothing new or -ENOBUFS if it would pin too much
 * memory.
 */
static int tcp_ooo_insert(struct tcp_conn *conn, struct io_buffer *iob,
			  uint32_t seq)
{
	uint32_t end = seq + (uint32_t)iob_len(iob);
	struct list_head *prev = conn->ooo.prev;
	struct io_buffer *q;
	uint32_t qseq, qend;

	if (conn->ooo_mem + iob_truesize(iob) > TCP_OOO_MEM_MAX)
		return -ENOBUFS;
	/* Most data lands after everything queued: search from the end. */
	while (prev != &conn->ooo &&
	       seq_ge(tcp_ooo_seq(tcp_ooo_entry(prev)), seq))
		prev = prev->prev;
	if (prev != &conn->ooo) {
		q = tcp_ooo_entry(prev);
		qend = tcp_ooo_seq(q) + (uint32_t)iob_len(q);
		if (seq_ge(qend, end))
			return -EEXIST;
		if (seq_gt(qend, seq)) {
			iob_pull(iob, qend - seq);
			seq = qend;
		}
	}
	while (prev->next != &conn->ooo) {
		q = tcp_ooo_entry(prev->next);
		qseq = tcp_ooo_seq(q);
		qend = qseq + (uint32_t)iob_len(q);
		if (seq_ge(qseq, end))
			break;
		if (seq_gt(qend, end)) {
			iob_unput(iob, end - qseq);
			end = qseq;
			break;
		}
		tcp_ooo_unlink(conn, q);
		free_iob(q);
	}
	if (seq == end)
		return -EEXIST;
	tcp_ooo_set_seq(iob, seq);
	list_add(&iob->list, prev);
	conn->ooo_mem += iob_truesize(iob);
	tcp_sack_note(conn, seq, end);
	return 0;
}

/* Deliver queued data that rcv_nxt has reached; false if CONN was freed. */
static bool tcp_ooo_drain(struct tcp_conn *conn)
{
	struct io_buffer *iob;
	uint32_t seq, old;

	while (!list_empty(&conn->ooo)) {
		iob = tcp_ooo_entry(conn->ooo.next);
		seq = tcp_ooo_seq(iob);
		if (seq_gt(seq, conn->rcv_nxt))
			break;
		tcp_ooo_unlink(conn, iob);
		old = conn->rcv_nxt - seq;
		if (old >= iob_len(iob)) {
			free_iob(iob);
			continue;
		}
		iob_pull(iob, old);
		conn->rcv_nxt += (uint32_t)iob_len(iob);
		if (!tcp_deliver(conn, iob, iob_len(iob)))
			return false;
	}
	return true;
}

/* Runs of queued data sorted for a SACK option. */
struct tcp_sack_plan {
	struct tcp_sack_block recent[TCP_SACK_MAX_BLOCKS]; /* by recency */
	bool have[TCP_SACK_MAX_BLOCKS];
	struct tcp_sack_block low[TCP_SACK_MAX_BLOCKS];	 /* lowest others */
	unsigned int n_low;
};

/* File the run [LEFT, RIGHT) under the latest arrival it holds, if any. */
static void tcp_sack_file(const struct tcp_conn *conn,
			  struct tcp_sack_plan *plan, uint32_t left,
			  uint32_t right)
{
	uint32_t last;
	unsigned int i;

	for (i = 0; i < conn->n_sack_recent; i++) {
		last = conn->sack_recent[i].right - 1;
		if (seq_lt(last, left) || seq_ge(last, right))
			continue;
		if (!plan->have[i]) {
			plan->recent[i].left = left;
			plan->recent[i].right = right;
			plan->have[i] = true;
		}
		return;
	}
	if (plan->n_low < TCP_SACK_MAX_BLOCKS) {
		plan->low[plan->n_low].left = left;
		plan->low[plan->n_low].right = right;
		plan->n_low++;
	}
}

/*
 * Fill up to MAX BLOCKS with runs of queued data (RFC 2018 4): those
 * holding the latest arrivals, newest first, then the lowest others.
 * Returns how many.
 */
static unsigned int tcp_sack_blocks(const struct tcp_conn *conn,
				    struct tcp_sack_block *blocks,
				    unsigned int max)
{
	struct tcp_sack_plan plan;
	bool in_run = false;
	uint32_t left = 0, right = 0, seq;
	struct io_buffer *iob;
	unsigned int i, count = 0;

	memset(&plan, 0, sizeof(plan));
	list_for_each_entry(iob, &conn->ooo, list) {
		seq = tcp_ooo_seq(iob);
		if (in_run && seq == right) {
			right += (uint32_t)iob_len(iob);
			continue;
		}
		if (in_run)
			tcp_sack_file(conn, &plan, left, right);
		in_run = true;
		left = seq;
		right = seq + (uint32_t)iob_len(iob);
	}
	if (in_run)
		tcp_sack_file(conn, &plan, left, right);
	for (i = 0; i < conn->n_sack_recent && count < max; i++) {
		if (plan.have[i])
			blocks[count++] = plan.recent[i];
	}
	for (i = 0; i < plan.n_low && count < max; i++)
		blocks[count++] = plan.low[i];
	return count;
}

/* --- transmission ------------------------------------------------------- */

/* A buffer with headroom for every header and LEN bytes of payload. */
static struct io_buffer *tcp_alloc_iob(size_t len)
{
	struct io_buffer *iob = alloc_iob(IOB_MAX_HEADROOM + len);

	if (iob)
		iob_reserve(iob, IOB_MAX_HEADROOM);
	return iob;
}

/* Push the header described by TX (options already pushed) and send. */
static void tcp_transmit(struct io_buffer *iob, size_t opt_len,
			 const struct tcp_tx_hdr *tx)
{
	struct tcphdr *hdr = iob_push(iob, sizeof(*hdr));
	size_t len = iob_len(iob);
	uint32_t sum;

	hdr->src = tx->sport;
	hdr->dest = tx->dport;
	hdr->seq = htonl(tx->seq);
	hdr->ack = htonl(tx->ack);
	hdr->doff = (uint8_t)(((TCP_HLEN + opt_len) / TCP_DOFF_UNIT)
			      << TCP_DOFF_SHIFT);
	hdr->flags = tx->flags;
	hdr->window = htons(tx->window);
	hdr->csum = 0;
	hdr->urgent = 0;
	sum = ipv4_pshdr_sum(tx->src, tx->dest, IP_PROTO_TCP, len);
	hdr->csum = (uint16_t)~inet_csum_fold(inet_csum_add(sum, hdr, len));
	ipv4_tx(iob, IP_PROTO_TCP, tx->src, tx->dest, NULL);
}

/* Push our SYN's options onto IOB; returns their length. */
static size_t tcp_push_syn_options(const struct tcp_conn *conn,
				   struct io_buffer *iob)
{
	struct tcp_syn_options *opt = iob_push(iob, sizeof(*opt));

	opt->mss_kind = TCP_OPT_MSS;
	opt->mss_len = TCP_OPT_MSS_LEN;
	opt->mss = htons((uint16_t)conn->adv_mss);
	opt->nop1 = TCP_OPT_NOP;
	opt->wscale_kind = TCP_OPT_WSCALE;
	opt->wscale_len = TCP_OPT_WSCALE_LEN;
	opt->wscale = TCP_RCV_WSCALE;
	opt->nop2 = TCP_OPT_NOP;
	opt->nop3 = TCP_OPT_NOP;
	opt->sack_perm_kind = TCP_OPT_SACK_PERM;
	opt->sack_perm_len = TCP_OPT_SACK_PERM_LEN;
	return sizeof(*opt);
}

/*
 * Push a SACK option: a duplicate to report first, then the data we hold
 * beyond a hole. Returns its length.
 */
static size_t tcp_push_sack_option(const struct tcp_conn *conn,
				   struct io_buffer *iob)
{
	struct tcp_sack_block blocks[TCP_SACK_MAX_BLOCKS];
	struct tcp_sack_wire_block *wire;
	struct tcp_sack_option *opt;
	unsigned int count = 0, i;

	if (!conn->sack_ok)
		return 0;
	if (conn->dsack_pending)
		blocks[count++] = conn->dsack;
	count += tcp_sack_blocks(conn, blocks + count,
				 TCP_SACK_MAX_BLOCKS - count);
	if (!count)
		return 0;
	wire = iob_push(iob, count * sizeof(*wire));
	for (i = 0; i < count; i++) {
		wire[i].left = htonl(blocks[i].left);
		wire[i].right = htonl(blocks[i].right);
	}
	opt = iob_push(iob, sizeof(*opt));
	opt->nop1 = TCP_OPT_NOP;
	opt->nop2 = TCP_OPT_NOP;
	opt->kind = TCP_OPT_SACK;
	opt->len = (uint8_t)(TCP_OPT_SACK_BASE_LEN + count * sizeof(*wire));
	return sizeof(*opt) + count * sizeof(*wire);
}

/* The window field of a segment with FLAGS. */
static uint16_t tcp_window_field(const struct tcp_conn *conn, uint8_t flags)
{
	if (flags & TCP_SYN)
		return (uint16_t)MIN(conn->rcv_wnd, TCP_MAX_UNSCALED_WINDOW);
	return (uint16_t)(conn->rcv_wnd >> conn->rcv_wscale);
}

/* Whether a SACK option has something to report. */
static bool tcp_sack_pending(const struct tcp_conn *conn)
{
	return conn->sack_ok &&
	       (conn->dsack_pending || !list_empty(&conn->ooo));
}

/*
 * Nothing is owed the peer any more: an ACK for everything received went
 * out, or the connection closed.
 */
static void tcp_ack_settle(struct tcp_conn *conn)
{
	conn->ack_now = false;
	conn->dsack_pending = false;
	conn->acked_nxt = conn->rcv_nxt;
	timer_stop(&conn->delack_timer);
}

/* Send a segment of CONN starting at SEQ with FLAGS and LEN bytes of DATA. */
static void tcp_xmit(struct tcp_conn *conn, uint32_t seq, uint8_t flags,
		     const void *data, size_t len)
{
	struct io_buffer *iob = tcp_alloc_iob(len);
	struct tcp_tx_hdr tx = {
		.src = conn->local_addr,
		.dest = conn->peer.addr,
		.sport = conn->local_port,
		.dport = conn->peer.port,
		.seq = seq,
		.flags = flags,
		.window = tcp_window_field(conn, flags),
	};
	size_t opt_len;

	if (!iob)
		return;
	if (len)
		memcpy(iob_put(iob, len), data, len);
	/* Options would push a full-sized segment beyond the MTU. */
	if (flags & TCP_SYN)
		opt_len = tcp_push_syn_options(conn, iob);
	else if ((flags & TCP_ACK) && !len)
		opt_len = tcp_push_sack_option(conn, iob);
	else
		opt_len = 0;
	if (flags & TCP_ACK) {
		tx.ack = conn->rcv_nxt;
		if (opt_len || !tcp_sack_pending(conn))
			tcp_ack_settle(conn);
	}
	tcp_transmit(iob, opt_len, &tx);
}

static void tcp_send_ack(struct tcp_conn *conn)
{
	tcp_xmit(conn, conn->snd_nxt, TCP_ACK, NULL, 0);
}

/* Whether data has come in since the last ACK. */
static bool tcp_data_unacked(const struct tcp_conn *conn)
{
	return conn->rcv_nxt != conn->acked_nxt;
}

/*
 * At the end of each step while an ACK is owed: send those due now, and
 * those whose data stopped coming. Stays in the loop until none is owed.
 */
static void tcp_flush_acks(struct process *process)
{
	struct tcp_conn *conn;
	bool owed = false;

	list_for_each_entry(conn, &tcp_conns, list) {
		if (conn->ack_now ||
		    (tcp_data_unacked(conn) && !conn->data_in_step))
			tcp_send_ack(conn);
		conn->data_in_step = false;
		owed |= conn->ack_now || tcp_data_unacked(conn);
	}
	if (!owed)
		process_del(process);
}

/* Acknowledge at the end of this event-loop step. */
static void tcp_ack_now(struct tcp_conn *conn)
{
	conn->ack_now = true;
	process_add(&tcp_ack_process);
}

/* Report [LEFT, RIGHT), received twice, in an ACK at once (RFC 2883). */
static void tcp_dsack_note(struct tcp_conn *conn, uint32_t left,
			   uint32_t right)
{
	conn->dsack.left = left;
	conn->dsack.right = right;
	conn->dsack_pending = true;
	tcp_ack_now(conn);
}

/* An in-order data segment arrived (rcv_nxt is past it): an ACK is owed. */
static void tcp_ack_data(struct tcp_conn *conn)
{
	conn->data_in_step = true;
	if (conn->rcv_nxt - conn->acked_nxt >=
	    conn->rcv_wnd / TCP_ACK_WINDOW_SHARE) {
		tcp_ack_now(conn);
		return;
	}
	process_add(&tcp_ack_process);
	if (!timer_running(&conn->delack_timer))
		timer_start(&conn->delack_timer, TCP_DELACK_MS);
}

static void tcp_delack_expired(struct timer *timer)
{
	struct tcp_conn *conn = container_of(timer, struct tcp_conn,
					     delack_timer);

	tcp_send_ack(conn);
}

/* Answer SEG, which reached no connection, with a reset (RFC 9293 3.10.7.1). */
static void tcp_reply_reset(const struct tcp_segment *seg, size_t len)
{
	struct tcp_tx_hdr tx = {
		.src = seg->dest,
		.dest = seg->src,
		.sport = seg->dport,
		.dport = seg->sport,
	};
	uint32_t seg_len = (uint32_t)len + !!(seg->flags & TCP_SYN) +
			   !!(seg->flags & TCP_FIN);
	struct io_buffer *iob;

	if (seg->flags & TCP_RST)
		return;
	if (seg->dest == INADDR_BROADCAST ||
	    (ntohl(seg->dest) & IPV4_MULTICAST_MASK) == IPV4_MULTICAST_NET)
		return;
	if (seg->flags & TCP_ACK) {
		tx.seq = seg->ack;
		tx.flags = TCP_RST;
	} else {
		tx.ack = seg->seq + seg_len;
		tx.flags = TCP_RST | TCP_ACK;
	}
	iob = tcp_alloc_iob(0);
	if (iob)
		tcp_transmit(iob, 0, &tx);
}

/* --- send path ---------------------------------------------------------- */

/* States in which new data and our FIN may go out. */
static bool tcp_can_send(const struct tcp_conn *conn)
{
	return conn->state == TCP_ESTABLISHED ||
	       conn->state == TCP_CLOSE_WAIT;
}

/* Queued bytes not yet sent. */
static size_t tcp_unsent(const struct tcp_conn *conn)
{
	if (conn->fin_sent)
		return 0;
	return conn->snd_len - (conn->snd_nxt - conn->snd_buf_seq);
}

/* Our FIN has gone out: move to the state that waits for its ACK. */
static void tcp_fin_sent(struct tcp_conn *conn)
{
	conn->fin_sent = true;
	if (conn->state == TCP_ESTABLISHED)
		conn->state = TCP_FIN_WAIT_1;
	else if (conn->state == TCP_CLOSE_WAIT)
		conn->state = TCP_LAST_ACK;
}

/* Send LEN queued bytes from SEQ, with our FIN after them if FIN. */
static void tcp_send_data(struct tcp_conn *conn, uint32_t seq, size_t len,
			  bool fin)
{
	uint8_t flags = TCP_ACK;

	if (len)
		flags |= TCP_PSH;
	if (fin)
		flags |= TCP_FIN;
	tcp_xmit(conn, seq, flags, conn->sndbuf + (seq - conn->snd_buf_seq),
		 len);
}

/* Send new data (and the FIN) as far as the windows allow. */
static void tcp_output(struct tcp_conn *conn)
{
	uint32_t flight, wnd, room;
	size_t unsent, len;
	bool fin;

	while (tcp_can_send(conn) && !conn->fin_sent) {
		unsent = tcp_unsent(conn);
		flight = conn->snd_nxt - conn->snd_una;
		wnd = MIN(conn->snd_wnd, conn->cwnd);
		room = wnd > flight ? wnd - flight : 0;
		len = MIN(MIN(unsent, (size_t)room), conn->snd_mss);
		fin = conn->fin_queued && len == unsent;
		if (!len && !fin)
			break;
		tcp_send_data(conn, conn->snd_nxt, len, fin);
		if (!conn->rtt_timing) {
			conn->rtt_timing = true;
			conn->rtt_seq = conn->snd_nxt + (uint32_t)len + fin;
			conn->rtt_start_us = time_now_us();
		}
		conn->snd_nxt += (uint32_t)len + fin;
		if (fin)
			tcp_fin_sent(conn);
		if (!timer_running(&conn->rtx_timer))
			timer_start(&conn->rtx_timer, conn->rto_ms);
	}
	/* Data waits on a closed window: the timer will probe it. */
	if (tcp_can_send(conn) && tcp_unsent(conn) &&
	    !timer_running(&conn->rtx_timer))
		timer_start(&conn->rtx_timer, conn->rto_ms);
}

/* Send again the first unacknowledged segment (or probe a zero window). */
static void tcp_retransmit(struct tcp_conn *conn)
{
	uint32_t outstanding = conn->snd_nxt - conn->snd_una;
	size_t len;

	if (conn->state == TCP_SYN_SENT) {
		tcp_xmit(conn, conn->iss, TCP_SYN, NULL, 0);
		return;
	}
	if (!outstanding) {
		if (!tcp_unsent(conn))
			return;
		conn->snd_nxt++;
		tcp_send_data(conn, conn->snd_una, 1, false);
		return;
	}
	len = MIN(MIN(conn->snd_len, (size_t)outstanding), conn->snd_mss);
	tcp_send_data(conn, conn->snd_una, len,
		      conn->fin_sent && len == conn->snd_len);
}

/* Enter CLOSED: stop timers, release queues, tell the owner RC. */
static void tcp_close_conn(struct tcp_conn *conn, int rc)
{
	conn->state = TCP_CLOSED;
	timer_stop(&conn->rtx_timer);
	tcp_ack_settle(conn);
	tcp_ooo_purge(conn);
	tcp_report_closed(conn, rc);
}

static void tcp_enter_time_wait(struct tcp_conn *conn)
{
	conn->state = TCP_TIME_WAIT;
	timer_start(&conn->rtx_timer, TCP_TIME_WAIT_MS);
}

/* No answer to our SYN yet: send it again or give up. */
static void tcp_syn_timeout(struct tcp_conn *conn)
{
	uint64_t now = time_now_ms();

	if (now >= conn->connect_deadline_ms) {
		tcp_close_conn(conn, -ETIMEDOUT);
		return;
	}
	conn->rto_ms = MIN(conn->rto_ms * 2, TCP_RTO_MAX_MS);
	conn->rtt_timing = false;
	tcp_retransmit(conn);
	timer_start(&conn->rtx_timer,
		    (uint32_t)MIN((uint64_t)conn->rto_ms,
				  conn->connect_deadline_ms - now));
}

/* Bytes in flight halved, but at least two segments (RFC 5681). */
static uint32_t tcp_reduced_ssthresh(const struct tcp_conn *conn)
{
	uint32_t half = (conn->snd_nxt - conn->snd_una) / 2;

	return MAX(half, 2 * (uint32_t)conn->snd_mss);
}

/* The retransmission timer expired with data outstanding. */
static void tcp_data_timeout(struct tcp_conn *conn)
{
	if (conn->snd_nxt == conn->snd_una && !tcp_unsent(conn))
		return;
	if (++conn->retries > TCP_MAX_RETRIES) {
		tcp_close_conn(conn, -ETIMEDOUT);
		return;
	}
	conn->ssthresh = tcp_reduced_ssthresh(conn);
	conn->cwnd = (uint32_t)conn->snd_mss;
	conn->rto_ms = MIN(conn->rto_ms * 2, TCP_RTO_MAX_MS);
	conn->rtt_timing = false;
	conn->dupacks = 0;
	conn->in_recovery = true;
	conn->recover = conn->snd_nxt;
	tcp_retransmit(conn);
	timer_start(&conn->rtx_timer, conn->rto_ms);
}

static void tcp_rtx_expired(struct timer *timer)
{
	struct tcp_conn *conn = container_of(timer, struct tcp_conn,
					     rtx_timer);

	tcp_get(conn);
	switch (conn->state) {
	case TCP_CLOSED:
		tcp_report_closed(conn, conn->pending_rc);
		break;
	case TCP_TIME_WAIT:
		tcp_close_conn(conn, 0);	/* the owner knows already */
		break;
	case TCP_SYN_SENT:
		tcp_syn_timeout(conn);
		break;
	default:
		tcp_data_timeout(conn);
		break;
	}
	tcp_put(conn);
}

/* --- acknowledgements of what we sent ----------------------------------- */

/* Fold a round-trip sample of R_US into SRTT, RTTVAR and RTO (RFC 6298). */
static void tcp_rtt_update(struct tcp_conn *conn, uint32_t r_us)
{
	uint32_t delta, rto_us;

	if (!conn->rtt_valid) {
		conn->srtt_us = r_us;
		conn->rttvar_us = r_us / 2;
		conn->rtt_valid = true;
	} else {
		delta = conn->srtt_us > r_us ? conn->srtt_us - r_us :
					       r_us - conn->srtt_us;
		conn->rttvar_us = conn->rttvar_us -
				  (conn->rttvar_us >> TCP_RTTVAR_SHIFT) +
				  (delta >> TCP_RTTVAR_SHIFT);
		conn->srtt_us = conn->srtt_us -
				(conn->srtt_us >> TCP_SRTT_SHIFT) +
				(r_us >> TCP_SRTT_SHIFT);
	}
	rto_us = conn->srtt_us + TCP_RTO_K * conn->rttvar_us;
	conn->rto_ms = DIV_ROUND_UP(rto_us, US_PER_MS);
	conn->rto_ms = MAX(conn->rto_ms, TCP_RTO_MIN_MS);
	conn->rto_ms = MIN(conn->rto_ms, TCP_RTO_MAX_MS);
}

/* ACK covers the timed segment: take a sample (Karn: never a resent one). */
static void tcp_rtt_sample(struct tcp_conn *conn, uint32_t ack)
{
	uint64_t rtt_us;

	if (!conn->rtt_timing || seq_lt(ack, conn->rtt_seq))
		return;
	conn->rtt_timing = false;
	rtt_us = time_now_us() - conn->rtt_start_us;
	tcp_rtt_update(conn, (uint32_t)MIN(rtt_us,
			(uint64_t)TCP_RTO_MAX_MS * US_PER_MS));
}

/* Release acknowledged bytes from the send buffer; returns how many. */
static size_t tcp_release_acked(struct tcp_conn *conn, uint32_t ack)
{
	size_t n;

	if (!seq_gt(ack, conn->snd_buf_seq))
		return 0;
	n = MIN((size_t)(ack - conn->snd_buf_seq), conn->snd_len);
	memmove(conn->sndbuf, conn->sndbuf + n, conn->snd_len - n);
	conn->snd_len -= n;
	conn->snd_buf_seq += (uint32_t)n;
	return n;
}

static void tcp_grow_cwnd(struct tcp_conn *conn, uint32_t acked)
{
	uint32_t mss = (uint32_t)conn->snd_mss;

	if (conn->cwnd >= TCP_CWND_MAX)
		return;
	if (conn->cwnd < conn->ssthresh)
		conn->cwnd += MIN(acked, mss);
	else
		conn->cwnd += MAX(mss * mss / conn->cwnd, 1U);
}

/* Our FIN is acknowledged. */
static void tcp_fin_acked(struct tcp_conn *conn)
{
	switch (conn->state) {
	case TCP_FIN_WAIT_1:
		conn->state = TCP_FIN_WAIT_2;
		break;
	case TCP_CLOSING:
		tcp_enter_time_wait(conn);
		break;
	case TCP_LAST_ACK:
		tcp_close_conn(conn, 0);
		break;
	default:
		break;
	}
}

/* ACK advances snd_una; returns true if it freed send-buffer space. */
static bool tcp_new_ack(struct tcp_conn *conn, uint32_t ack)
{
	uint32_t acked = ack - conn->snd_una;
	size_t released = tcp_release_acked(conn, ack);

	conn->snd_una = ack;
	conn->dupacks = 0;
	conn->retries = 0;
	tcp_rtt_sample(conn, ack);
	if (conn->in_recovery && seq_lt(ack, conn->recover))
		tcp_retransmit(conn);	/* partial ACK: the next hole */
	else if (conn->in_recovery)
		conn->in_recovery = false;
	else
		tcp_grow_cwnd(conn, acked);
	if (conn->snd_una == conn->snd_nxt)
		timer_stop(&conn->rtx_timer);
	else
		timer_start(&conn->rtx_timer, conn->rto_ms);
	if (conn->fin_sent && ack == conn->snd_nxt)
		tcp_fin_acked(conn);
	return released > 0;
}

/* A duplicate ACK by RFC 5681's definition. */
static bool tcp_is_dupack(const struct tcp_conn *conn,
			  const struct tcp_segment *seg, size_t len)
{
	return seg->ack == conn->snd_una && conn->snd_nxt != conn->snd_una &&
	       !len && !(seg->flags & (TCP_SYN | TCP_FIN)) &&
	       ((uint32_t)seg->window << conn->snd_wscale) == conn->snd_wnd;
}

/* Count a duplicate ACK; the third starts a fast retransmit. */
static void tcp_dupack(struct tcp_conn *conn)
{
	if (++conn->dupacks != TCP_DUPACK_THRESHOLD || conn->in_recovery)
		return;
	conn->ssthresh = tcp_reduced_ssthresh(conn);
	conn->cwnd = conn->ssthresh;
	conn->in_recovery = true;
	conn->recover = conn->snd_nxt;
	conn->rtt_timing = false;
	tcp_retransmit(conn);
	timer_start(&conn->rtx_timer, conn->rto_ms);
}

/* Take the peer's window from SEG if SEG is newer than the last (RFC 9293). */
static void tcp_update_window(struct tcp_conn *conn,
			      const struct tcp_segment *seg)
{
	if (seq_lt(seg->ack, conn->snd_una))
		return;
	if (seq_lt(conn->snd_wl1, seg->seq) ||
	    (conn->snd_wl1 == seg->seq && seq_le(conn->snd_wl2, seg->ack))) {
		conn->snd_wnd = (uint32_t)seg->window << conn->snd_wscale;
		conn->max_snd_wnd = MAX(conn->max_snd_wnd, conn->snd_wnd);
		conn->snd_wl1 = seg->seq;
		conn->snd_wl2 = seg->ack;
	}
}

/*
 * The ACK field of SEG (RFC 9293 3.10.7.4, with RFC 5961 5.2). Returns
 * false if the segment must be dropped; sets *SPACE if send-buffer space
 * opened up.
 */
static bool tcp_rx_ack(struct tcp_conn *conn, const struct tcp_segment *seg,
		       size_t len, bool *space)
{
	uint32_t oldest = conn->snd_una - conn->max_snd_wnd;

	*space = false;
	if (seq_gt(seg->ack, conn->snd_nxt) || seq_lt(seg->ack, oldest)) {
		tcp_ack_now(conn);
		return false;
	}
	if (seq_gt(seg->ack, conn->snd_una))
		*space = tcp_new_ack(conn, seg->ack);
	else if (tcp_is_dupack(conn, seg, len))
		tcp_dupack(conn);
	tcp_update_window(conn, seg);
	tcp_output(conn);
	return true;
}

/* --- receive path ------------------------------------------------------- */

/* The peer's FIN is next in sequence: the stream from the peer has ended. */
static void tcp_fin_received(struct tcp_conn *conn)
{
	conn->rcv_nxt++;
	conn->ooo_fin = false;
	tcp_ack_now(conn);
	switch (conn->state) {
	case TCP_ESTABLISHED:
		conn->state = TCP_CLOSE_WAIT;
		break;
	case TCP_FIN_WAIT_1:
		conn->state = TCP_CLOSING;
		break;
	case TCP_FIN_WAIT_2:
		tcp_enter_time_wait(conn);
		break;
	default:
		break;
	}
	tcp_report_closed(conn, 0);
}

/* IOB's LEN bytes start at rcv_nxt: deliver them and whatever they free. */
static void tcp_rx_in_order(struct tcp_conn *conn, struct io_buffer *iob,
			    size_t len, bool fin)
{
	conn->rcv_nxt += (uint32_t)len;
	if (!list_empty(&conn->ooo) || fin)
		tcp_ack_now(conn);	/* a hole filled, or the end */
	else if (len)
		tcp_ack_data(conn);
	if (!tcp_deliver(conn, iob, len))
		return;
	if (fin) {
		tcp_ooo_purge(conn);
		tcp_fin_received(conn);
		return;
	}
	if (!tcp_ooo_drain(conn))
		return;
	if (conn->ooo_fin && conn->ooo_fin_seq == conn->rcv_nxt)
		tcp_fin_received(conn);
}

/* IOB holds data from SEQ, beyond rcv_nxt: keep it for later. */
static void tcp_rx_out_of_order(struct tcp_conn *conn, struct io_buffer *iob,
				const struct tcp_segment *seg, uint32_t seq,
				bool fin)
{
	uint32_t end;
	int rc;

	/*
	 * A duplicate ACK at once (RFC 5681). With SACK one per step says
	 * it all; without, the sender counts them, so each goes out.
	 */
	if (conn->sack_ok)
		tcp_ack_now(conn);
	else
		tcp_send_ack(conn);
	if (fin) {
		conn->ooo_fin = true;
		conn->ooo_fin_seq = seq + (uint32_t)iob_len(iob);
	}
	if (!iob_len(iob)) {
		free_iob(iob);
		return;
	}
	end = seq + (uint32_t)iob_len(iob);
	rc = tcp_ooo_insert(conn, iob, seq);
	if (rc == -EEXIST)
		tcp_dsack_note(conn, seq, end);
	if (rc)
		tcp_drop(seg->netdev, iob);
}

/* States in which the peer may still send data. */
static bool tcp_receiving(const struct tcp_conn *conn)
{
	return conn->state == TCP_ESTABLISHED ||
	       conn->state == TCP_FIN_WAIT_1 ||
	       conn->state == TCP_FIN_WAIT_2;
}

/*
 * SEG fell outside the window: acknowledge what we have, reporting its
 * LEN bytes of payload as a duplicate if we had them already (RFC 2883).
 */
static void tcp_rx_old(struct tcp_conn *conn, const struct tcp_segment *seg,
		       size_t len)
{
	uint32_t end = seg->seq + (uint32_t)len;

	if (len && seq_le(end, conn->rcv_nxt))
		tcp_dsack_note(conn, seg->seq, end);
	else
		tcp_ack_now(conn);
}

/* Payload and FIN of an acceptable segment (RFC 9293 3.10.7.4, 7th/8th). */
static void tcp_rx_text(struct tcp_conn *conn, struct io_buffer *iob,
			const struct tcp_segment *seg)
{
	uint32_t seq = seg->seq, old, room;
	size_t len = iob_len(iob);
	bool fin = seg->flags & TCP_FIN;

	if (!len && !fin) {
		free_iob(iob);
		return;
	}
	if (!tcp_receiving(conn)) {
		tcp_drop(seg->netdev, iob);
		return;
	}
	if (seq_lt(seq, conn->rcv_nxt)) {
		old = conn->rcv_nxt - seq;
		if (old > len || (old == len && !fin)) {
			tcp_rx_old(conn, seg, len);
			tcp_drop(seg->netdev, iob);
			return;
		}
		tcp_dsack_note(conn, seq, conn->rcv_nxt);
		iob_pull(iob, old);
		len -= old;
		seq = conn->rcv_nxt;
	}
	room = conn->rcv_nxt + conn->rcv_wnd - seq;
	if (len > room || (fin && len == room)) {
		iob_unput(iob, len - MIN(len, (size_t)room));
		len = MIN(len, (size_t)room);
		fin = false;
		tcp_ack_now(conn);
	}
	if (seq == conn->rcv_nxt)
		tcp_rx_in_order(conn, iob, len, fin);
	else
		tcp_rx_out_of_order(conn, iob, seg, seq, fin);
}

/* RFC 9293 3.10.7.4 first check: does SEG overlap the receive window? */
static bool tcp_seq_acceptable(const struct tcp_conn *conn, uint32_t seq,
			       uint32_t seg_len)
{
	uint32_t first = seq - conn->rcv_nxt;
	uint32_t last = seq + seg_len - 1 - conn->rcv_nxt;

	if (!seg_len)
		return first < conn->rcv_wnd;
	return first < conn->rcv_wnd || last < conn->rcv_wnd;
}

/* A reset passed the window check: act only on an exact match (RFC 5961). */
static void tcp_rx_reset(struct tcp_conn *conn, const struct tcp_segment *seg)
{
	if (seg->seq != conn->rcv_nxt) {
		tcp_ack_now(conn);	/* challenge ACK */
		return;
	}
	tcp_close_conn(conn, -ECONNRESET);
}

/* A segment for a synchronized connection (RFC 9293 3.10.7.4). */
static void tcp_rx_synchronized(struct tcp_conn *conn, struct io_buffer *iob,
				const struct tcp_segment *seg)
{
	size_t len = iob_len(iob);
	uint32_t seg_len = (uint32_t)len + !!(seg->flags & TCP_SYN) +
			   !!(seg->flags & TCP_FIN);
	bool space;

	if (!tcp_seq_acceptable(conn, seg->seq, seg_len)) {
		if (!(seg->flags & TCP_RST))
			tcp_rx_old(conn, seg, len);
		tcp_drop(seg->netdev, iob);
		return;
	}
	if (seg->flags & TCP_RST) {
		tcp_rx_reset(conn, seg);
		free_iob(iob);
		return;
	}
	if (seg->flags & TCP_SYN) {
		tcp_ack_now(conn);	/* challenge ACK (RFC 5961 4.2) */
		tcp_drop(seg->netdev, iob);
		return;
	}
	if (!(seg->flags & TCP_ACK) || !tcp_rx_ack(conn, seg, len, &space)) {
		tcp_drop(seg->netdev, iob);
		return;
	}
	if (space)
		tcp_notify_writable(conn);
	if (conn->state == TCP_CLOSED) {
		free_iob(iob);
		return;
	}
	tcp_rx_text(conn, iob, seg);
}

/* The SYN-ACK: take the peer's sequence numbers, window and options. */
static void tcp_establish(struct tcp_conn *conn, const struct tcp_segment *seg)
{
	const struct tcp_syn_opts *opts = &seg->opts;
	size_t mss = opts->has_mss ? opts->mss : TCP_DEFAULT_MSS;

	conn->rcv_nxt = seg->seq + 1;
	conn->acked_nxt = conn->rcv_nxt;
	conn->snd_una = seg->ack;
	conn->snd_wnd = seg->window;	/* never scaled in a SYN (RFC 7323) */
	conn->max_snd_wnd = conn->snd_wnd;
	conn->snd_wl1 = seg->seq;
	conn->snd_wl2 = seg->ack;
	if (opts->has_wscale) {
		conn->snd_wscale = opts->wscale;
		conn->rcv_wscale = TCP_RCV_WSCALE;
		conn->rcv_wnd = TCP_RCV_WINDOW;
	}
	conn->sack_ok = opts->sack_perm;
	conn->snd_mss = MIN(MAX(mss, (size_t)TCP_MIN_MSS), conn->adv_mss);
	conn->cwnd = TCP_INITIAL_CWND_SEGS * (uint32_t)conn->snd_mss;
	conn->ssthresh = TCP_CWND_MAX;
	tcp_rtt_sample(conn, seg->ack);
	if (!conn->rtt_valid)
		conn->rto_ms = TCP_SYN_RTO_MS;
	conn->retries = 0;
	timer_stop(&conn->rtx_timer);
	conn->state = TCP_ESTABLISHED;
	tcp_ack_now(conn);
}

/* A segment while our SYN waits for an answer (RFC 9293 3.10.7.3). */
static void tcp_rx_syn_sent(struct tcp_conn *conn, struct io_buffer *iob,
			    struct tcp_segment *seg)
{
	bool has_ack = seg->flags & TCP_ACK;

	if (has_ack && !(seq_gt(seg->ack, conn->iss) &&
			 seq_le(seg->ack, conn->snd_nxt))) {
		tcp_reply_reset(seg, iob_len(iob));
		tcp_drop(seg->netdev, iob);
		return;
	}
	if ((seg->flags & TCP_RST) && has_ack) {
		free_iob(iob);
		tcp_close_conn(conn, -ECONNREFUSED);
		return;
	}
	if (seg->flags & TCP_RST) {
		tcp_drop(seg->netdev, iob);	/* unverifiable (RFC 9293) */
		return;
	}
	if (!(seg->flags & TCP_SYN) || !has_ack) {
		tcp_drop(seg->netdev, iob);	/* no simultaneous open */
		return;
	}
	tcp_establish(conn, seg);
	if (!tcp_notify_connected(conn)) {
		free_iob(iob);
		return;
	}
	tcp_output(conn);
	seg->seq++;
	seg->flags &= (uint8_t)~TCP_SYN;
	tcp_rx_text(conn, iob, seg);
}

/* Options of a SYN-ACK that we use; unknown and malformed ones are skipped. */
static void tcp_parse_option(uint8_t kind, const uint8_t *opt, uint8_t len,
			     struct tcp_syn_opts *opts)
{
	switch (kind) {
	case TCP_OPT_MSS:
		if (len != TCP_OPT_MSS_LEN)
			break;
		opts->mss = get_be16(opt + 2);
		opts->has_mss = true;
		break;
	case TCP_OPT_WSCALE:
		if (len != TCP_OPT_WSCALE_LEN)
			break;
		opts->wscale = MIN(opt[2], TCP_MAX_WSCALE);
		opts->has_wscale = true;
		break;
	case TCP_OPT_SACK_PERM:
		if (len == TCP_OPT_SACK_PERM_LEN)
			opts->sack_perm = true;
		break;
	default:
		break;
	}
}

/* Walk the LEN bytes of options at OPT; stop at anything that overruns. */
static void tcp_parse_options(const uint8_t *opt, size_t len,
			      struct tcp_syn_opts *opts)
{
	size_t pos = 0;
	uint8_t olen;

	while (pos < len) {
		if (opt[pos] == TCP_OPT_END)
			break;
		if (opt[pos] == TCP_OPT_NOP) {
			pos++;
			continue;
		}
		if (len - pos < 2)
			break;
		olen = opt[pos + 1];
		if (olen < 2 || olen > len - pos)
			break;
		tcp_parse_option(opt[pos], opt + pos, olen, opts);
		pos += olen;
	}
}

/* Check the pseudo-header checksum over the whole segment. */
static bool tcp_csum_ok(const struct io_buffer *iob,
			const struct ipv4_rx_info *info)
{
	uint32_t sum = inet_csum_add(info->pshdr_sum, iob->data, iob_len(iob));

	return inet_csum_fold(sum) == 0xffff;
}

/* Validate IOB's header, fill SEG and pull the header; 0 or an error. */
static int tcp_parse(struct io_buffer *iob, const struct ipv4_rx_info *info,
		     struct tcp_segment *seg)
{
	const struct tcphdr *hdr = iob->data;
	size_t len = iob_len(iob), hlen;

	if (len < sizeof(*hdr))
		return -EINVAL;
	hlen = (size_t)(hdr->doff >> TCP_DOFF_SHIFT) * TCP_DOFF_UNIT;
	if (hlen < sizeof(*hdr) || hlen > len)
		return -EINVAL;
	if (!tcp_csum_ok(iob, info))
		return -EBADMSG;
	memset(seg, 0, sizeof(*seg));
	seg->netdev = info->netdev;
	seg->src = info->src;
	seg->dest = info->dest;
	seg->sport = hdr->src;
	seg->dport = hdr->dest;
	seg->seq = ntohl(hdr->seq);
	seg->ack = ntohl(hdr->ack);
	seg->window = ntohs(hdr->window);
	seg->flags = hdr->flags;
	if (seg->flags & TCP_SYN)
		tcp_parse_options((const uint8_t *)(hdr + 1),
				  hlen - sizeof(*hdr), &seg->opts);
	iob_pull(iob, hlen);
	return 0;
}

/* The live connection SEG belongs to, or NULL. */
static struct tcp_conn *tcp_demux(const struct tcp_segment *seg)
{
	struct tcp_conn *conn;

	list_for_each_entry(conn, &tcp_conns, list) {
		if (conn->state != TCP_CLOSED &&
		    conn->local_port == seg->dport &&
		    conn->peer.port == seg->sport &&
		    conn->peer.addr == seg->src &&
		    conn->local_addr == seg->dest)
			return conn;
	}
	return NULL;
}

static void tcp_rx(struct io_buffer *iob, const struct ipv4_rx_info *info)
{
	struct tcp_segment seg;
	struct tcp_conn *conn;

	if (tcp_parse(iob, info, &seg) != 0) {
		tcp_drop(info->netdev, iob);
		return;
	}
	conn = tcp_demux(&seg);
	if (!conn) {
		tcp_reply_reset(&seg, iob_len(iob));
		tcp_drop(info->netdev, iob);
		return;
	}
	tcp_get(conn);
	if (conn->state == TCP_SYN_SENT)
		tcp_rx_syn_sent(conn, iob, &seg);
	else
		tcp_rx_synchronized(conn, iob, &seg);
	tcp_put(conn);
}

IPV4_PROTOCOL(tcp_ipv4_protocol) = {
	.name = "TCP",
	.protocol = IP_PROTO_TCP,
	.rx = tcp_rx,
};

/* --- the owner's interface ---------------------------------------------- */

static bool tcp_port_in_use(uint16_t port)
{
	struct tcp_conn *conn;

	list_for_each_entry(conn, &tcp_conns, list) {
		if (conn->local_port == port)
			return true;
	}
	return false;
}

/* An unpredictable initial sequence number: 32 random bits. */
static uint32_t tcp_pick_iss(void)
{
	return (uint32_t)random() ^ ((uint32_t)random() << 16);
}

/* Find our address and MSS towards the peer; 0 or an error. */
static int tcp_route(struct tcp_conn *conn)
{
	struct net_device *netdev = NULL;
	size_t mtu;
	int rc;

	if (conn->peer.addr == INADDR_ANY ||
	    conn->peer.addr == INADDR_BROADCAST || !conn->peer.port)
		return -EINVAL;
	rc = ipv4_route_lookup(conn->peer.addr, &conn->local_addr, &netdev);
	if (rc)
		return rc;
	mtu = netdev ? netdev->mtu : ETH_DATA_LEN;
	mtu = MAX(mtu, (size_t)(TCP_IPV4_OVERHEAD + TCP_MIN_MSS));
	conn->adv_mss = MIN(mtu - TCP_IPV4_OVERHEAD, (size_t)TCP_MAX_MSS);
	return 0;
}

struct tcp_conn *tcp_connect(const struct sockaddr_in *peer,
			     const struct tcp_callbacks *cb, void *ctx)
{
	struct tcp_conn *conn = zalloc(sizeof(*conn));
	int rc;

	if (!conn)
		return NULL;
	conn->local_port = inet_pick_port(tcp_port_in_use);
	if (!conn->local_port) {
		free(conn);
		return NULL;
	}
	INIT_LIST_HEAD(&conn->ooo);
	timer_init(&conn->rtx_timer, tcp_rtx_expired);
	timer_init(&conn->delack_timer, tcp_delack_expired);
	conn->cb = cb;
	conn->ctx = ctx;
	conn->peer = *peer;
	conn->iss = tcp_pick_iss();
	conn->snd_una = conn->iss;
	conn->snd_nxt = conn->iss + 1;
	conn->snd_buf_seq = conn->iss + 1;
	conn->rcv_wnd = TCP_MAX_UNSCALED_WINDOW;
	conn->rto_ms = TCP_SYN_RTO_MS;
	conn->connect_deadline_ms = time_now_ms() + TCP_CONNECT_TIMEOUT_MS;
	list_add(&conn->list, &tcp_conns);
	rc = tcp_route(conn);
	if (rc) {
		/* Report it from the event loop, as every other failure. */
		conn->state = TCP_CLOSED;
		conn->pending_rc = rc;
		timer_start(&conn->rtx_timer, 0);
		return conn;
	}
	conn->state = TCP_SYN_SENT;
	conn->rtt_timing = true;
	conn->rtt_seq = conn->snd_nxt;
	conn->rtt_start_us = time_now_us();
	tcp_xmit(conn, conn->iss, TCP_SYN, NULL, 0);
	timer_start(&conn->rtx_timer, conn->rto_ms);
	return conn;
}

/* States in which the owner may still queue data or the FIN. */
static bool tcp_may_queue(const struct tcp_conn *conn)
{
	return !conn->freed && !conn->fin_queued &&
	       (conn->state == TCP_SYN_SENT || tcp_can_send(conn));
}

size_t tcp_send(struct tcp_conn *conn, const void *data, size_t len)
{
	size_t n;

	if (!tcp_may_queue(conn))
		return 0;
	n = MIN(len, TCP_SNDBUF_SIZE - conn->snd_len);
	if (!n)
		return 0;
	memcpy(conn->sndbuf + conn->snd_len, data, n);
	conn->snd_len += n;
	tcp_output(conn);
	return n;
}

void tcp_shutdown(struct tcp_conn *conn)
{
	if (!tcp_may_queue(conn))
		return;
	conn->fin_queued = true;
	tcp_output(conn);
}

/* States in which an abort must tell the peer with RST (RFC 9293 3.10.5). */
static bool tcp_abort_needs_reset(const struct tcp_conn *conn)
{
	return conn->state == TCP_ESTABLISHED ||
	       conn->state == TCP_FIN_WAIT_1 ||
	       conn->state == TCP_FIN_WAIT_2 ||
	       conn->state == TCP_CLOSE_WAIT;
}

void tcp_free(struct tcp_conn *conn)
{
	if (!conn || conn->freed)
		return;
	if (tcp_abort_needs_reset(conn))
		tcp_xmit(conn, conn->snd_nxt, TCP_RST, NULL, 0);
	conn->freed = true;
	tcp_close_conn(conn, 0);
	list_del(&conn->list);
	if (!conn->busy)
		free(conn);
}
