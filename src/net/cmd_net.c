/* SPDX-License-Identifier: MIT */
/* Network commands: ifopen, ifclose, ifstat, route and ping. */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <core/command.h>
#include <core/getopt.h>
#include <core/process.h>
#include <core/time.h>
#include <net/dns.h>
#include <net/ethernet.h>
#include <net/icmp.h>
#include <net/inet.h>
#include <net/ipv4.h>
#include <net/netdevice.h>

#define PING_DEFAULT_SIZE 56
#define PING_MAX_SIZE (ETH_DATA_LEN - IPV4_HLEN - sizeof(struct icmp_echo))
#define PING_INTERVAL_MS 1000
#define PING_DEFAULT_TIMEOUT_MS 1000
#define PING_MAX_COUNT UINT32_MAX
#define PERCENT 100
#define DECIMAL 10
/* Round-trip times are printed in milliseconds with one decimal. */
#define US_PER_TENTH_MS (US_PER_MS / 10)

/* A per-device action of ifopen, ifclose and ifstat. */
typedef int (*netdev_action)(const char *cmd, struct net_device *netdev);

/*
 * Apply ACTION to each device named by ARGV (after any options), or to
 * every device if none is named. Returns the last error, or 0.
 */
static int for_named_netdevs(int argc, char **argv, netdev_action action)
{
	struct getopt_state state = { .index = 1 };
	struct net_device *netdev;
	int rc, err = 0;
	int i;

	rc = cmd_getopt(argc, argv, NULL, 0, &state);
	if (rc != GETOPT_DONE)
		return rc;
	if (state.index == argc) {
		for_each_netdev(netdev) {
			rc = action(argv[0], netdev);
			if (rc < 0)
				err = rc;
		}
		return err;
	}
	for (i = state.index; i < argc; i++) {
		netdev = find_netdev(argv[i]);
		if (netdev)
			rc = action(argv[0], netdev);
		else
			rc = command_error(argv[0], -ENODEV,
					   "no such device: %s", argv[i]);
		if (rc < 0)
			err = rc;
	}
	return err;
}

static int open_action(const char *cmd, struct net_device *netdev)
{
	int rc = netdev_open(netdev);

	if (rc < 0)
		return command_error(cmd, rc, "could not open %s: %s",
				     netdev->name, strerror(rc));
	return 0;
}

static int close_action(const char *cmd, struct net_device *netdev)
{
	netdev_close(netdev);
	return 0;
}

static int stat_action(const char *cmd, struct net_device *netdev)
{
	const struct net_device_stats *stats = &netdev->stats;

	printf("%s: %s using %s on %s (%s)\n", netdev->name,
	       eth_ntoa(netdev->ll_addr),
	       netdev->driver_name ? netdev->driver_name : "?",
	       netdev->bus_location, netdev->is_open ? "open" : "closed");
	printf("  [Link:%s, TX:%lu TXE:%lu RX:%lu RXE:%lu RXD:%lu]\n",
	       netdev->link_up ? "up" : "down", stats->tx_packets,
	       stats->tx_errors, stats->rx_packets, stats->rx_errors,
	       stats->rx_dropped);
	printf("  [TX bytes:%lu RX bytes:%lu]\n", stats->tx_bytes,
	       stats->rx_bytes);
	return 0;
}

static int ifopen_exec(int argc, char **argv)
{
	return for_named_netdevs(argc, argv, open_action);
}

static int ifclose_exec(int argc, char **argv)
{
	return for_named_netdevs(argc, argv, close_action);
}

static int ifstat_exec(int argc, char **argv)
{
	return for_named_netdevs(argc, argv, stat_action);
}

COMMAND(ifopen_command) = {
	"ifopen", ifopen_exec, "[netX...]",
	"Open network devices (all if none is named)",
};

COMMAND(ifclose_command) = {
	"ifclose", ifclose_exec, "[netX...]",
	"Close network devices (all if none is named)",
};

COMMAND(ifstat_command) = {
	"ifstat", ifstat_exec, "[netX...]",
	"Show the state and counters of network devices",
};

static int route_exec(int argc, char **argv);

COMMAND(route_command) = {
	"route", route_exec, "", "Show the IPv4 routes",
};

static int route_exec(int argc, char **argv)
{
	const struct ipv4_route *route;
	int rc;

	rc = command_operands(&route_command, argc, argv, 0, 0);
	if (rc < 0)
		return rc;
	list_for_each_entry(route, &ipv4_routes, list) {
		printf("%s: %s/%s", route->netdev->name,
		       inet_ntoa(route->address), inet_ntoa(route->netmask));
		if (route->gateway)
			printf(" gw %s", inet_ntoa(route->gateway));
		printf("%s\n", route->netdev->is_open ? "" : " (closed)");
	}
	return 0;
}

/* A ping in progress: one request at a time, each awaited in turn. */
struct ping {
	struct icmp_echo_listener listener;
	uint32_t dest;
	uint16_t seq;		/* of the request awaiting its reply */
	bool replied;
	uint64_t sent_us;
	unsigned long sent;
	unsigned long received;
	uint8_t *payload;
	size_t size;
};

/* Print a reply that matches the request awaited; ignore anything else. */
static void ping_reply(struct icmp_echo_listener *listener, uint32_t src,
		       uint16_t seq, const void *payload, size_t len)
{
	struct ping *ping = container_of(listener, struct ping, listener);
	uint64_t rtt_us = time_now_us() - ping->sent_us;

	if (src != ping->dest || seq != ping->seq || ping->replied ||
	    len != ping->size || memcmp(payload, ping->payload, len) != 0)
		return;
	ping->replied = true;
	ping->received++;
	printf("%zu bytes from %s: seq=%u time=%lu.%lu ms\n",
	       len + sizeof(struct icmp_echo), inet_ntoa(src), seq,
	       (unsigned long)(rtt_us / US_PER_MS),
	       (unsigned long)(rtt_us % US_PER_MS / US_PER_TENTH_MS));
}

