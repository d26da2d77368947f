#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# make bench, firmware part: checks each boot's capture times, and prints
# the table of medians and ratios nicboot / iPXE with the project's targets.
#
# Usage:
#   report.py check TIMES.json PROTO:SERVER:FILE:BYTES...
#       each transfer is in the capture and moved at least BYTES
#   report.py table RUNS-DIR OUT.json [SIZES-FILE]
#       RUNS-DIR/ROUND/FIRMWARE-NIC-FORM/times.json -> the table on
#       stdout and as JSON in OUT.json; SIZES-FILE is util/sizes' output
import json
import os
import statistics
import sys

MIB = 1024 * 1024
TFTP_BYTES = 64 * MIB
HTTP_BYTES = 256 * MIB
SERVER_IP = os.environ.get("SERVER_IP", "10.33.0.1")
WINDOW_SERVER_IP = os.environ.get("WINDOW_SERVER_IP", "10.33.0.2")
FIRMWARES = ("nicboot", "ipxe")
# Configurations in the order the table shows them; a new platform (UEFI)
# or boot form is a new entry here and in util/bench's list of boots.
CONFIGS = (
    ("e1000", "lkrn"), ("e1000", "rom"),
    ("virtio-net-pci", "lkrn"), ("virtio-net-pci", "rom"),
)
NIC_LABELS = {"e1000": "e1000", "virtio-net-pci": "virtio-net"}
FORM_LABELS = {"lkrn": "BIOS lkrn", "rom": "BIOS ROM"}


def transfer(times, proto, server, name):
    """The transfer of NAME from SERVER by PROTO in a boot's times, or None."""
    for t in times["transfers"]:
        if t["proto"] == proto and t["server"] == server and t["file"] == name:
            return t
    return None


def rate(t, size):
    """MB/s (10^6 bytes) of a transfer of SIZE bytes."""
    if t is None or t["end"] is None or t["end"] <= t["start"]:
        return None
    return size / (t["end"] - t["start"]) / 1e6


def difference(a, b):
    """b - a, or None when either is missing."""
    return None if a is None or b is None else b - a


# Metrics: key, label, unit, how to get it from a boot's times, whether
# higher is better, and the target: (kind, value, text). Kinds: "abs_le"
# (nicboot's value at most value), "ratio_le" / "ratio_ge" (nicboot / iPXE
# at most / at least value), "none" (shown, not measured here).
METRICS = (
    ("dhcp", "DHCP DISCOVER -> ACK", "s",
     lambda t: difference(t["discover"], t["ack"]), ("abs_le", 0.5, "<= 0.5 s")),
    ("ack_request", "DHCPACK -> first file request", "s",
     lambda t: difference(t["ack"], t["first_request"]), ("abs_le", 0.2, "<= 0.2 s")),
    ("start_request", "qemu start -> first file request", "s",
     lambda t: t["first_request"], ("ratio_le", 0.25, "<= 0.25x iPXE")),
    ("tftp_dnsmasq", "TFTP 64 MiB, dnsmasq", "MB/s",
     lambda t: rate(transfer(t, "tftp", SERVER_IP, "f64"), TFTP_BYTES),
     ("ratio_ge", 1.0, ">= 1x iPXE")),
    ("tftp_window", "TFTP 64 MiB, atftpd windowsize", "MB/s",
     lambda t: rate(transfer(t, "tftp", WINDOW_SERVER_IP, "f64"), TFTP_BYTES),
     ("ratio_ge", 3.0, ">= 3x iPXE")),
    ("http", "HTTP 256 MiB, nginx", "MB/s",
     lambda t: rate(transfer(t, "http", SERVER_IP, "/f256"), HTTP_BYTES), None),
)
# Diagnostics kept in the JSON (medians per configuration), not printed.
DIAGNOSTICS = (
    ("tap_dropped", lambda t: t.get("tap_dropped")),
    ("http_resent_bytes", lambda t: (transfer(t, "http", SERVER_IP, "/f256") or {}).get("diag", {}).get("resent_bytes")),
    ("http_client_acks", lambda t: (transfer(t, "http", SERVER_IP, "/f256") or {}).get("diag", {}).get("client_acks")),
    ("http_max_window", lambda t: (transfer(t, "http", SERVER_IP, "/f256") or {}).get("diag", {}).get("max_window")),
    ("tftp_dnsmasq_guest_turn_us", lambda t: (transfer(t, "tftp", SERVER_IP, "f64") or {}).get("diag", {}).get("guest_turn_us")),
    ("tftp_dnsmasq_server_turn_us", lambda t: (transfer(t, "tftp", SERVER_IP, "f64") or {}).get("diag", {}).get("server_turn_us")),
    ("tftp_window_guest_turn_us", lambda t: (transfer(t, "tftp", WINDOW_SERVER_IP, "f64") or {}).get("diag", {}).get("guest_turn_us")),
)


def http_target(nic):
    """The HTTP target depends on the card."""
    if nic == "virtio-net-pci":
        return ("ratio_ge", 2.5, ">= 2.5x iPXE")
    return ("none", None, ">= Linux guest (not measured)")


def verdict(target, ours, ratio):
    """'yes', 'NO' or '' for a row's target."""
    kind, value, _ = target
    if kind == "abs_le" and ours is not None:
        return "yes" if ours <= value else "NO"
    if kind == "ratio_le" and ratio is not None:
        return "yes" if ratio <= value else "NO"
    if kind == "ratio_ge" and ratio is not None:
        return "yes" if ratio >= value else "NO"
    return ""


