# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# make bench, firmware part: boots nicboot and Debian's iPXE in qemu (TCG)
# on a tap of the bench's namespace and times each boot from a capture.
# BENCH_KEEP_PCAP=1 keeps each boot's capture (DIR/net.pcap).
# Source after tests/net/lib.sh and tests/qemu/lib.sh, with IMAGES set;
# call fw_setup once the servers run, then fw_boot per boot.

# The boot file every firmware gets by DHCP, and the files it fetches.
FW_SCRIPT=boot.ipxe
FW_TFTP_FILE=f64
FW_HTTP_FILE=f256
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

# fw_setup: write the boot script every firmware runs. It ends with
# reboot, which -no-reboot turns into qemu's exit (Debian's iPXE has no
# poweroff), so both firmwares run the very same file.
fw_setup() {
	cat >"$WORK/files/$FW_SCRIPT" <<SCRIPT
#!ipxe
imgfetch --name t1 tftp://$SERVER_IP/$FW_TFTP_FILE
imgfree t1
imgfetch --name t2 tftp://$WINDOW_SERVER_IP/$FW_TFTP_FILE
imgfree t2
imgfetch --name h1 http://$SERVER_IP/$FW_HTTP_FILE
imgfree h1
reboot
SCRIPT
}

# fw_device_args NIC FORM: the qemu arguments that boot FIRMWARE's FORM
# (lkrn or rom) on NIC.
fw_device_args() {
	local nic=$1 form=$2
	if [[ $form == lkrn ]]; then
		echo "-kernel $LKRN -device $nic,netdev=n0,romfile="
	else
		echo "-device $nic,netdev=n0,romfile=$(rom_path "$nic")$(rom_options "$nic") -boot n"
	fi
}

# fw_tap_dropped: how many frames the tap dropped on the way to the guest.
fw_tap_dropped() {
	in_ns cat /sys/class/net/tap0/statistics/tx_dropped
}

# fw_boot FIRMWARE NIC FORM DIR: boot once, bounded; the capture's times
# go to DIR/times.json (the capture itself is removed). Fails, naming
# why and leaving DIR/failed, when the boot did not end by its script's
# reboot or a transfer is missing or short. (CONSOLE_ARGS, GUEST_MEMORY_MB
# and QEMU_UNDER are tests/qemu/lib.sh's, which boot_qemu reads.)
# shellcheck disable=SC2034
fw_boot() {
	local nic=$2 form=$3 dir=$4 args reason dropped
	FIRMWARE=$1
	firmware_profile
	# The same console for both: the screen (no display) and COM1 to a
	# file; times come from the capture, not from the console.
	CONSOLE_ARGS=()
	GUEST_MEMORY_MB=$FW_MEMORY_MB
	QEMU_UNDER=(ip netns exec "$NS" env TZ=UTC)
	rm -rf "$dir"
	mkdir -p "$dir"
	read -r -a args <<<"$(fw_device_args "$nic" "$form")"
	dropped=$(fw_tap_dropped)
	boot_qemu "$dir" "$FW_BOOT_TIMEOUT" \
		-rtc "base=$FW_RTC_BASE,clock=vm" \
		-netdev tap,id=n0,ifname=tap0,script=no,downscript=no,vnet_hdr=off \
		-object "filter-dump,id=f0,netdev=n0,file=$dir/net.pcap,maxlen=$FW_CAPTURE_BYTES" \
		"${args[@]}"
	# Frames for the guest that the tap's queue dropped while qemu
	# did not read them (the guest had no free receive buffers).
	echo $(($(fw_tap_dropped) - dropped)) >"$dir/tap_dropped"
	reason=$(shutdown_reason "$dir")
	if [[ $BOOT_STATUS -ne 0 || $reason != guest-reset || ! -f $dir/net.pcap ]]; then
		echo "$FIRMWARE $form on $nic: qemu status $BOOT_STATUS, ended by '${reason:-nothing}'" >&2
		show_logs "$dir" >&2
		touch "$dir/failed"
		return 1
	fi
	util/bench.d/pcap.py "$dir/net.pcap" "$FW_EPOCH" >"$dir/times.json"
	[[ -n ${BENCH_KEEP_PCAP:-} ]] || rm -f "$dir/net.pcap"
	if ! util/bench.d/report.py check "$dir/times.json" \
		"tftp:$SERVER_IP:$FW_TFTP_FILE:$((64 * 1024 * 1024))" \
		"tftp:$WINDOW_SERVER_IP:$FW_TFTP_FILE:$((64 * 1024 * 1024))" \
		"http:$SERVER_IP:/$FW_HTTP_FILE:$((256 * 1024 * 1024))"; then
		touch "$dir/failed"
		return 1
	fi
}
