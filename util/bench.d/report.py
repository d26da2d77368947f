#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# make bench, firmware part: checks each boot's capture times, and prints
# the table of medians and ratios nicboot / iPXE, next to the Linux
# reference guest, with the project's targets.
#
# Usage:
#   report.py check TIMES.json SPEC...
#       SPEC is PROTO:SERVER:FILE:BYTES: the transfer is in the capture
#       and moved at least BYTES
#   report.py table RUNS-DIR OUT.json [SIZES-FILE]
#       RUNS-DIR/ROUND/FIRMWARE.NIC.FORM.JOB/times.json (and entry.json,
#       entry.py's, for JOB entry) -> the table on
#       stdout and as JSON in OUT.json; SIZES-FILE is util/sizes' output
#   report.py loss HOST.json PERCENT FILE_BYTES WIN_MBPS WIN_SENT LOCK_MBPS LOCK_SENT
#       the host program's TFTP at PERCENT % loss, windowed and lockstep
#       (MB/s, data bytes the server sent) -> a row on stdout and in HOST.json
import json
import os
import statistics
import sys

MIB = 1024 * 1024
TFTP_BYTES = 64 * MIB
HTTP_BYTES = 256 * MIB
# The initrd the kernel-entry boots fetch (util/bench.d/firmware.sh's FW_INITRD).
INITRD_PATH = "/bench.cpio"
SERVER_IP = os.environ.get("SERVER_IP", "10.33.0.1")
WINDOW_SERVER_IP = os.environ.get("WINDOW_SERVER_IP", "10.33.0.2")
FIRMWARES = ("nicboot", "ipxe")
# The Linux reference guest's boots: LINUX.NIC.LINUX_FORM.LINUX_JOB.
LINUX, LINUX_FORM, LINUX_JOB = "linux", "kernel", "wget"
# Configurations in the order the table shows them (nic, form, job); a
# new one is a new entry here and in util/bench's list of boots.
NICS = ("e1000", "virtio-net-pci")
CONFIGS = tuple((nic, form, job) for nic in NICS for form, job in (
    ("lkrn", "xfer"), ("rom", "xfer"), ("efi", "xfer"),
    ("lkrn", "entry"), ("efi", "entry")))
NOTES = """n: the boots in the median (make bench runs the BIOS ROM and UEFI rows once).
kernel entry: the kernel's first words on COM1, before it decompresses (BIOS: its
  decompressor's, with nokaslr earlyprintk; UEFI: its EFI stub's, once it has the
  initrd), on the capture's clock through the firmware's DHCPDISCOVER.
Linux: the same kernel booted by qemu -kernel, busybox's udhcpc and wget."""
NIC_LABELS = {"e1000": "e1000", "virtio-net-pci": "virtio-net"}
FORM_LABELS = {"lkrn": "BIOS lkrn", "rom": "BIOS ROM", "efi": "UEFI .efi"}


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


def kernel_entry(times):
    """When the booted kernel started: the DHCPDISCOVER plus entry.py's interval."""
    if times["discover"] is None or times.get("discover_to_entry") is None:
        return None
    return times["discover"] + times["discover_to_entry"]


def difference(a, b):
    """b - a, or None when either is missing."""
    return None if a is None or b is None else b - a


# Metrics of each job: key, label, unit, how to get it from a boot's
# times, and the target: (kind, value, text). Kinds: "abs_le" (nicboot's
# value at most value), "ratio_le" / "ratio_ge" (nicboot / iPXE at most /
# at least value), "linux_ge" (nicboot at least the Linux guest), "none"
# (shown, no target). A target of None is the card's (http_target).
METRICS = {
    "xfer": (
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
    ),
    "entry": (
        ("kernel_entry", "qemu start -> kernel entry, by HTTP", "s",
         kernel_entry, ("none", None, "")),
        ("initrd_end", "qemu start -> initrd fetched", "s",
         lambda t: (transfer(t, "http", SERVER_IP, INITRD_PATH) or {}).get("end"),
         ("none", None, "")),
    ),
}
# The Linux guest's metrics shown in its column (same keys as "xfer").
LINUX_METRICS = ("dhcp", "http")
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
    return ("linux_ge", None, ">= Linux guest")


def verdict(target, ours, ratio, linux):
    """'yes', 'NO' or '' for a row's target."""
    kind, value, _ = target
    if kind == "linux_ge" and ours is not None and linux is not None:
        return "yes" if ours >= linux else "NO"
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
    """{(firmware, nic, form, job): {metric: [samples]}} from every boot."""
    samples = {}
    for rnd in sorted(os.listdir(runs)):
        for boot in sorted(os.listdir(os.path.join(runs, rnd))):
            path = os.path.join(runs, rnd, boot, "times.json")
            if (not os.path.exists(path)
                    or os.path.exists(os.path.join(runs, rnd, boot, "failed"))):
                continue
            config = tuple(boot.split("."))
            with open(path) as f:
                times = json.load(f)
            entry = os.path.join(runs, rnd, boot, "entry.json")
            if os.path.exists(entry) and os.path.getsize(entry):
                with open(entry) as f:
                    times.update(json.load(f))
            dropped = os.path.join(runs, rnd, boot, "tap_dropped")
            if os.path.exists(dropped):
                with open(dropped) as f:
                    times["tap_dropped"] = int(f.read())
            job = "xfer" if config[3] == LINUX_JOB else config[3]
            row = samples.setdefault(config, {})
            for key, get in [(m[0], m[3]) for m in METRICS[job]] + list(DIAGNOSTICS):
                value = get(times)
                if value is not None:
                    row.setdefault(key, []).append(value)
    return samples


