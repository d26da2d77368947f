# SPDX-License-Identifier: MIT
# What goes into the BIOS images: bin/nicboot.lkrn and one option ROM per card.
BIOS_FEATURES := libc core console settings uri shell cmd_basic cmd_settings \
	net tcp dhcp dns tftp http image multiboot bzimage power firmware

# The platform: entry, trampoline, BIOS services, consoles, PCI.
BIOS_PLATFORM_SRCS := \
	src/arch/x86/entry.S src/arch/x86/trampoline.S src/arch/x86/realmode.c \
	src/arch/x86/pci_config.c src/platform/bios/main.c \
	src/platform/bios/memmap.c src/platform/bios/timer.c src/arch/x86/tsc.c \
	src/platform/bios/power.c src/platform/bios/smbios.c \
	src/platform/bios/boot.c src/arch/x86/boot_jump.S \
	src/platform/bios/bios_console.c src/platform/bios/sercon.c \
	src/drivers/serial/ns16550.c \
	src/drivers/bus/pci.c src/drivers/bus/pci_scan.c

# Network drivers, by family.
DRIVER_e1000 := src/drivers/net/e1000.c
DRIVER_virtio := src/drivers/bus/virtio_pci.c src/drivers/net/virtio_net.c
DRIVER_rtl8139 := src/drivers/net/rtl8139.c
# The vendor PXE ROM's UNDI (bin/undionly.kpxe).
DRIVER_undi := src/arch/x86/pxe_api.c src/drivers/net/undinet.c

# The PXE API nicboot offers the programs it boots (pxelinux.0 ...):
# entry points, dispatcher, hidden memory, the base, TFTP, UDP and UNDI
# calls, and the PXE image type (linked after every other image type).
DRIVER_pxe_api := src/arch/x86/pxe_blob.S src/arch/x86/pxe_entry.c \
	src/arch/x86/pxe_dispatch.c src/arch/x86/pxe_hidemem.c \
	src/arch/x86/pxe_base.c src/arch/x86/pxe_tftp.c src/arch/x86/pxe_file.c \
	src/arch/x86/pxe_udp.c src/arch/x86/pxe_undi.c src/image/pxe.c

# bin/nicboot.lkrn drives every card and offers the PXE API; each ROM
# only its own card.
LKRN_DRIVERS := e1000 virtio rtl8139 pxe_api
# bin/undionly.kpxe: the vendor's UNDI, and the PXE API on top of it
# (the option ROMs have no room for it under ROM_MAX_SIZE).
KPXE_DRIVERS := undi pxe_api
# bin/nicboot.pxe: every card, after its prefix unloaded the vendor's PXE
# stack (pxe_unload reports on that and reuses the ROM's DHCP ACK).
DRIVER_pxe_unload := src/arch/x86/pxe_unload.c
PXE_DRIVERS := $(LKRN_DRIVERS) pxe_unload
# ROM name (PCI vendor and device) -> driver family.
ROMS := 8086100e 808610d3 1af41000 10ec8139
ROM_DRIVER_8086100e := e1000
ROM_DRIVER_808610d3 := e1000
ROM_DRIVER_1af41000 := virtio
ROM_DRIVER_10ec8139 := rtl8139

# The installer that unpacks the payload (src/arch/x86/prefix).
INSTALLER_SRCS := src/arch/x86/prefix/install_entry.S \
	src/arch/x86/prefix/install.c src/core/lzunpack.c
