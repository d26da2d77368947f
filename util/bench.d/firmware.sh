# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# make bench, firmware part: boots nicboot, Debian's iPXE and the Linux
# reference guest in qemu (TCG) on a tap of the bench's namespace and
# times each boot from a capture.
# BENCH_KEEP_PCAP=1 keeps each boot's capture (DIR/net.pcap).
# Source after tests/net/lib.sh and tests/qemu/lib.sh, with IMAGES and
# ASSETS (the kernel and util/bench.d/initramfs's initramfs) set; call
# fw_setup once the servers run, then fw_boot or guest_boot per boot,
# and fw_cleanup at the end.

# The boot file every firmware gets by DHCP, and the files it fetches.
FW_SCRIPT=boot.ipxe
FW_TFTP_FILE=f64
FW_HTTP_FILE=f256
# The names the kernel and the bench's initramfs have on the servers.
FW_KERNEL=vmlinuz
FW_INITRD=bench.cpio
# The kernel says these on COM1 as it starts, before it decompresses:
# under BIOS its decompressor (when the command line has nokaslr and
# earlyprintk: Debian builds it without X86_VERBOSE_BOOTUP, so it says
# nothing else); under UEFI its EFI stub (which decompresses the kernel
# itself), through the firmware's console, once it has the initrd.
FW_ENTRY_ARGS="nokaslr earlyprintk=serial,ttyS0,115200"
FW_ENTRY_MARKER_BIOS="KASLR disabled"
FW_ENTRY_MARKER_EFI="EFI stub: Loaded initrd"
FW_BOOT_TIMEOUT=${BENCH_BOOT_TIMEOUT:-300}
# The downloads need room: 256 MiB by HTTP, held in the guest's memory.
FW_MEMORY_MB=1024
# filter-dump stamps a packet with the epoch second it was set up plus the
# guest's virtual clock (0 when the guest starts). With the guest's RTC on
# the virtual clock from a fixed base, that second is the base, so a stamp
# minus FW_EPOCH is the time since the guest started.
FW_RTC_BASE=2020-01-01T00:00:00
FW_EPOCH=1577836800
# Enough of each frame for the DHCP message type, TFTP file names and
# HTTP request lines; the payloads are not needed (sizes come from the
# IP header), which keeps the capture of 384 MiB of transfers near 150 MB.
FW_CAPTURE_BYTES=512
# qemu writes each captured frame while it holds its global lock, which
# the guest's doorbell writes wait for: on a disk file system (ext4) the
# writes took 40 % of qemu's I/O thread and slowed the fastest firmware
# most. So the capture goes to memory (/dev/shm) while it is written, if
# it has room for the largest one (about 150 MB), and on to disk only
# when it is kept.
FW_SHM=/dev/shm
FW_CAPTURE_ROOM_KB=$((512 * 1024))
# UEFI: Debian's OVMF, each boot with a fresh copy of its variable store,
# the application on a USB stick as \EFI\BOOT\BOOTX64.EFI.
OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
FW_STICK_MB=16
IPXE_EFI=$IPXE_DIR/ipxe.efi

# fw_setup: the kernel and initramfs on the HTTP server, each
# firmware's USB stick for UEFI, and where captures are written.
fw_setup() {
	cp "$ASSETS/vmlinuz" "$WORK/files/$FW_KERNEL"
	cp "$ASSETS/bench-initramfs.cpio" "$WORK/files/$FW_INITRD"
	fw_stick "$IMAGES/nicboot.efi" "$WORK/stick-nicboot.img"
	fw_stick "$IPXE_EFI" "$WORK/stick-ipxe.img"
	if [[ $(df -Pk "$FW_SHM" 2>/dev/null | awk 'NR == 2 { print $4 }') -ge \
		$FW_CAPTURE_ROOM_KB ]]; then
		FW_CAPTURE_DIR=$(mktemp -d "$FW_SHM/nicboot-bench.XXXXXX")
	else
		echo "bench: $FW_SHM has no room for the captures; they go to disk," \
			"which slows the guests" >&2
		FW_CAPTURE_DIR=$WORK/capture
		mkdir -p "$FW_CAPTURE_DIR"
	fi
	FW_CAPTURE=$FW_CAPTURE_DIR/net.pcap
}

# fw_cleanup: remove the capture directory.
fw_cleanup() {
	[[ -z ${FW_CAPTURE_DIR:-} ]] || rm -rf "$FW_CAPTURE_DIR"
}

