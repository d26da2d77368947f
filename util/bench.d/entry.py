#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# When a booted Linux kernel starts, for make bench: from the guest's serial line and its first DHCPDISCOVER, on one host clock.
#
# Usage: entry.py SOCKET IFACE MARKER SECONDS
# Run in the bench's namespace before qemu, whose COM1 is a server
# socket at SOCKET (tests/qemu/lib.sh's SERIAL_SOCKET) and whose card is
# behind IFACE (the tap). Notes the host time of the guest's first
# DHCPDISCOVER on IFACE and of MARKER on the serial line (what the
# kernel says first, before it decompresses; util/bench.d/firmware.sh),
# then ends qemu (SIGTERM, to the socket's peer: the qemu the bench
# started): the rest of the kernel's boot is not needed.
# Prints JSON {"discover_to_entry": seconds}; exits 1, saying why, if
# either is not seen within SECONDS. Both are stamped by this process as
# they arrive, so the difference does not depend on when qemu started;
# the capture (pcap.py) puts the DHCPDISCOVER on the guest's clock.
import json
import os
import select
import signal
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap import dhcp_type, DHCPDISCOVER, DHCP_SERVER_PORT, ETH_IPV4, PROTO_UDP  # noqa: E402

ETH_P_ALL = 0x0003
FRAME_MAX = 65536
CONNECT_POLL_S = 0.05


def discover_in(frame):
    """Whether an Ethernet frame is a DHCPDISCOVER."""
    if len(frame) < 42 or struct.unpack("!H", frame[12:14])[0] != ETH_IPV4:
        return False
    ihl = (frame[14] & 0x0F) * 4
    if frame[23] != PROTO_UDP:
        return False
    udp = frame[14 + ihl:]
    return (len(udp) > 8 and struct.unpack("!H", udp[2:4])[0] == DHCP_SERVER_PORT
            and dhcp_type(udp[8:]) == DHCPDISCOVER)


def connect(path, deadline):
    """A connection to qemu's serial socket, once qemu has made it."""
    while time.monotonic() < deadline:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            time.sleep(CONNECT_POLL_S)
    sys.exit(f"entry.py: qemu's serial socket {path} never accepted")


def peer_pid(conn):
    """The PID of the process at the other end of a Unix socket."""
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[0]


def watch(path, iface, marker, seconds):
    """(discover time, marker time) on the monotonic clock, and qemu's PID."""
    deadline = time.monotonic() + seconds
    sniffer = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sniffer.bind((iface, 0))
    serial = connect(path, deadline)
    pid = peer_pid(serial)
    discover = None
    tail = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([serial] + ([sniffer] if discover is None else []),
                                    [], [], deadline - time.monotonic())
        now = time.monotonic()
        if sniffer in ready and discover_in(sniffer.recv(FRAME_MAX)):
            discover = now
            sniffer.close()
        if serial in ready:
            data = serial.recv(FRAME_MAX)
            if not data:
                break
            tail = (tail + data)[-(len(marker) + len(data)):]
            if marker in tail and discover is not None:
                # The marker's first byte came in this read or just before.
                return discover, now, pid
    sys.exit(f"entry.py: no {'DHCPDISCOVER' if discover is None else repr(marker.decode())}"
             f" before the serial line closed or {seconds} s passed")


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: entry.py SOCKET IFACE MARKER SECONDS")
    discover, entry, pid = watch(sys.argv[1], sys.argv[2], sys.argv[3].encode(), float(sys.argv[4]))
    os.kill(pid, signal.SIGTERM)
    json.dump({"discover_to_entry": entry - discover}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
