# tinyvm - build, test and guest-image targets.
#
#   make            build ./tinyvm (-O2 -g, warnings are errors)
#   make run        build, fetch/build what the guest needs, boot it
#   make test       build and run the whole test suite
#   make bench      tinyvm against qemu-system-aarch64 (tests/bench/bench.mk)
#   make asan       build with AddressSanitizer + UBSan and run the unit tests under it
#   make CC=clang   the same with clang
#
# Every target that needs host packages first runs `make deps`, which installs
# the missing Debian packages (tools/deps.sh).

CC      ?= cc
BUILD   ?= build
AARCH64_CC ?= aarch64-linux-gnu-gcc

WARN    := -Wall -Wextra -Werror
CSTD    := -std=c17 -D_GNU_SOURCE
OPT     ?= -O2 -g
CFLAGS  += $(CSTD) $(OPT) $(WARN) -I. -MMD -MP $(SANFLAGS)
LDFLAGS += $(SANFLAGS)
LDLIBS  := -lfdt -lz -lm $(shell pkg-config --libs slirp) $(shell pkg-config --libs capstone) \
           $(shell pkg-config --libs sdl2)

# Every C file of the machine; board/main.c alone holds main().
SRCS := $(wildcard mem/*.c cpu/*.c cpu/jit/*.c devices/*.c devices/virtio/*.c devices/block/*.c \
                   devices/net/*.c devices/display/*.c board/*.c \
                   debug/*.c)
LIB_SRCS := $(filter-out board/main.c,$(SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libtinyvm.a

UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)


.PHONY: all deps run run-demo test unit firmware firmware-test asan clean difftest bench bench-smp
.DEFAULT_GOAL := all

all: tinyvm

tinyvm: $(BUILD)/tinyvm
	cp $< $@

$(BUILD)/tinyvm: $(BUILD)/board/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# SDL's headers only where SDL is used (DESIGN.md: the display room).
SDL_CFLAGS := $(shell pkg-config --cflags sdl2)
$(BUILD)/devices/display/%.o: CFLAGS += $(SDL_CFLAGS)

$(BUILD)/tests/test_keymap $(BUILD)/tests/test_display: private CFLAGS += $(SDL_CFLAGS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) -lcmocka $(LDLIBS)

-include $(LIB_OBJS:.o=.d) $(BUILD)/board/main.d $(UNIT_BINS:=.d)

# ---- set-up ---------------------------------------------------------------
deps:
	@tools/deps.sh

# ---- bare-metal guest programs (firmware/) ----------------------------------
include firmware/firmware.mk
include tests/difftest/difftest.mk
include tests/fpdiff/fpdiff.mk
include tests/simddiff/simddiff.mk
include tests/fuzz/fuzz.mk
include tests/gdb/gdb.mk
include tools/guest.mk
include tests/bench/bench.mk

# ---- tests ------------------------------------------------------------------
unit: $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS)

# The whole suite. Each runner ends with a line "NAME: N passed, M failed";
# the last line sums them up for CI.
test: deps
	$(MAKE) all unit-build firmware
	@tests/run-suites.sh \
	    "tests/run-unit.sh $(UNIT_BINS)" \
	    "tests/run-firmware.sh ./tinyvm $(FW_TEST_BINS)" \
	    "tests/cli/test_cli.sh ./tinyvm $(FW_BUILD)" \
	    "$(MAKE) --no-print-directory difftest-quick" \
	    "TINYVM_OPTS='-accel tcg,backend=threaded' SUITE_TAG=threaded tests/run-firmware.sh ./tinyvm $(FW_TEST_BINS)" \
	    "$(MAKE) --no-print-directory difftest-threaded-quick" \
	    "$(MAKE) --no-print-directory fpdiff-quick" \
	    "$(MAKE) --no-print-directory simddiff-quick" \
	    "$(MAKE) --no-print-directory fuzz-quick" \
	    "$(MAKE) --no-print-directory gdb-test" \
	    "$(MAKE) --no-print-directory boot-test-tinyvm" \
	    "$(MAKE) --no-print-directory bench-smoke" \
	    "tests/display/run.sh ./tinyvm" \
	    "tests/trace/run.sh ./tinyvm $(FW_BUILD)" \
	    "tests/docs/check-architecture.sh"

unit-build: $(UNIT_BINS)

# Several CPUs: boot time and a parallel guest workload at -smp 2 (SMP=N),
# tinyvm's -accel modes against qemu-system-aarch64 (tests/bench/smp.sh).
bench-smp: all
	@tests/bench/smp.sh

asan: deps
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	    build-asan/tinyvm $(UNIT_BINS:$(BUILD)/%=build-asan/%)
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    tests/run-unit.sh $(UNIT_BINS:$(BUILD)/%=build-asan/%)

# Boot Debian's arm64 kernel with tinyvm's busybox initramfs to a shell
# (tools/guest.mk: fetches and caches the kernel, builds the initramfs).
run: deps all run-linux

# The bare-metal demo program, no downloads needed.
run-demo: deps all firmware
	@echo "+ ./tinyvm -nographic -kernel $(FW_DEMO)"
	./tinyvm -nographic -kernel $(FW_DEMO)

clean:
	rm -rf build build-asan build-fuzz tinyvm
