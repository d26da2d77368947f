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

# Where objects go; parallel builds of one tree may each use their own.
BUILD ?= build

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

ARTIFACTS := bin/nicboot-linux

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
$(1)_TEST_OBJS := $$(UNIT_TEST_SRCS:%.c=$(BUILD)/$(1)/%.o)
$(1)_HOSTED_OBJS := $$(LINUX_HOSTED_SRCS:%.c=$(BUILD)/$(1)/%.o)

$$($(1)_FREE_OBJS) $$($(1)_MAIN_OBJS) $$($(1)_TEST_OBJS): $(BUILD)/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	$$(CC) $$(FREESTANDING_CFLAGS) $$(VARIANT_CFLAGS_$(1)) -MMD -MP -c -o $$@ $$<

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

bin/nicboot-linux: $(BUILD)/opt/nicboot-linux
	@mkdir -p $(@D)
	cp $< $@

# --- the commands README.md gives ---------------------------------------

.PHONY: deps test unit demo bench clean
deps:
	util/install-deps build test net fuzz

unit: $(BUILD)/san/unit-tests
	$(BUILD)/san/unit-tests

test: deps
	$(MAKE) all $(BUILD)/san/unit-tests $(BUILD)/san/nicboot-linux
	tests/run

demo: deps
	@$(MAKE) -s --no-print-directory bin/nicboot-linux
	@util/demo

bench: deps
	$(MAKE) all
	util/bench

clean:
	rm -rf $(BUILD) bin
