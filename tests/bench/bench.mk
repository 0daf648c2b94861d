# tests/bench/bench.mk - `make bench`: tinyvm against qemu-system-aarch64 on the
# same guest work (tests/bench/bench.py has the items and the method). Included
# from the Makefile. Not part of `make test`, which runs only bench-smoke.
#
#   make bench [BENCH_REPS=3] [BENCH_ITEMS=shell,login,cpu,disk,net,rss,idle]
#              [BENCH_BASELINE=/path/to/older/tinyvm]
#        writes build/bench/results-DATE.csv (appended), summary.txt, chart.png;
#        BENCH_BASELINE adds that build as a third, interleaved emulator
#   make bench-smoke   the harness parses and the CPU program's checksums on
#                      tinyvm equal the native ones (part of make test, ~20 s)

BENCH_OUT   := $(BUILD)/bench
BENCH_REPS  ?= 3
BENCH_ITEMS ?= all
BENCH_BASELINE ?=
# No FP contraction and no errno for sqrt: the checksums are bit-identical on
# arm64 and x86-64 (see the comment in cpubench.c).
BENCH_CFLAGS := -O2 -std=gnu17 -ffp-contract=off -fno-math-errno -Wall -Wextra -Werror

.PHONY: bench bench-smoke bench-progs

$(BENCH_OUT)/cpubench-arm64: tests/bench/cpubench.c
	@mkdir -p $(dir $@)
	$(AARCH64_CC) $(BENCH_CFLAGS) -static -o $@ $< -lm

$(BENCH_OUT)/cpubench-x86_64: tests/bench/cpubench.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -lm

bench-progs: $(BENCH_OUT)/cpubench-arm64 $(BENCH_OUT)/cpubench-x86_64

bench: deps all bench-progs
	@BENCH_BASELINE="$(BENCH_BASELINE)" python3 tests/bench/bench.py --reps $(BENCH_REPS) \
	    --items "$(BENCH_ITEMS)" --out $(BENCH_OUT)

bench-smoke: all bench-progs
	@python3 tests/bench/bench.py --smoke --out $(BENCH_OUT)
