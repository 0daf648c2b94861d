# tests/fuzz/fuzz.mk - libFuzzer targets (clang -fsanitize=fuzzer,address,undefined).
# Included by the top-level Makefile.
#
#   make fuzz                     run fuzz_virtq for FUZZ_SECONDS (default 300)
#   make fuzz FUZZ_SECONDS=3600   longer
#   make fuzz-quick               a short run (FUZZ_QUICK_SECONDS, default 30)
#                                 that `make test` does
#
# The fuzzer is built from the sources it tests, not from libtinyvm.a, because
# libFuzzer needs them instrumented by clang. The seed corpus is in
# tests/fuzz/corpus/virtq (regenerate with tests/fuzz/seeds.py); what the
# fuzzer finds goes to $(FUZZ_BUILD)/virtq/corpus (kept between runs), and a
# crashing or hanging input to $(FUZZ_BUILD)/virtq/crash-* or timeout-*,
# which reproduces with: $(FUZZ_BUILD)/fuzz_virtq FILE
# Limits (tests/fuzz/run.sh): 10 s per input (any input needs milliseconds;
# less would trip on a loaded CI machine), 2 GiB RSS, 16 KiB inputs.

FUZZ_CC            ?= clang
FUZZ_BUILD         ?= build-fuzz
FUZZ_SECONDS       ?= 300
FUZZ_QUICK_SECONDS ?= 30
FUZZ_CFLAGS := -std=c17 -D_GNU_SOURCE -O1 -g -I. -Wall -Wextra -Werror \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
               -fno-omit-frame-pointer

FUZZ_VIRTQ_SRCS := tests/fuzz/fuzz_virtq.c devices/virtio/virtq.c devices/virtio/virtio_mmio.c \
                   devices/virtio/virtio_blk.c devices/block/block.c devices/block/overlay.c \
                   mem/dma.c mem/physmap.c debug/trace.c
FUZZ_VIRTQ_HDRS := $(wildcard devices/virtio/*.h devices/block/*.h mem/*.h)

.PHONY: fuzz fuzz-quick fuzz-build

fuzz-build: $(FUZZ_BUILD)/fuzz_virtq

$(FUZZ_BUILD)/fuzz_virtq: $(FUZZ_VIRTQ_SRCS) $(FUZZ_VIRTQ_HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_VIRTQ_SRCS)

# tests/fuzz/run.sh prints "fuzz: N passed, M failed" for tests/run-suites.sh.
fuzz: $(FUZZ_BUILD)/fuzz_virtq
	@tests/fuzz/run.sh $< $(FUZZ_SECONDS) $(FUZZ_BUILD)/virtq tests/fuzz/corpus/virtq fuzz

fuzz-quick: $(FUZZ_BUILD)/fuzz_virtq
	@tests/fuzz/run.sh $< $(FUZZ_QUICK_SECONDS) $(FUZZ_BUILD)/virtq tests/fuzz/corpus/virtq fuzz
