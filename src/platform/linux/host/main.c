/* SPDX-License-Identifier: MIT */
/* nicboot-linux's main(): puts an interactive terminal in raw mode, then runs the freestanding program. */
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "platform/linux/hostsys.h"

/* The terminal state to restore at exit, when stdin is a terminal. */
static struct termios saved_termios;
static int termios_saved;

static void restore_terminal(void)
{
	if (termios_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
}

/*
 * An interactive terminal is put in raw input mode so that the console
 * layer sees every key (arrows, Ctrl-C) as firmware does; output keeps
 * the terminal's newline translation.
 */
static void setup_terminal(void)
{
	struct termios raw;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_termios))
		return;
	termios_saved = 1;
	atexit(restore_terminal);
	raw = saved_termios;
	raw.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
				   IGNCR | ICRNL | IXON);
	raw.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
}

int main(int argc, char **argv)
{
	setup_terminal();
	return linux_main(argc, argv);
}
