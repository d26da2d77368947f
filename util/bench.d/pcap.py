#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Times of one firmware boot from qemu's filter-dump capture (make bench).
#
# Usage: pcap.py FILE START
# FILE is a classic pcap (Ethernet) that qemu's filter-dump wrote; START is
# the epoch second qemu's capture counts from (filter-dump stamps packets
# with start + the guest's virtual clock, which starts at 0 when the guest
# does; util/bench pins start with -rtc base=...,clock=vm). Prints JSON:
#   discover, ack: the first DHCPDISCOVER and the first DHCPACK after it,
#   first_request: the first TFTP RRQ or HTTP GET after that ACK,
#   transfers: per request (proto, server, file), its start (the request),
#     end (the last packet with file data from the server), the data
#     bytes seen and diagnostics (diag): the longest gap between two data
#     packets; for TFTP the time from a DATA to the client's ACK (guest_turn:
#     qemu took the frame from the tap, the guest saw it and answered) and
#     from an ACK to the next DATA (server_turn), as median, total and the
#     count over 1 ms; for
#     HTTP the bytes the server sent again, the data segments, the
#     client's ACKs and the largest and smallest window it advertised.
# All times are seconds since the guest started.
import json
import statistics
import struct
import sys

ETH_IPV4 = 0x0800
PROTO_TCP = 6
PROTO_UDP = 17
DHCP_SERVER_PORT = 67
DHCP_CLIENT_PORT = 68
TFTP_PORT = 69
HTTP_PORT = 80
BOOTP_COOKIE_OFFSET = 236
DHCP_COOKIE = b"\x63\x82\x53\x63"
DHCP_OPT_PAD, DHCP_OPT_END, DHCP_OPT_TYPE = 0, 255, 53
DHCPDISCOVER, DHCPACK = 1, 5
TFTP_RRQ, TFTP_DATA, TFTP_ACK = 1, 3, 4
TFTP_DATA_HEADER = 4
TCP_SYN = 0x02
TCP_OPT_END, TCP_OPT_NOP, TCP_OPT_WSCALE = 0, 1, 3
SEQ_MOD = 1 << 32
SLOW_TURN_S = 0.001


def packets(path):
    """Yield (seconds, frame, original length) for each captured frame."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    endian = "<" if struct.unpack_from("<I", data)[0] == 0xA1B2C3D4 else ">"
    record = struct.Struct(endian + "IIII")
    view = memoryview(data)
    i = 24
    while i + 16 <= len(data):
        sec, usec, caplen, length = record.unpack_from(data, i)
        i += 16
        if i + caplen > len(data):
            return
        yield sec + usec / 1e6, view[i:i + caplen], length
        i += caplen


def ip_text(raw, cache={}):
    """Dotted text of a 4-byte IPv4 address (memoised: few are seen)."""
    raw = bytes(raw)
    if raw not in cache:
        cache[raw] = ".".join(map(str, raw))
    return cache[raw]


def dhcp_type(payload):
    """The DHCP message type (option 53) of a BOOTP payload, or None."""
    if bytes(payload[BOOTP_COOKIE_OFFSET:BOOTP_COOKIE_OFFSET + 4]) != DHCP_COOKIE:
        return None
    i = BOOTP_COOKIE_OFFSET + 4
    while i < len(payload):
        code = payload[i]
        if code == DHCP_OPT_PAD:
            i += 1
            continue
        if code == DHCP_OPT_END or i + 1 >= len(payload):
            return None
        size = payload[i + 1]
        if code == DHCP_OPT_TYPE and size >= 1 and i + 2 < len(payload):
            return payload[i + 2]
        i += 2 + size
    return None


def wscale(options):
    """The window scale shift in a SYN's TCP options, 0 without one."""
    i = 0
    while i < len(options):
        kind = options[i]
        if kind == TCP_OPT_END:
            break
        if kind == TCP_OPT_NOP:
            i += 1
            continue
        if i + 1 >= len(options) or options[i + 1] < 2:
            break
        if kind == TCP_OPT_WSCALE and i + 2 < len(options):
            return options[i + 2]
        i += options[i + 1]
    return 0


def new_transfer(proto, server, name, t):
    """A transfer record, with the working state its diagnostics need."""
    return {"proto": proto, "server": server, "file": name, "start": t,
            "end": None, "bytes": 0, "_turns": {"guest": [], "server": []},
            "_last": None, "_isn": None, "_high": 0, "_holes": [],
            "diag": {"max_gap_s": 0.0, "data_packets": 0, "client_acks": 0}}


def on_data(transfer, t, size):
    """A packet with SIZE bytes of file data from the server at T."""
    diag = transfer["diag"]
    if transfer["end"] is not None:
        diag["max_gap_s"] = max(diag["max_gap_s"], t - transfer["end"])
    last = transfer["_last"]
    if last is not None and last[0] == "ack":
        transfer["_turns"]["server"].append(t - last[1])
    transfer["_last"] = ("data", t)
    transfer["end"] = t
    transfer["bytes"] += size
    diag["data_packets"] += 1


def cover(transfer, seq, size):
    """Mark the SIZE stream bytes at SEQ seen; how many were not seen before.

    The stream is kept as its highest offset seen and the holes below it,
    so a resend counts only where it fills a hole: one whose original never
    reached the capture is progress, one of data already seen is not.
    """
    if transfer["_isn"] is None:
        transfer["_isn"] = seq
    start = (seq - transfer["_isn"]) % SEQ_MOD
    if start >= SEQ_MOD // 2:
        return 0
    end = start + size
    high = transfer["_high"]
    fresh = max(0, end - max(start, high))
    if start > high:
        transfer["_holes"].append((high, start))
    transfer["_high"] = max(high, end)
    holes = []
    for lo, hi in transfer["_holes"]:
        if end <= lo or start >= hi:
            holes.append((lo, hi))
            continue
        fresh += min(end, hi) - max(start, lo)
        holes += [h for h in ((lo, start), (end, hi)) if h[0] < h[1]]
    transfer["_holes"] = holes
    return fresh


