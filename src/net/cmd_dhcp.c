/* SPDX-License-Identifier: MIT */
/* The `dhcp [netX...]` command: configure the first device that answers. */
#include <stdio.h>
#include <errno.h>
#include <core/command.h>
#include <net/dhcp.h>
#include <net/netdevice.h>

/* How a run of the command went so far, for its one error report. */
struct dhcp_attempts {
	unsigned int tried;
	const char *last_name;
};

/* Open NETDEV if needed and configure it; note the outcome in ATTEMPTS. */
static int dhcp_try(struct net_device *netdev, struct dhcp_attempts *attempts)
{
	int rc = netdev_open(netdev);

	if (rc < 0)
		printf("DHCP %s: cannot open: %s\n", netdev->name,
		       strerror(rc));
	else
		rc = dhcp(netdev);
	attempts->tried++;
	attempts->last_name = netdev->name;
	return rc;
}

/* Try every registered device in turn until one is configured. */
static int dhcp_try_all(struct dhcp_attempts *attempts)
{
	struct net_device *netdev;
	int rc = -ENODEV;

	for_each_netdev(netdev) {
		rc = dhcp_try(netdev, attempts);
		if (rc == 0 || rc == -ECANCELED)
			return rc;
	}
	return rc;
}

/* Try the devices named in ARGV[FIRST..] in turn until one is configured. */
static int dhcp_try_named(int argc, char **argv, int first,
			  struct dhcp_attempts *attempts)
{
	int rc = -ENODEV;
	int i;

	for (i = first; i < argc; i++) {
		rc = dhcp_try(find_netdev(argv[i]), attempts);
		if (rc == 0 || rc == -ECANCELED)
			return rc;
	}
	return rc;
}

/* The first of ARGV[FIRST..] that names no device, or NULL. */
static const char *dhcp_unknown_name(int argc, char **argv, int first)
{
	int i;

	for (i = first; i < argc; i++) {
		if (!find_netdev(argv[i]))
			return argv[i];
	}
	return NULL;
}

static int dhcp_exec(int argc, char **argv)
{
	const struct command *cmd = find_command(argv[0]);
	struct dhcp_attempts attempts = { 0 };
	const char *unknown;
	int first, rc;

	first = command_operands(cmd, argc, argv, 0, argc);
	if (first < 0)
		return first;
	unknown = dhcp_unknown_name(argc, argv, first);
	if (unknown)
		return command_error(argv[0], -ENODEV,
				     "no such device: %s (see ifstat)",
				     unknown);
	if (first == argc)
		rc = dhcp_try_all(&attempts);
	else
		rc = dhcp_try_named(argc, argv, first, &attempts);
	if (rc == 0)
		return 0;
	if (!attempts.tried)
		return command_error(argv[0], -ENODEV,
				     "no network device found");
	if (attempts.tried == 1)
		return command_error(argv[0], rc, "%s: %s",
				     attempts.last_name, strerror(rc));
	return command_error(argv[0], rc, "none of %u devices configured",
			     attempts.tried);
}

COMMAND(dhcp_command) = {
	.name = "dhcp",
	.exec = dhcp_exec,
	.usage = "[netX...]",
	.summary = "Configure network devices by DHCP (the first that answers)",
};
