# SPDX-License-Identifier: MIT
# Boots a BIOS image in qemu (TCG): which firmware files to use, one bounded boot with its serial log and QMP events, and the checks on them.
# Source it after setting IMAGES and FIRMWARE (see tests/qemu/run).

QEMU=${QEMU:-qemu-system-x86_64}
# A command qemu runs under, such as ip netns exec NS (none by default).
QEMU_UNDER=()
NIC_MODELS=(e1000 e1000e virtio-net-pci rtl8139)
# nicboot's option ROMs are named after the PCI vendor and device IDs.
declare -A NICBOOT_ROMS=(
	[e1000]=8086100e.rom [e1000e]=808610d3.rom
	[virtio-net-pci]=1af41000.rom [rtl8139]=10ec8139.rom
)
IPXE_DIR=/usr/lib/ipxe
declare -A IPXE_ROMS=(
	[e1000]=pxe-e1000.rom [e1000e]=pxe-e1000e.rom
	[virtio-net-pci]=pxe-virtio.rom [rtl8139]=pxe-rtl8139.rom
)
# iPXE's virtio ROM names the modern device (1af4:1041), and qemu patches
# the device ID only into its default ROMs: the device goes modern-only.
declare -A IPXE_ROM_OPTIONS=([virtio-net-pci]=",disable-legacy=on")
GUEST_MEMORY_MB=256
BOOT_TIMEOUT=${QEMU_TIMEOUT:-120}
# After the timeout's TERM, a qemu that still runs gets KILL this much later.
KILL_GRACE_SECONDS=10
# SeaBIOS resets this long after it finds nothing to boot, which
# -no-reboot turns into an exit: a boot that falls through fails fast.
REBOOT_TIMEOUT_MS=1000
QMP_CAPABILITIES='{"execute":"qmp_capabilities"}'
LOG_TAIL_LINES=25
# What SeaBIOS's debug log says about option ROMs and boot attempts.
BIOS_LOG_PATTERN='option rom|Booting from|Boot failed|bootable'
# SeaBIOS writes its debug log to this port (qemu's isa-debugcon).
BIOS_DEBUG_PORT=0x402

# firmware_profile: set LKRN, END_SCRIPT (the script's last lines, which
# end the guest), SHUTDOWN_REASON (how QMP then reports the end) and
# CONSOLE_ARGS for $FIRMWARE.
firmware_profile() {
	case $FIRMWARE in
	nicboot)
		LKRN=$IMAGES/nicboot.lkrn
		END_SCRIPT=poweroff
		SHUTDOWN_REASON=guest-shutdown
		# nicboot drives COM1 itself; without SeaBIOS's serial
		# redirection its screen output does not mix into the log.
		CONSOLE_ARGS=()
		;;
	ipxe)
		LKRN=$IPXE_DIR/ipxe.lkrn
		# Debian's iPXE has no poweroff: it resets, which -no-reboot
		# turns into an exit. It prints only to the screen, which
		# SeaBIOS copies to COM1 with graphics off, late: the sleep
		# lets the last line out before the reset.
		END_SCRIPT=$'sleep 1\nreboot'
		SHUTDOWN_REASON=guest-reset
		CONSOLE_ARGS=(-machine graphics=off)
		;;
	*)
		echo "unknown FIRMWARE '$FIRMWARE' (nicboot or ipxe)" >&2
		return 1
		;;
	esac
}

# rom_path MODEL: the option ROM for a NIC model.
rom_path() {
	if [[ $FIRMWARE == ipxe ]]; then
		echo "$IPXE_DIR/qemu/${IPXE_ROMS[$1]}"
	else
		echo "$IMAGES/${NICBOOT_ROMS[$1]}"
	fi
}

# rom_options MODEL: what the -device of MODEL needs for its option ROM.
rom_options() {
	if [[ $FIRMWARE == ipxe ]]; then
		echo "${IPXE_ROM_OPTIONS[$1]:-}"
	fi
}

# write_script FILE LINE...: an iPXE-style script of LINEs that then ends the guest.
write_script() {
	local file=$1
	shift
	printf '#!ipxe\n' >"$file"
	printf '%s\n' "$@" "$END_SCRIPT" >>"$file"
}

# new_marker NAME: a line no earlier boot or other test prints.
new_marker() {
	echo "qemu-test-$1-$$-$RANDOM$RANDOM-done"
}

