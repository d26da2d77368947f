# SPDX-License-Identifier: MIT
# The multiboot test kernels (tests/multiboot/mbtest.S): 32-bit, linked at
# 1 MiB as one contiguous segment; mbtest.elf is loaded by its ELF program
# headers, mbtest-aout.elf by its multiboot header's a.out kludge addresses.

MBTEST_DIR := $(BUILD)/tests/multiboot
MBTEST_LDFLAGS := -m elf_i386 -N -Ttext 0x100000 -e _start --build-id=none \
	--no-warn-rwx-segments

$(MBTEST_DIR)/mbtest.o: tests/multiboot/mbtest.S
	@mkdir -p $(@D)
	$(CC) -m32 -c -o $@ $<

$(MBTEST_DIR)/mbtest-aout.o: tests/multiboot/mbtest.S
	@mkdir -p $(@D)
	$(CC) -m32 -DAOUT_KLUDGE -c -o $@ $<

$(MBTEST_DIR)/%.elf: $(MBTEST_DIR)/%.o
	$(LD) $(MBTEST_LDFLAGS) -o $@ $<

.PHONY: mbtest
mbtest: $(MBTEST_DIR)/mbtest.elf $(MBTEST_DIR)/mbtest-aout.elf