def median_of(samples, config, key):
    """The median of a configuration's samples of a metric, or None."""
    s = samples.get(config, {}).get(key, [])
    return statistics.median(s) if s else None


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
    print(f"\n{'in qemu (TCG), median of n boots':<62} {'n':>2} {'nicboot':>8} {'iPXE':>8} "
          f"{'ratio':>6} {'Linux':>7}  target")
    for nic, form, job in CONFIGS:
        configs = {fw: (fw, nic, form, job) for fw in FIRMWARES}
        if not any(c in samples for c in configs.values()):
            continue
        for key, label, unit, _, target in METRICS[job]:
            target = target or http_target(nic)
            vals = {fw: median_of(samples, c, key) for fw, c in configs.items()}
            if vals["nicboot"] is None and vals["ipxe"] is None:
                continue
            linux = None
            if job == "xfer" and key in LINUX_METRICS:
                linux = median_of(samples, (LINUX, nic, LINUX_FORM, LINUX_JOB), key)
            ratio = None
            if vals["nicboot"] is not None and vals["ipxe"]:
                ratio = vals["nicboot"] / vals["ipxe"]
            met = verdict(target, vals["nicboot"], ratio, linux)
            count = len(samples.get(configs["nicboot"], {}).get(key, []))
            name = f"{NIC_LABELS.get(nic, nic)} {FORM_LABELS.get(form, form)}: {label}, {unit}"
            print(f"{name:<62} {count:>2} {fmt(vals['nicboot'], unit):>8} {fmt(vals['ipxe'], unit):>8} "
                  f"{'-' if ratio is None else f'{ratio:.2f}':>6} {fmt(linux, unit):>7}  {target[2]} {met}")
            rows.append({"nic": nic, "form": form, "job": job, "metric": key, "label": label,
                         "unit": unit, "nicboot": vals["nicboot"], "ipxe": vals["ipxe"],
                         "linux": linux, "ratio": ratio, "target": target[2], "met": met or None,
                         "samples": {fw: samples.get(c, {}).get(key, [])
                                     for fw, c in configs.items()}})
    print(NOTES)
    sizes = read_sizes(sizes_path)
    if sizes:
        print(f"\n{'artifact sizes, bytes':<65} {'nicboot':>8} {'iPXE':>8} {'ratio':>6}  target")
        for image, ours, theirs, ratio in sizes:
            target = "<= iPXE's" if image.endswith(".rom") else ""
            met = ""
            if target and ratio != "-":
                met = "yes" if float(ratio) <= 1.0 else "NO"
            print(f"{image:<65} {ours:>8} {theirs:>8} {ratio:>6}  {target} {met}")
    diagnostics = []
    for (fw, nic, form, job), values in sorted(samples.items()):
        diagnostics.append({"firmware": fw, "nic": nic, "form": form, "job": job,
                            **{key: statistics.median(values[key])
                               for key, _ in DIAGNOSTICS if values.get(key)}})
    with open(out, "w") as f:
        json.dump({"rounds": rounds, "rows": rows, "diagnostics": diagnostics,
                   "sizes": [{"image": i, "nicboot": o, "ipxe": t, "ratio": r}
                             for i, o, t, r in sizes]}, f, indent=1)
        f.write("\n")


# Issue 7's loss-safe windowing: beat lockstep, send at most 1.5x the file.
LOSS_MIN_SPEEDUP = 1.0
LOSS_MAX_SENT = 1.5


def loss(host_json, percent, file_bytes, win_mbps, win_sent, lock_mbps, lock_sent):
    """Print the loss row and add it to the host program's JSON."""
    size = int(file_bytes)
    win, lock = float(win_mbps), float(lock_mbps)
    speedup = win / lock
    sent = int(win_sent) / size
    lock_ratio = int(lock_sent) / size
    speedup_met = "yes" if speedup >= LOSS_MIN_SPEEDUP else "NO"
    sent_met = "yes" if sent <= LOSS_MAX_SENT else "NO"
    label = f"TFTP 64 MiB at {percent}% loss, atftpd: windowed vs lockstep (nicboot-linux)"
    print(f"\n{label}")
    print(f"  windowed {win:.1f} MB/s, lockstep {lock:.1f} MB/s: ratio {speedup:.2f}"
          f"  target >= {LOSS_MIN_SPEEDUP:g} {speedup_met}")
    print(f"  windowed: server sent {sent:.3f}x the file (lockstep {lock_ratio:.3f}x)"
          f"  target <= {LOSS_MAX_SENT:g}x {sent_met}")
    with open(host_json) as f:
        host = json.load(f)
    host["loss"] = {"row": label, "loss_percent": float(percent),
                    "windowed_mbps": win, "lockstep_mbps": lock,
                    "ratio": round(speedup, 3), "ratio_target": f">= {LOSS_MIN_SPEEDUP:g}",
                    "ratio_met": speedup_met,
                    "windowed_sent_ratio": round(sent, 4), "lockstep_sent_ratio": round(lock_ratio, 4),
                    "sent_target": f"<= {LOSS_MAX_SENT:g}", "sent_met": sent_met,
                    "sent_counted": "nft counter of atftpd's DATA frames on the tap's egress, "
                                    "ahead of the loss's drop, less their headers"}
    with open(host_json, "w") as f:
        json.dump(host, f)
        f.write("\n")


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 9 and sys.argv[1] == "loss":
        loss(*sys.argv[2:])
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "table":
        table(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) == 5 else None)
    else:
        sys.exit("usage: report.py check TIMES.json SPEC... | table RUNS OUT.json [SIZES]"
                 " | loss HOST.json PERCENT FILE_BYTES WIN_MBPS WIN_SENT LOCK_MBPS LOCK_SENT")


if __name__ == "__main__":
    main()