# fw_keep_capture DIR: move the last capture to DIR/net.pcap.
fw_keep_capture() {
	[[ ! -f $FW_CAPTURE ]] || mv "$FW_CAPTURE" "$1/net.pcap"
}

# fw_stick APP IMAGE: a FAT image that boots APP.
fw_stick() {
	truncate -s "${FW_STICK_MB}M" "$2"
	mformat -i "$2" ::
	mmd -i "$2" ::/EFI ::/EFI/BOOT
	mcopy -i "$2" "$1" ::/EFI/BOOT/BOOTX64.EFI
}

# fw_write_script JOB: the boot script for JOB, which every firmware runs.
# xfer: TFTP 64 MiB from dnsmasq and from atftpd, HTTP 256 MiB from nginx,
# then reboot, which -no-reboot turns into qemu's exit (Debian's iPXE has
# no poweroff). entry: the kernel and the bench's initramfs by HTTP, then
# boot; fw_entry_boot ends qemu once the kernel has started.
fw_write_script() {
	local file=$WORK/files/$FW_SCRIPT
	if [[ $1 == xfer ]]; then
		cat >"$file" <<SCRIPT
#!ipxe
imgfetch --name t1 tftp://$SERVER_IP/$FW_TFTP_FILE
imgfree t1
imgfetch --name t2 tftp://$WINDOW_SERVER_IP/$FW_TFTP_FILE
imgfree t2
imgfetch --name h1 http://$SERVER_IP/$FW_HTTP_FILE
imgfree h1
reboot
SCRIPT
	else
		cat >"$file" <<SCRIPT
#!ipxe
kernel http://$SERVER_IP/$FW_KERNEL initrd=$FW_INITRD $FW_ENTRY_ARGS
initrd http://$SERVER_IP/$FW_INITRD
boot
SCRIPT
	fi
}

# fw_device_args NIC FORM DIR: the qemu arguments that boot FIRMWARE's
# FORM (lkrn, rom or efi) on NIC.
fw_device_args() {
	local nic=$1 form=$2 dir=$3
	case $form in
	lkrn) echo "-kernel $LKRN -device $nic,netdev=n0,romfile=" ;;
	rom) echo "-device $nic,netdev=n0,romfile=$(rom_path "$nic")$(rom_options "$nic") -boot n" ;;
	efi)
		cp "$OVMF_VARS" "$dir/vars.fd"
		echo "-drive if=pflash,format=raw,readonly=on,file=$OVMF_CODE" \
			"-drive if=pflash,format=raw,file=$dir/vars.fd" \
			"-device qemu-xhci -drive if=none,id=stick,format=raw,readonly=on,file=$WORK/stick-$FIRMWARE.img" \
			"-device usb-storage,drive=stick,bootindex=0 -device $nic,netdev=n0,romfile="
		;;
	esac
}

# fw_tap_dropped: how many frames the tap dropped on the way to the guest.
fw_tap_dropped() {
	in_ns cat /sys/class/net/tap0/statistics/tx_dropped
}

# fw_qemu DIR REASON QEMU-ARG...: one bounded boot on the tap, captured
# to FW_CAPTURE; fails, saying why and keeping the capture in DIR, unless
# it ended for REASON (QMP's).
# (CONSOLE_ARGS, GUEST_MEMORY_MB and QEMU_UNDER are tests/qemu/lib.sh's,
# which boot_qemu reads.)
# shellcheck disable=SC2034
fw_qemu() {
	local dir=$1 expected=$2 dropped reason
	shift 2
	# The same console for all: the screen (no display) and COM1 to a
	# file; times come from the capture, not from the console.
	CONSOLE_ARGS=()
	GUEST_MEMORY_MB=$FW_MEMORY_MB
	QEMU_UNDER=(ip netns exec "$NS" env TZ=UTC)
	dropped=$(fw_tap_dropped)
	rm -f "$FW_CAPTURE"
	boot_qemu "$dir" "$FW_BOOT_TIMEOUT" \
		-rtc "base=$FW_RTC_BASE,clock=vm" \
		-netdev tap,id=n0,ifname=tap0,script=no,downscript=no,vnet_hdr=off \
		-object "filter-dump,id=f0,netdev=n0,file=$FW_CAPTURE,maxlen=$FW_CAPTURE_BYTES" \
		"$@"
	# Frames for the guest that the tap's queue dropped while qemu
	# did not read them (the guest had no free receive buffers).
	echo $(($(fw_tap_dropped) - dropped)) >"$dir/tap_dropped"
	reason=$(shutdown_reason "$dir")
	if [[ $BOOT_STATUS -ne 0 || $reason != "$expected" || ! -f $FW_CAPTURE ]]; then
		fw_keep_capture "$dir"
		echo "$(basename "$dir"): qemu status $BOOT_STATUS, ended by '${reason:-nothing}'" >&2
		show_logs "$dir" >&2
		return 1
	fi
}

