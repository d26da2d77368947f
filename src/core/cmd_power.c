/* SPDX-License-Identifier: MIT */
/* The poweroff and reboot commands. */
#include <core/command.h>
#include <core/platform.h>

static int poweroff_exec(int argc, char **argv)
{
	if (argc != 1)
		return command_usage(find_command(argv[0]));
	platform_poweroff(0);
}

COMMAND(poweroff_command) = {
	.name = "poweroff",
	.exec = poweroff_exec,
	.usage = "",
	.summary = "Switch the machine off",
};

static int reboot_exec(int argc, char **argv)
{
	if (argc != 1)
		return command_usage(find_command(argv[0]));
	platform_reboot();
}

COMMAND(reboot_command) = {
	.name = "reboot",
	.exec = reboot_exec,
	.usage = "",
	.summary = "Restart the machine",
};