def check(path, specs):
    """Exit non-zero, naming it, when a transfer is missing or short."""
    with open(path) as f:
        times = json.load(f)
    bad = []
    if times["discover"] is None or times["ack"] is None:
        bad.append("no DHCPDISCOVER/DHCPACK in the capture")
    for spec in specs:
        proto, server, name, size = spec.split(":")
        t = transfer(times, proto, server, name)
        if t is None:
            bad.append(f"no {proto} request for {name} to {server}")
        elif t["bytes"] < int(size):
            bad.append(f"{proto} {name} from {server}: {t['bytes']} of {size} bytes")
    for line in bad:
        print(f"{path}: {line}", file=sys.stderr)
    sys.exit(1 if bad else 0)


def fmt(value, unit):
    """A number for the table: seconds with 2 decimals, rates with 1."""
    if value is None:
        return "-"
    return f"{value:.2f}" if unit == "s" else f"{value:.1f}"


def collect(runs):
    """{(firmware, nic, form): {metric: [samples]}} from every boot."""
    samples = {}
    for rnd in sorted(os.listdir(runs)):
        for boot in sorted(os.listdir(os.path.join(runs, rnd))):
            path = os.path.join(runs, rnd, boot, "times.json")
            if (not os.path.exists(path)
                    or os.path.exists(os.path.join(runs, rnd, boot, "failed"))):
                continue
            firmware, rest = boot.split("-", 1)
            nic, form = rest.rsplit("-", 1)
            with open(path) as f:
                times = json.load(f)
            dropped = os.path.join(runs, rnd, boot, "tap_dropped")
            if os.path.exists(dropped):
                with open(dropped) as f:
                    times["tap_dropped"] = int(f.read())
            row = samples.setdefault((firmware, nic, form), {})
            for key, get in [(m[0], m[3]) for m in METRICS] + list(DIAGNOSTICS):
                value = get(times)
                if value is not None:
                    row.setdefault(key, []).append(value)
    return samples


def read_sizes(path):
    """util/sizes' table as a list of (image, bytes, iPXE's bytes, ratio)."""
    rows = []
    if not path or not os.path.exists(path):
        return rows
    with open(path) as f:
        for line in f.readlines()[1:]:
            cols = line.split()
            if len(cols) == 5:
                rows.append((cols[0], cols[1], cols[3], cols[4]))
    return rows


def table(runs, out, sizes_path):
    """Print the firmware table and write it as JSON."""
    samples = collect(runs)
    rounds = len(os.listdir(runs))
    rows = []
    print(f"\n{'firmware in qemu (TCG), median of ' + str(rounds):<58} "
          f"{'nicboot':>8} {'iPXE':>8} {'ratio':>7}  target")
    for nic, form in CONFIGS:
        if (("nicboot", nic, form) not in samples
                and ("ipxe", nic, form) not in samples):
            continue
        for key, label, unit, _, target in METRICS:
            target = target or http_target(nic)
            vals = {}
            for fw in FIRMWARES:
                s = samples.get((fw, nic, form), {}).get(key, [])
                vals[fw] = statistics.median(s) if s else None
            if vals["nicboot"] is None and vals["ipxe"] is None:
                continue
            ratio = None
            if vals["nicboot"] is not None and vals["ipxe"]:
                ratio = vals["nicboot"] / vals["ipxe"]
            met = verdict(target, vals["nicboot"], ratio)
            name = f"{NIC_LABELS.get(nic, nic)} {FORM_LABELS.get(form, form)}: {label}, {unit}"
            print(f"{name:<58} {fmt(vals['nicboot'], unit):>8} {fmt(vals['ipxe'], unit):>8} "
                  f"{'-' if ratio is None else f'{ratio:.2f}':>7}  {target[2]} {met}")
            rows.append({"nic": nic, "form": form, "metric": key, "label": label,
                         "unit": unit, "nicboot": vals["nicboot"], "ipxe": vals["ipxe"],
                         "ratio": ratio, "target": target[2], "met": met or None,
                         "samples": {fw: samples.get((fw, nic, form), {}).get(key, [])
                                     for fw in FIRMWARES}})
    sizes = read_sizes(sizes_path)
    if sizes:
        print(f"\n{'artifact sizes, bytes':<58} {'nicboot':>8} {'iPXE':>8} {'ratio':>7}  target")
        for image, ours, theirs, ratio in sizes:
            target = "<= iPXE's" if image.endswith(".rom") else ""
            met = ""
            if target and ratio != "-":
                met = "yes" if float(ratio) <= 1.0 else "NO"
            print(f"{image:<58} {ours:>8} {theirs:>8} {ratio:>7}  {target} {met}")
    diagnostics = []
    for (fw, nic, form), values in sorted(samples.items()):
        diagnostics.append({"firmware": fw, "nic": nic, "form": form,
                            **{key: statistics.median(values[key])
                               for key, _ in DIAGNOSTICS if values.get(key)}})
    with open(out, "w") as f:
        json.dump({"rounds": rounds, "rows": rows, "diagnostics": diagnostics,
                   "sizes": [{"image": i, "nicboot": o, "ipxe": t, "ratio": r}
                             for i, o, t, r in sizes]}, f, indent=1)
        f.write("\n")


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "table":
        table(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) == 5 else None)
    else:
        sys.exit("usage: report.py check TIMES.json SPEC... | table RUNS OUT.json [SIZES]")


if __name__ == "__main__":
    main()
