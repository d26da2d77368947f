# SPDX-License-Identifier: MIT
# nicboot build. `make` builds every artifact; `make test`, `make demo` and
# `make bench` install what they need (util/install-deps) and run.
#
# Firmware code is freestanding: it sees only nicboot's own headers
# (src/include) and the compiler's (stddef.h, stdint.h, stdarg.h ...).
# The host program links that same code with a small shim built against
# the host C library; every global symbol of the freestanding part is
# renamed nb_* first, so nicboot's libc never meets the host's.

.SUFFIXES:
.DELETE_ON_ERROR:
SHELL := /bin/bash

CC := gcc
LD := ld
NM := nm
OBJCOPY := objcopy

include src/config/features.mk
include src/config/linux.mk
include src/config/bios.mk

# Where objects go; parallel builds of one tree may each use their own.
BUILD ?= build
# Where the artifacts go (a parallel build may use its own).
BIN ?= bin

GCC_INCLUDE := $(shell $(CC) -print-file-name=include)

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wpointer-arith -Wvla -Wno-unused-parameter \
	-Wno-missing-field-initializers
FREESTANDING_CFLAGS := -std=gnu11 -ffreestanding -nostdinc \
	-isystem $(GCC_INCLUDE) -Isrc/include -Isrc -fno-common \
	-fno-stack-protector -g $(WARNINGS)
HOSTED_CFLAGS := -std=gnu11 -g -Isrc $(WARNINGS) -D_GNU_SOURCE

# Host build variants: `opt` is bin/nicboot-linux as users run it (and as
# valgrind sees it); `san` runs the tests under ASan and UBSan, with the
# heap's checking mode on.
VARIANT_CFLAGS_opt := -O2
VARIANT_CFLAGS_san := -O1 -fno-omit-frame-pointer -DHEAP_CHECK \
	-fsanitize=address,undefined -fno-sanitize-recover=all
VARIANT_LDFLAGS_opt :=
VARIANT_LDFLAGS_san := -fsanitize=address,undefined

