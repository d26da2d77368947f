# SPDX-License-Identifier: MIT
# The UEFI applications bin/nicboot.efi and bin/snponly.efi (x86_64).
#
# The same freestanding sources as the BIOS images, compiled 64-bit and
# position-independent, are linked as an ELF shared object by
# src/platform/efi/efi.lds with gnu-efi's crt0 (which relocates the image
# and calls efi_main) and turned into a PE32+ EFI application by objcopy.
# Only src/platform/efi sees gnu-efi's headers; firmware services are
# called with the Microsoft ABI (GNU_EFI_USE_MS_ABI).

include src/config/efi.mk

EFI_DIR := $(BUILD)/efi
GNU_EFI_INCLUDE := /usr/include/efi
GNU_EFI_LIB := /usr/lib
# Deferred: the serial port is set further down the top-level Makefile.
EFI_CFLAGS = -m64 -march=x86-64 -mno-red-zone -mno-mmx -mno-sse -fpic \
	-fshort-wchar -fvisibility=hidden -Os -fno-asynchronous-unwind-tables \
	-ffunction-sections -fdata-sections -Isrc/arch/x86/include \
	-DCONSOLE_SERIAL_PORT=$(SERIAL_PORT) -DCONSOLE_SERIAL_BAUD=$(SERIAL_BAUD) \
	$(BANNER_FLAG)
# Only for the platform's own files.
EFI_PLATFORM_CFLAGS := -isystem $(GNU_EFI_INCLUDE) \
	-isystem $(GNU_EFI_INCLUDE)/x86_64 -DGNU_EFI_USE_MS_ABI
EFI_CRT0 := $(GNU_EFI_LIB)/crt0-efi-x86_64.o
# gnu-efi's self-relocation (_relocate), which crt0 calls.
EFI_RELOC_LIB := $(GNU_EFI_LIB)/libgnuefi.a
EFI_LIBGCC = $(shell $(CC) -m64 -print-libgcc-file-name)
# The sections objcopy carries into the PE file: what runs, and what
# the self-relocation reads (.dynamic points it at .rela).
EFI_PE_SECTIONS := .text .reloc .data .dynamic .rela

efi_objs = $(patsubst %,$(EFI_DIR)/%.o,$(basename $(1)))
EFI_COMMON_OBJS := $(call efi_objs,$(foreach f,$(EFI_FEATURES),$(FEATURE_$(f))) \
	$(EFI_PLATFORM_SRCS))

$(EFI_DIR)/src/platform/efi/%.o: EFI_EXTRA_CFLAGS := $(EFI_PLATFORM_CFLAGS)

$(EFI_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(FREESTANDING_CFLAGS) $(EFI_CFLAGS) $(EFI_EXTRA_CFLAGS) -MMD -MP -c -o $@ $<

$(EFI_DIR)/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(FREESTANDING_CFLAGS) $(EFI_CFLAGS) -MMD -MP -c -o $@ $<

# `make EMBED=script.ipxe` builds the script in, as in the BIOS images.
$(EFI_DIR)/src/core/embedded.o: src/core/embedded.S $(EMBED) $(EFI_DIR)/embed.txt
	@mkdir -p $(@D)
	$(CC) $(FREESTANDING_CFLAGS) $(EFI_CFLAGS) $(EMBED_FLAG) -c -o $@ $<

$(EFI_DIR)/embed.txt: FORCE
	@mkdir -p $(@D)
	@echo '$(abspath $(EMBED))' | cmp -s - $@ || echo '$(abspath $(EMBED))' > $@

$(EFI_DIR)/src/core/autoboot.o: $(BUILD)/banner.txt

# The linker tables (core/table.h) go inside .data, so that the PE file
# has few, page-aligned sections: list every nbt_* section the objects
# define, each bracketed by its __start_/__stop_ symbols and aligned as
# its most aligned entry.
define efi_tables_lds
	@mkdir -p $(@D)
	objdump -h $(filter %.o,$^) | \
		awk '$$2 ~ /^nbt_/ { n = substr($$7, 4) + 0; \
			if (!($$2 in a) || n > a[$$2]) a[$$2] = n } \
		END { for (s in a) print s, 2 ^ a[s] }' | sort | \
		awk '{ printf "\t. = ALIGN(%d);\n\t__start_%s = .;\n\tKEEP(*(%s))\n\t__stop_%s = .;\n", $$2, $$1, $$1, $$1 }' > $@
endef

# $(1) = application name, $(2) = its own sources, $(3) = driver families
define efi_app
$(1)_EFI_OBJS := $(EFI_COMMON_OBJS) $(call efi_objs,$(2) $(foreach d,$(3),$(DRIVER_$(d))))

$(EFI_DIR)/$(1)/tables.lds: $$($(1)_EFI_OBJS)
	$$(efi_tables_lds)

$(EFI_DIR)/$(1)/$(1).so: $$($(1)_EFI_OBJS) $(EFI_DIR)/$(1)/tables.lds src/platform/efi/efi.lds
	$(LD) -nostdlib -znocombreloc -shared -Bsymbolic --gc-sections \
		--no-undefined -L $(EFI_DIR)/$(1) -T src/platform/efi/efi.lds \
		-o $$@ $(EFI_CRT0) $$($(1)_EFI_OBJS) $(EFI_RELOC_LIB) $$(EFI_LIBGCC)

$(EFI_DIR)/$(1).efi: $(EFI_DIR)/$(1)/$(1).so
	$(OBJCOPY) $(foreach s,$(EFI_PE_SECTIONS),-j $(s)) \
		--target efi-app-x86_64 $$< $$@
endef

$(eval $(call efi_app,nicboot,$(EFI_NICBOOT_SRCS),$(EFI_NICBOOT_DRIVERS)))
$(eval $(call efi_app,snponly,$(EFI_SNPONLY_SRCS),))

$(BIN)/nicboot.efi $(BIN)/snponly.efi: $(BIN)/%.efi: $(EFI_DIR)/%.efi
	@mkdir -p $(@D)
	cp $< $@

-include $(wildcard $(EFI_DIR)/src/*/*.d $(EFI_DIR)/src/*/*/*.d $(EFI_DIR)/src/*/*/*/*.d)