# fw_times DIR SPEC...: the capture's times to DIR/times.json (the
# capture itself is removed, or kept in DIR with BENCH_KEEP_PCAP); fails, naming why, when the DHCP exchange or
# a transfer (report.py check's SPEC) is missing or short.
fw_times() {
	local dir=$1
	shift
	util/bench.d/pcap.py "$FW_CAPTURE" "$FW_EPOCH" >"$dir/times.json"
	if [[ -n ${BENCH_KEEP_PCAP:-} ]]; then
		fw_keep_capture "$dir"
	else
		rm -f "$FW_CAPTURE"
	fi
	util/bench.d/report.py check "$dir/times.json" "$@"
}

# fw_entry_qemu DIR MARKER QEMU-ARG...: fw_qemu with COM1 on a socket,
# where entry.py times the kernel's start by MARKER (DIR/entry.json) and
# then ends qemu.
# shellcheck disable=SC2034
fw_entry_qemu() {
	local dir=$1 marker=$2 watcher status=0
	shift 2
	SERIAL_SOCKET=$dir/serial.sock
	in_ns util/bench.d/entry.py "$SERIAL_SOCKET" tap0 "$marker" "$FW_BOOT_TIMEOUT" \
		>"$dir/entry.json" &
	watcher=$!
	fw_qemu "$dir" host-signal "$@" || status=1
	wait "$watcher" || status=1
	SERIAL_SOCKET=
	return "$status"
}

# fw_boot FIRMWARE NIC FORM JOB DIR: boot FIRMWARE's FORM on NIC once to
# run JOB's script (fw_write_script), bounded, and time it. Fails,
# leaving DIR/failed, when the boot did not end as it should or a
# transfer is missing or short.
fw_boot() {
	local nic=$2 form=$3 job=$4 dir=$5 args marker=$FW_ENTRY_MARKER_BIOS
	FIRMWARE=$1
	firmware_profile
	rm -rf "$dir"
	mkdir -p "$dir"
	fw_write_script "$job"
	read -r -a args <<<"$(fw_device_args "$nic" "$form" "$dir")"
	if [[ $job == xfer ]]; then
		fw_qemu "$dir" guest-reset "${args[@]}" && fw_times "$dir" \
			"tftp:$SERVER_IP:$FW_TFTP_FILE:$((64 * 1024 * 1024))" \
			"tftp:$WINDOW_SERVER_IP:$FW_TFTP_FILE:$((64 * 1024 * 1024))" \
			"http:$SERVER_IP:/$FW_HTTP_FILE:$((256 * 1024 * 1024))"
	else
		[[ $form == efi ]] && marker=$FW_ENTRY_MARKER_EFI
		fw_entry_qemu "$dir" "$marker" "${args[@]}" && fw_times "$dir" \
			"http:$SERVER_IP:/$FW_KERNEL:$(stat -c %s "$ASSETS/vmlinuz")" \
			"http:$SERVER_IP:/$FW_INITRD:$(stat -c %s "$ASSETS/bench-initramfs.cpio")"
	fi || {
		touch "$dir/failed"
		return 1
	}
}

# guest_boot NIC DIR: the Linux reference, the same kernel booted by qemu
# itself with the bench's initramfs, whose /init runs busybox's udhcpc
# and wget of the HTTP file; timed from the capture like the firmware.
guest_boot() {
	local nic=$1 dir=$2
	rm -rf "$dir"
	mkdir -p "$dir"
	if ! { fw_qemu "$dir" guest-reset -kernel "$ASSETS/vmlinuz" -initrd "$ASSETS/bench-initramfs.cpio" \
		-append "quiet bench_server=$SERVER_IP bench_file=$FW_HTTP_FILE" \
		-device "$nic,netdev=n0,romfile=" &&
		fw_times "$dir" "http:$SERVER_IP:/$FW_HTTP_FILE:$((256 * 1024 * 1024))"; }; then
		touch "$dir/failed"
		return 1
	fi
}