LINUX_CORE_SRCS := $(foreach f,$(LINUX_FEATURES),$(FEATURE_$(f)))
# While a tree is being written, ALLOW_MISSING=1 builds what exists.
ifdef ALLOW_MISSING
LINUX_CORE_SRCS := $(wildcard $(LINUX_CORE_SRCS))
LINUX_PLATFORM_SRCS := $(wildcard $(LINUX_PLATFORM_SRCS))
LINUX_MAIN_SRCS := $(wildcard $(LINUX_MAIN_SRCS))
endif
LINUX_FREE_SRCS := $(LINUX_CORE_SRCS) $(LINUX_PLATFORM_SRCS)
UNIT_TEST_SRCS := $(sort $(wildcard tests/unit/*.c))
# x86 modules the unit tests also run on the host (the PXE API calls, over
# a fake base memory); they and the tests see the arch headers.
UNIT_ARCH_SRCS := src/arch/x86/pxe_udp.c src/arch/x86/pxe_undi.c
UNIT_ARCH_CFLAGS := -Isrc/arch/x86/include

BIOS_ROM_FILES := $(ROMS:%=$(BIN)/%.rom)
ARTIFACTS := $(BIN)/nicboot-linux $(BIN)/nicboot.lkrn $(BIN)/nicboot.usb $(BIOS_ROM_FILES) \
	$(BIN)/undionly.kpxe $(BIN)/nicboot.pxe \
	$(BIN)/nicboot.efi $(BIN)/snponly.efi

.PHONY: all
all: $(ARTIFACTS)

# --- host variants -------------------------------------------------------

# Entry points the host side calls, which keep their names.
ENTRY_SYMBOLS := linux_main LLVMFuzzerTestOneInput LLVMFuzzerInitialize

# Link freestanding objects into one relocatable object with every global
# definition renamed nb_*, except the entry points.
define link_freestanding
	@mkdir -p $(@D)
	$(LD) -r -o $@.r $^
	$(NM) -g --defined-only $@.r | \
		awk -v keep="$(ENTRY_SYMBOLS)" \
		'BEGIN { split(keep, k); for (i in k) skip[k[i]] = 1 } \
		 !($$3 in skip) { print $$3, "nb_" $$3 }' > $@.syms
	$(OBJCOPY) --redefine-syms=$@.syms $@.r $@
	@rm -f $@.r
endef

# $(1) = variant name
define host_variant
$(1)_FREE_OBJS := $$(LINUX_FREE_SRCS:%.c=$(BUILD)/$(1)/%.o)
$(1)_MAIN_OBJS := $$(LINUX_MAIN_SRCS:%.c=$(BUILD)/$(1)/%.o)
$(1)_TEST_OBJS := $$(UNIT_TEST_SRCS:%.c=$(BUILD)/$(1)/%.o) \
	$$(UNIT_ARCH_SRCS:%.c=$(BUILD)/$(1)/%.o)
$(1)_HOSTED_OBJS := $$(LINUX_HOSTED_SRCS:%.c=$(BUILD)/$(1)/%.o)

$$($(1)_FREE_OBJS) $$($(1)_MAIN_OBJS): $(BUILD)/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	$$(CC) $$(FREESTANDING_CFLAGS) $$(VARIANT_CFLAGS_$(1)) -MMD -MP -c -o $$@ $$<

$$($(1)_TEST_OBJS): $(BUILD)/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	$$(CC) $$(FREESTANDING_CFLAGS) $$(UNIT_ARCH_CFLAGS) $$(VARIANT_CFLAGS_$(1)) -MMD -MP -c -o $$@ $$<

$$($(1)_HOSTED_OBJS): $(BUILD)/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	$$(CC) $$(HOSTED_CFLAGS) $$(VARIANT_CFLAGS_$(1)) -MMD -MP -c -o $$@ $$<

$(BUILD)/$(1)/nicboot.o: $$($(1)_FREE_OBJS) $$($(1)_MAIN_OBJS)
	$$(link_freestanding)

$(BUILD)/$(1)/unit.o: $$($(1)_FREE_OBJS) $$($(1)_TEST_OBJS)
	$$(link_freestanding)

$(BUILD)/$(1)/nicboot-linux: $(BUILD)/$(1)/nicboot.o $$($(1)_HOSTED_OBJS)
	$$(CC) $$(VARIANT_LDFLAGS_$(1)) -o $$@ $$^

$(BUILD)/$(1)/unit-tests: $(BUILD)/$(1)/unit.o $$($(1)_HOSTED_OBJS)
	$$(CC) $$(VARIANT_LDFLAGS_$(1)) -o $$@ $$^

-include $$(wildcard $(BUILD)/$(1)/src/*/*.d $(BUILD)/$(1)/src/*/*/*.d $(BUILD)/$(1)/src/*/*/*/*.d $(BUILD)/$(1)/tests/*/*.d)
endef

$(eval $(call host_variant,opt))
$(eval $(call host_variant,san))

include tests/fuzz/fuzz.mk
include tests/multiboot/multiboot.mk
include src/platform/efi/efi.mk

$(BIN)/nicboot-linux: $(BUILD)/opt/nicboot-linux
	@mkdir -p $(@D)
	cp $< $@

# --- host tools ----------------------------------------------------------

HOST_TOOL_CFLAGS := -std=gnu11 -O2 $(WARNINGS)

$(BUILD)/util/%: util/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_TOOL_CFLAGS) -o $@ $<

# --- BIOS images ---------------------------------------------------------
#
# The payload (all 32-bit C) is linked at 0 and packed; a 16-bit prefix
# (lkrn, option ROM, USB disk or PXE NBP) carries it with the installer that unpacks it high
# in memory at boot. See docs/DESIGN.md, "BIOS images".