# A Unix socket path: when set, boot_qemu makes the serial port a socket
# there too, through which a test types keys (tests/qemu/serial-keys).
SERIAL_SOCKET=

# boot_qemu DIR SECONDS QEMU-ARG...: boot once, bounded; the serial log
# goes to DIR/serial.log, SeaBIOS's debug log to DIR/bios.log, QMP events
# to DIR/qmp.log, qemu's complaints to DIR/qemu.err, and qemu's exit
# status to BOOT_STATUS. With QEMU_LOGS set, the traffic of netdev n0
# goes to DIR/net.pcap too.
boot_qemu() {
	local dir=$1 seconds=$2 pcap=() serial=(-serial "file:$1/serial.log")
	shift 2
	[[ -n ${QEMU_LOGS:-} ]] && pcap=(-object "filter-dump,id=f0,netdev=n0,file=$dir/net.pcap")
	[[ -n $SERIAL_SOCKET ]] && serial=(
		-chardev "socket,id=com1,path=$SERIAL_SOCKET,server=on,wait=off,logfile=$dir/serial.log"
		-serial chardev:com1)
	BOOT_STATUS=0
	# QMP on stdin/stdout: the capabilities handshake turns on its
	# events, among them SHUTDOWN with the reason the guest ended.
	echo "$QMP_CAPABILITIES" |
		timeout --foreground --kill-after="$KILL_GRACE_SECONDS" "$seconds" \
			"${QEMU_UNDER[@]}" "$QEMU" -accel tcg -m "$GUEST_MEMORY_MB" -display none \
			"${CONSOLE_ARGS[@]}" "${serial[@]}" \
			-chardev "file,id=bios,path=$dir/bios.log" \
			-device "isa-debugcon,iobase=$BIOS_DEBUG_PORT,chardev=bios" \
			-qmp stdio -no-reboot -boot "reboot-timeout=$REBOOT_TIMEOUT_MS" \
			"${pcap[@]}" "$@" \
			>"$dir/qmp.log" 2>"$dir/qemu.err" || BOOT_STATUS=$?
}

# serial_text DIR: the serial log as a terminal shows it: of a line that
# carriage returns overwrite (progress), only its last state; without the
# escape sequences that move the cursor or colour the text (a menu).
serial_text() {
	sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b[A-Za-z]//g' \
		-e 's/\r$//' -e 's/.*\r//' "$1/serial.log"
}

# shutdown_reason DIR: why the guest ended, from the QMP SHUTDOWN event.
shutdown_reason() {
	sed -n 's/.*"event": "SHUTDOWN".*"reason": "\([a-z-]*\)".*/\1/p' "$1/qmp.log"
}

# check_boot DIR SECONDS MARKER: the boot ended on its own the way the
# firmware's end command ends it, after printing MARKER as a whole line.
# Prints what went wrong.
check_boot() {
	local dir=$1 seconds=$2 marker=$3 reason
	if [[ $BOOT_STATUS -eq 124 || $BOOT_STATUS -eq 137 ]]; then
		echo "timed out after $seconds s"
		return 1
	fi
	if [[ $BOOT_STATUS -ne 0 ]]; then
		echo "qemu exited with status $BOOT_STATUS"
		return 1
	fi
	reason=$(shutdown_reason "$dir")
	if [[ $reason != "$SHUTDOWN_REASON" ]]; then
		echo "guest ended by '${reason:-nothing}', expected '$SHUTDOWN_REASON'"
		return 1
	fi
	if ! serial_text "$dir" | grep -qxF -- "$marker"; then
		echo "serial log lacks the line '$marker'"
		return 1
	fi
}

# quote: indent stdin as a quoted log, ending even an unfinished last line.
quote() {
	awk '{ print "    | " $0 }'
}

# show_logs DIR: the end of the serial log, what SeaBIOS did with the
# option ROMs and the boot devices, and whatever qemu complained about.
show_logs() {
	echo "serial log (last $LOG_TAIL_LINES lines):"
	serial_text "$1" | tail -n "$LOG_TAIL_LINES" | quote
	echo "SeaBIOS log (option ROMs, boot attempts):"
	grep -E -- "$BIOS_LOG_PATTERN" "$1/bios.log" | tail -n "$LOG_TAIL_LINES" | quote
	if [[ -s $1/qemu.err ]]; then
		echo "qemu stderr:"
		quote <"$1/qemu.err"
	fi
}