def on_ack(transfer, t):
    """An acknowledgement from the client at T."""
    last = transfer["_last"]
    if last is not None and last[0] == "data":
        transfer["_turns"]["guest"].append(t - last[1])
    transfer["_last"] = ("ack", t)
    transfer["diag"]["client_acks"] += 1


def finish(transfer):
    """Turn the working state into the diagnostics and drop it."""
    if transfer["proto"] == "tftp":
        for side, turns in transfer["_turns"].items():
            if turns:
                diag = transfer["diag"]
                diag[side + "_turn_us"] = round(statistics.median(turns) * 1e6)
                diag[side + "_turn_total_s"] = round(sum(turns), 3)
                diag[side + "_turns_over_1ms"] = sum(1 for x in turns if x > SLOW_TURN_S)
    for key in ("_turns", "_last", "_isn", "_high", "_holes"):
        del transfer[key]


def analyse(path, start):
    """The boot's DHCP times and transfers, as a dict."""
    result = {"discover": None, "ack": None, "first_request": None,
              "transfers": []}
    # (client ip, client port) -> the transfer its data belongs to
    tftp_by_client = {}
    http_by_client = {}
    shift = {}  # (client ip, client port) -> the client's window scale
    for ts, frame, length in packets(path):
        t = ts - start
        if len(frame) < 34 or (frame[12] << 8 | frame[13]) != ETH_IPV4:
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0F) * 4
        total = struct.unpack("!H", ip[2:4])[0]
        proto = ip[9]
        src, dst = ip_text(ip[12:16]), ip_text(ip[16:20])
        l4 = ip[ihl:]
        if proto == PROTO_UDP and len(l4) >= 8:
            sport, dport = struct.unpack("!HH", l4[:4])
            payload = l4[8:]
            data_len = total - ihl - 8
            if sport == DHCP_CLIENT_PORT and dport == DHCP_SERVER_PORT:
                if dhcp_type(payload) == DHCPDISCOVER and result["discover"] is None:
                    result["discover"] = t
            elif sport == DHCP_SERVER_PORT and dport == DHCP_CLIENT_PORT:
                if (dhcp_type(payload) == DHCPACK and result["discover"] is not None
                        and result["ack"] is None):
                    result["ack"] = t
            elif dport == TFTP_PORT and len(payload) >= 2:
                if struct.unpack("!H", payload[:2])[0] == TFTP_RRQ:
                    key = (src, sport)
                    if key in tftp_by_client:
                        continue  # a retried request
                    name = bytes(payload[2:]).split(b"\0", 1)[0].decode("latin-1")
                    transfer = new_transfer("tftp", dst, name, t)
                    tftp_by_client[key] = transfer
                    result["transfers"].append(transfer)
            elif (dst, dport) in tftp_by_client and len(payload) >= 2:
                if struct.unpack("!H", payload[:2])[0] == TFTP_DATA:
                    on_data(tftp_by_client[(dst, dport)], t, data_len - TFTP_DATA_HEADER)
            elif (src, sport) in tftp_by_client and len(payload) >= 2:
                if struct.unpack("!H", payload[:2])[0] == TFTP_ACK:
                    on_ack(tftp_by_client[(src, sport)], t)
        elif proto == PROTO_TCP and len(l4) >= 20:
            sport, dport = struct.unpack("!HH", l4[:4])
            offset = (l4[12] >> 4) * 4
            data_len = total - ihl - offset
            payload = l4[offset:]
            flags = l4[13]
            if dport == HTTP_PORT and flags & TCP_SYN:
                shift[(src, sport)] = wscale(l4[20:offset])
            elif dport == HTTP_PORT and payload[:4] == b"GET ":
                name = bytes(payload[4:]).split(b" ", 1)[0].decode("latin-1")
                transfer = new_transfer("http", dst, name, t)
                transfer["diag"].update(resent_bytes=0, max_window=0, min_window=None)
                transfer["_shift"] = shift.get((src, sport), 0)
                http_by_client[(src, sport)] = transfer
                result["transfers"].append(transfer)
            elif sport == HTTP_PORT and data_len > 0 and (dst, dport) in http_by_client:
                transfer = http_by_client[(dst, dport)]
                fresh = cover(transfer, struct.unpack("!I", l4[4:8])[0], data_len)
                # A resend of data already seen is not progress: a firmware
                # that has what it needs (and stopped acknowledging, as iPXE
                # does once it starts the kernel) must not have its transfer
                # end at the server's last retry.
                transfer["diag"]["resent_bytes"] += data_len - fresh
                if fresh:
                    on_data(transfer, t, fresh)
            elif dport == HTTP_PORT and data_len == 0 and (src, sport) in http_by_client:
                transfer = http_by_client[(src, sport)]
                window = struct.unpack("!H", l4[14:16])[0] << transfer["_shift"]
                diag = transfer["diag"]
                diag["max_window"] = max(diag["max_window"], window)
                if diag["data_packets"]:
                    diag["min_window"] = window if diag["min_window"] is None else min(diag["min_window"], window)
                on_ack(transfer, t)
    for transfer in result["transfers"]:
        transfer.pop("_shift", None)
        finish(transfer)
    if result["ack"] is not None:
        for transfer in result["transfers"]:
            if transfer["start"] >= result["ack"]:
                result["first_request"] = transfer["start"]
                break
    return result


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: pcap.py FILE START")
    json.dump(analyse(sys.argv[1], float(sys.argv[2])), sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