static bool ping_replied(void *ctx)
{
	const struct ping *ping = ctx;

	return ping->replied;
}

/* Send one request and wait for its reply; -ECANCELED on Ctrl-C. */
static int ping_once(struct ping *ping, uint32_t timeout_ms)
{
	int rc;

	ping->seq++;
	ping->replied = false;
	ping->sent_us = time_now_us();
	rc = icmp_echo_send(ping->dest, ping->listener.ident, ping->seq,
			    ping->payload, ping->size);
	if (rc < 0)
		return rc;
	ping->sent++;
	rc = wait_for(ping_replied, ping, timeout_ms);
	return rc == -ETIMEDOUT ? 0 : rc;
}

/* Wait out the rest of the interval that began at START_US. */
static int ping_pause(uint64_t start_us)
{
	uint64_t elapsed_ms = (time_now_us() - start_us) / US_PER_MS;

	if (elapsed_ms >= PING_INTERVAL_MS)
		return 0;
	return sleep_ms(PING_INTERVAL_MS - (uint32_t)elapsed_ms);
}

/* Ping COUNT times (0: until Ctrl-C); returns 0 or the error that ended it. */
static int ping_run(struct ping *ping, unsigned long count,
		    uint32_t timeout_ms)
{
	uint64_t start_us;
	unsigned long n;
	int rc;

	for (n = 1; !count || n <= count; n++) {
		start_us = time_now_us();
		rc = ping_once(ping, timeout_ms);
		if (rc < 0)
			return rc;
		if (count && n == count)
			break;
		rc = ping_pause(start_us);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static void ping_summary(const struct ping *ping)
{
	unsigned long lost = ping->sent - ping->received;

	printf("--- %s ping statistics ---\n", inet_ntoa(ping->dest));
	printf("%lu packets transmitted, %lu received, %lu%% packet loss\n",
	       ping->sent, ping->received,
	       ping->sent ? lost * PERCENT / ping->sent : 0);
}

/* Ping DEST; the result is 0 if any reply came. */
static int ping_host(const char *cmd, uint32_t dest, unsigned long count,
		     size_t size, uint32_t timeout_ms)
{
	struct ping ping = {
		.dest = dest,
		.size = size,
		.listener.ident = (uint16_t)random(),
		.listener.reply = ping_reply,
	};
	size_t i;
	int rc;

	ping.payload = malloc(size ? size : 1);
	if (!ping.payload)
		return -ENOMEM;
	for (i = 0; i < size; i++)
		ping.payload[i] = (uint8_t)i;
	icmp_echo_listen(&ping.listener);
	rc = ping_run(&ping, count, timeout_ms);
	icmp_echo_unlisten(&ping.listener);
	free(ping.payload);
	if (rc < 0 && rc != -ECANCELED)
		return command_error(cmd, rc, "cannot reach %s: %s",
				     inet_ntoa(dest), strerror(rc));
	ping_summary(&ping);
	if (ping.received)
		return 0;
	if (rc < 0)
		return rc;
	return command_error(cmd, -ETIMEDOUT, "no reply from %s",
			     inet_ntoa(dest));
}

/* Parse TEXT as a whole decimal number no larger than MAX. */
static int parse_number(const char *cmd, const char *text,
			unsigned long max, unsigned long *value)
{
	char *end;

	*value = strtoul(text, &end, DECIMAL);
	if (!*text || *end || *value > max)
		return command_error(cmd, -EINVAL, "invalid number: %s",
				     text);
	return 0;
}

enum ping_option { PING_OPT_COUNT, PING_OPT_SIZE, PING_OPT_TIMEOUT };

static const struct cmd_option ping_options[] = {
	[PING_OPT_COUNT] = { "count", 'c', true },
	[PING_OPT_SIZE] = { "size", 's', true },
	[PING_OPT_TIMEOUT] = { "timeout", 't', true },
};

static int ping_exec(int argc, char **argv);

COMMAND(ping_command) = {
	"ping", ping_exec,
	"[--count N] [--size BYTES] [--timeout MS] HOST",
	"Send ICMP echo requests (until Ctrl-C unless --count)",
};

static int ping_exec(int argc, char **argv)
{
	struct getopt_state state = { .index = 1 };
	unsigned long count = 0, size = PING_DEFAULT_SIZE;
	unsigned long timeout_ms = PING_DEFAULT_TIMEOUT_MS;
	uint32_t dest;
	int opt, rc = 0;

	while ((opt = cmd_getopt(argc, argv, ping_options,
				 ARRAY_SIZE(ping_options), &state)) >= 0) {
		if (opt == PING_OPT_COUNT)
			rc = parse_number(argv[0], state.arg, PING_MAX_COUNT,
					  &count);
		else if (opt == PING_OPT_SIZE)
			rc = parse_number(argv[0], state.arg, PING_MAX_SIZE,
					  &size);
		else
			rc = parse_number(argv[0], state.arg, WAIT_FOREVER - 1,
					  &timeout_ms);
		if (rc < 0)
			return rc;
	}
	if (opt != GETOPT_DONE)
		return opt;
	if (argc - state.index != 1)
		return command_usage(&ping_command);
	rc = resolve_name(argv[state.index], &dest);
	if (rc < 0)
		return command_error(argv[0], rc, "cannot resolve %s: %s",
				     argv[state.index], strerror(rc));
	return ping_host(argv[0], dest, count, size, (uint32_t)timeout_ms);
}
