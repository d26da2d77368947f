# SPDX-License-Identifier: MIT
# What goes into the UEFI applications: bin/nicboot.efi (nicboot's own
# drivers, and the firmware's SNP for any other card) and bin/snponly.efi
# (only the card it was loaded from, through the firmware's SNP).
EFI_FEATURES := libc core console settings uri shell cmd_basic cmd_settings \
	net tcp dhcp dns tftp http image power firmware

# The platform both applications share: entry, consoles, clock, heap,
# power, SMBIOS, the SNP driver, running EFI images and offering them the
# boot card (SNP, PXE Base Code).
EFI_PLATFORM_SRCS := \
	src/platform/efi/main.c src/platform/efi/efi_console.c \
	src/platform/efi/timer.c src/arch/x86/tsc.c src/platform/efi/memory.c \
	src/platform/efi/power.c src/platform/efi/smbios.c \
	src/platform/efi/efi_util.c src/platform/efi/efi_snp.c \
	src/platform/efi/efi_image.c src/platform/efi/efi_initrd.c \
	src/platform/efi/efi_file.c src/platform/efi/efi_devpath.c \
	src/platform/efi/efi_snp_provider.c src/platform/efi/efi_pxebc.c \
	src/platform/efi/efi_netboot.c \
	src/drivers/serial/ns16550.c src/drivers/net/snpnet.c

# bin/nicboot.efi: every card nicboot has a driver for over PCI I/O, the
# firmware's SNP for the rest.
EFI_NICBOOT_SRCS := src/platform/efi/efi_pci.c src/platform/efi/net_all.c \
	src/drivers/bus/pci.c
EFI_NICBOOT_DRIVERS := e1000 virtio rtl8139
# bin/snponly.efi: the SNP of the device it was loaded from, nothing else.
EFI_SNPONLY_SRCS := src/platform/efi/net_loaded.c
