# SPDX-License-Identifier: MIT
# libFuzzer targets: `make fuzz` fuzzes each for FUZZ_SECONDS, `make
# fuzz-smoke` for FUZZ_SMOKE_SECONDS (the test suite's short run),
# `make fuzz-targets` only builds them (see tests/fuzz/README.md).
#
# Every tests/fuzz/fuzz_NAME.c is a target. clang compiles it, the harness
# and every freestanding source of the host program (LINUX_FREE_SRCS, so
# new modules come in by themselves) with libFuzzer's coverage, ASan and
# UBSan; link_freestanding makes them one relocatable with nicboot's
# symbols renamed; libFuzzer (which brings main()) and the hosted shim,
# built by clang too, complete the program $(BUILD)/fuzz/fuzz_NAME.

FUZZ_CC := clang
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_SECONDS ?= 30
FUZZ_SMOKE_SECONDS ?= 5
# The smoke run gates `make test`, so it replays one fixed sequence of
# inputs; `make fuzz` explores with a new seed each time.
FUZZ_SMOKE_SEED ?= 1

FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,\
	$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_TARGET_OBJS := $(FUZZ_NAMES:%=$(FUZZ_DIR)/tests/fuzz/fuzz_%.o)
# What every target shares: the harness and the test network, which is
# built on the unit tests' fake network device.
FUZZ_HELPER_SRCS := $(filter-out tests/fuzz/fuzz_%.c,\
	$(sort $(wildcard tests/fuzz/*.c))) tests/unit/fake_netdev.c
FUZZ_FREE_OBJS := $(LINUX_FREE_SRCS:%.c=$(FUZZ_DIR)/%.o) \
	$(FUZZ_HELPER_SRCS:%.c=$(FUZZ_DIR)/%.o)
FUZZ_HOSTED_OBJS := $(FUZZ_DIR)/src/platform/linux/host/hostsys.o

# Deferred (=), so that builds without clang never run it.
FUZZ_CLANG_INCLUDE = $(shell $(FUZZ_CC) -print-resource-dir)/include
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_COVERAGE := -fsanitize=fuzzer-no-link
# Sources whose coverage would only be noise: the heap's paths depend on
# the order of allocations, not on the input, and cost more than the
# parsers.
FUZZ_UNCOVERED_SRCS := src/core/malloc.c
# The freestanding flags with clang's own headers in place of gcc's.
# string.c's gcc-only optimize attribute is unknown to clang, which needs
# none (-ffreestanding already keeps it from turning loops into memset
# calls). clang 14 does not define gcc's __SANITIZE_ADDRESS__, on which
# core/heap.h turns on the heap's ASan poisoning.
FUZZ_FREE_CFLAGS = \
	$(subst -isystem $(GCC_INCLUDE),-isystem $(FUZZ_CLANG_INCLUDE),\
		$(FREESTANDING_CFLAGS)) \
	-Wno-unknown-attributes -D__SANITIZE_ADDRESS__=1 -DHEAP_CHECK \
	-O1 -fno-omit-frame-pointer $(FUZZ_COVERAGE) $(FUZZ_SANITIZE)
FUZZ_HOSTED_CFLAGS = $(HOSTED_CFLAGS) -O1 -fno-omit-frame-pointer \
	$(FUZZ_SANITIZE)

$(FUZZ_FREE_OBJS) $(FUZZ_TARGET_OBJS): $(FUZZ_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FREE_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_UNCOVERED_SRCS:%.c=$(FUZZ_DIR)/%.o): FUZZ_COVERAGE :=

$(FUZZ_HOSTED_OBJS): $(FUZZ_DIR)/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_HOSTED_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_NAMES:%=$(FUZZ_DIR)/link/%.o): $(FUZZ_DIR)/link/%.o: \
		$(FUZZ_FREE_OBJS) $(FUZZ_DIR)/tests/fuzz/fuzz_%.o
	$(link_freestanding)

$(FUZZ_BINS): $(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/link/%.o $(FUZZ_HOSTED_OBJS)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SANITIZE) -o $@ $^

# Seed inputs, generated from the reviewable script.
$(FUZZ_DIR)/seeds/.stamp: tests/fuzz/make-corpus
	rm -rf $(@D)
	tests/fuzz/make-corpus $(@D)
	touch $@

.PHONY: fuzz fuzz-smoke fuzz-targets
fuzz-targets: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS) $(FUZZ_DIR)/seeds/.stamp
	tests/fuzz/run $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-smoke: $(FUZZ_BINS) $(FUZZ_DIR)/seeds/.stamp
	FUZZ_SEED=$(FUZZ_SMOKE_SEED) tests/fuzz/run $(FUZZ_DIR) \
		$(FUZZ_SMOKE_SECONDS) $(FUZZ_NAMES)

-include $(FUZZ_FREE_OBJS:.o=.d) $(FUZZ_TARGET_OBJS:.o=.d) \
	$(FUZZ_HOSTED_OBJS:.o=.d)