SERIAL_PORT ?= 0x3f8
SERIAL_BAUD ?= 115200
# `make BANNER_MS=N`: how long the banner offers Ctrl-B (src/config/general.h).
BANNER_FLAG := $(if $(BANNER_MS),-DBANNER_TIMEOUT_MS=$(BANNER_MS))
BIOS_CFLAGS := -m32 -march=i686 -mno-mmx -mno-sse -Os -fno-pic \
	-fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections \
	-Isrc/arch/x86/include \
	-DCONSOLE_SERIAL_PORT=$(SERIAL_PORT) -DCONSOLE_SERIAL_BAUD=$(SERIAL_BAUD) \
	$(BANNER_FLAG)
BIOS_LIBGCC = $(shell $(CC) -m32 -print-libgcc-file-name)
BIOS_DIR := $(BUILD)/bios
BIOS_CORE_SRCS := $(foreach f,$(BIOS_FEATURES),$(FEATURE_$(f))) \
	$(BIOS_PLATFORM_SRCS)
bios_objs = $(patsubst %,$(BIOS_DIR)/%.o,$(basename $(1)))
BIOS_CORE_OBJS := $(call bios_objs,$(BIOS_CORE_SRCS))

$(BIOS_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(FREESTANDING_CFLAGS) $(BIOS_CFLAGS) -MMD -MP -c -o $@ $<

$(BIOS_DIR)/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(FREESTANDING_CFLAGS) $(BIOS_CFLAGS) -MMD -MP -c -o $@ $<

# `make EMBED=script.ipxe` builds that script in; it replaces autoboot.
EMBED_FLAG := $(if $(EMBED),-DEMBED_FILE='"$(abspath $(EMBED))"')
$(BIOS_DIR)/src/core/embedded.o: src/core/embedded.S $(EMBED) $(BIOS_DIR)/embed.txt
	@mkdir -p $(@D)
	$(CC) $(FREESTANDING_CFLAGS) $(BIOS_CFLAGS) $(EMBED_FLAG) -c -o $@ $<

# Rebuild when EMBED changes between runs.
$(BIOS_DIR)/embed.txt: FORCE
	@mkdir -p $(@D)
	@echo '$(abspath $(EMBED))' | cmp -s - $@ || echo '$(abspath $(EMBED))' > $@

# Rebuild the banner's wait when BANNER_MS changes between runs.
$(BIOS_DIR)/src/core/autoboot.o: $(BUILD)/banner.txt
$(BUILD)/banner.txt: FORCE
	@mkdir -p $(@D)
	@echo '$(BANNER_MS)' | cmp -s - $@ || echo '$(BANNER_MS)' > $@

$(BIOS_DIR)/install.elf: $(call bios_objs,$(INSTALLER_SRCS)) src/arch/x86/prefix/install.lds
	$(LD) -m elf_i386 -T src/arch/x86/prefix/install.lds --no-warn-rwx-segments -o $@ \
		$(call bios_objs,$(INSTALLER_SRCS))

$(BIOS_DIR)/%.bin: $(BIOS_DIR)/%.elf
	$(OBJCOPY) -O binary $< $@

# $(1) = image name, $(2) = driver families, $(3) = prefix
define bios_image
$(BIOS_DIR)/$(1)/payload.elf: $(BIOS_CORE_OBJS) $(call bios_objs,$(foreach d,$(2),$(DRIVER_$(d)))) src/arch/x86/payload.lds
	@mkdir -p $$(@D)
	$(LD) -m elf_i386 -T src/arch/x86/payload.lds --gc-sections --no-warn-rwx-segments -o $$@ \
		$$(filter %.o,$$^) $$(BIOS_LIBGCC)

$(BIOS_DIR)/$(1)/payload.lz: $(BIOS_DIR)/$(1)/payload.bin $(BUILD)/util/lzpack
	$(BUILD)/util/lzpack --x86 $$< $$@

$(BIOS_DIR)/$(1)/image.o: src/arch/x86/prefix/$(3).S $(BIOS_DIR)/$(1)/payload.lz $(BIOS_DIR)/install.bin src/arch/x86/prefix/libprefix.S src/arch/x86/prefix/payload.S \
		src/arch/x86/prefix/nbp.h src/arch/x86/prefix/payload_addr.h \
		src/arch/x86/include/arch/modeswitch.h
	$(CC) $(FREESTANDING_CFLAGS) $(BIOS_CFLAGS) -Isrc/arch/x86/prefix \
		-DPAYLOAD_BIN='"$(BIOS_DIR)/$(1)/payload.lz"' \
		-DINSTALLER_BIN='"$(BIOS_DIR)/install.bin"' \
		-DPAYLOAD_UNPACKED_LEN=$$$$(stat -c %s $(BIOS_DIR)/$(1)/payload.bin) \
		-DPAYLOAD_MEM_LEN=0x$$$$($(NM) $(BIOS_DIR)/$(1)/payload.elf | awk '$$$$3 == "_bss_end" { print $$$$1 }') \
		-c -o $$@ $$<

$(BIOS_DIR)/$(1)/image.elf: $(BIOS_DIR)/$(1)/image.o src/arch/x86/prefix/prefix.lds
	$(LD) -m elf_i386 -T src/arch/x86/prefix/prefix.lds --no-warn-rwx-segments -o $$@ $$<
endef

$(eval $(call bios_image,lkrn,$(LKRN_DRIVERS),lkrnprefix))
$(eval $(call bios_image,usb,$(LKRN_DRIVERS),usbprefix))
$(foreach r,$(ROMS),$(eval $(call bios_image,rom-$(r),$(ROM_DRIVER_$(r)),romprefix)))
$(eval $(call bios_image,kpxe,$(KPXE_DRIVERS),kpxeprefix))
$(eval $(call bios_image,pxe,$(PXE_DRIVERS),pxeprefix))

$(BIN)/nicboot.lkrn: $(BIOS_DIR)/lkrn/image.bin
	@mkdir -p $(@D)
	cp $< $@

# Padded to 1 MiB: BIOSes refuse to boot USB disks of a few sectors.
USB_IMAGE_SIZE := 1M
$(BIN)/nicboot.usb: $(BIOS_DIR)/usb/image.bin
	@mkdir -p $(@D)
	cp $< $@
	truncate -s $(USB_IMAGE_SIZE) $@

$(BIN)/undionly.kpxe: $(BIOS_DIR)/kpxe/image.bin
	@mkdir -p $(@D)
	cp $< $@

$(BIN)/nicboot.pxe: $(BIOS_DIR)/pxe/image.bin
	@mkdir -p $(@D)
	cp $< $@

# The largest option ROM the build accepts: a common flash part.
ROM_MAX_SIZE := 65536
$(BIN)/%.rom: $(BIOS_DIR)/rom-%/image.bin $(BUILD)/util/romtool
	@mkdir -p $(@D)
	$(BUILD)/util/romtool --max-size $(ROM_MAX_SIZE) --vendor $(shell echo $* | cut -c1-4) \
		--device $(shell echo $* | cut -c5-8) $< $@

-include $(wildcard $(BIOS_DIR)/src/*/*.d $(BIOS_DIR)/src/*/*/*.d $(BIOS_DIR)/src/*/*/*/*.d)

.PHONY: FORCE
FORCE:

# --- the commands README.md gives ---------------------------------------

.PHONY: deps test unit demo bench sizes clean
deps:
	util/install-deps build test net fuzz qemu

unit: $(BUILD)/san/unit-tests
	$(BUILD)/san/unit-tests

test: deps
	$(MAKE) all mbtest $(BUILD)/san/unit-tests $(BUILD)/san/nicboot-linux
	tests/run

demo:
	@util/install-deps build qemu
	@$(MAKE) -s --no-print-directory $(BIN)/nicboot.lkrn $(BIOS_ROM_FILES)
	@util/demo

bench: deps
	$(MAKE) all
	util/bench

sizes: all
	@BUILD=$(BUILD) util/sizes

clean:
	rm -rf $(BUILD) bin
