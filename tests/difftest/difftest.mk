# difftest.mk - differential testing of the integer CPU against the oracle.
# Included from the Makefile after firmware/firmware.mk (it uses FW_CFLAGS,
# FW_LDFLAGS, FW_LIB_OBJS and AARCH64_CC from there).
#
#   make difftest [N=500] [SEED="1 2"] [LEN=64] [FEATURES=auto] [DETAIL=3]
#                       N random streams of LEN (1..1000) instructions per seed,
#                       run on tinyvm and on qemu-system-aarch64, compared
#                       stream by stream; the first DETAIL mismatches are
#                       bisected to the first differing instruction. FEATURES:
#                       auto (what both machines advertise) or a list, e.g.
#                       crc32,lse,sys,undef (see gen.c)
#   make difftest-quick the bounded run of `make test`: fixed seeds, < 2 min
#   make difftest-threaded-quick  one seed of it with -accel backend=threaded
#   make difftest-one SEED=s STREAM=i [LEN=64] [FEATURES=auto]
#                       reproduce and bisect one stream
#
# tests/difftest/README.md describes the design and the output.

DT_BUILD   := $(BUILD)/difftest
DT_GEN     := $(DT_BUILD)/gen
DT_RUNNER_OBJS := $(DT_BUILD)/runner.c.o $(DT_BUILD)/enter.S.o

N        ?= 500
SEED     ?= 1
LEN      ?= 64
FEATURES ?= auto
DETAIL   ?= 3
STREAM   ?= 0
# The quick run: 4 seeds x 1000 streams x 64 instructions (256000), ~20 s.
DT_QUICK_SEEDS ?= 1 2 3 4
DT_QUICK_N     ?= 1000

.PHONY: difftest difftest-quick difftest-threaded-quick difftest-one difftest-build

DT_GEN_SRCS := tests/difftest/gen.c tests/difftest/tool.c

$(DT_GEN): $(DT_GEN_SRCS) tests/difftest/gen.h tests/difftest/difftest.h
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(OPT) $(WARN) -o $@ $(DT_GEN_SRCS)

$(DT_BUILD)/runner.c.o: tests/difftest/runner.c tests/difftest/difftest.h $(wildcard firmware/lib/*.h)
	@mkdir -p $(dir $@)
	$(AARCH64_CC) $(FW_CFLAGS) -Itests/difftest -c -o $@ $<

$(DT_BUILD)/enter.S.o: tests/difftest/enter.S
	@mkdir -p $(dir $@)
	$(AARCH64_CC) $(FW_CFLAGS) -c -o $@ $<

difftest-build: $(BUILD)/tinyvm $(DT_GEN) $(DT_RUNNER_OBJS) $(FW_LIB_OBJS)

# The script links each generated batch with these objects, using these flags.
DT_ENV = DT_GEN=$(DT_GEN) DT_CC="$(AARCH64_CC)" DT_CFLAGS="$(FW_CFLAGS)" \
         DT_LDFLAGS="$(FW_LDFLAGS)" DT_OBJS="$(FW_LIB_OBJS) $(DT_RUNNER_OBJS)" \
         DT_WORK=$(DT_BUILD)/work DT_TINYVM=$(BUILD)/tinyvm

difftest: deps difftest-build
	@$(DT_ENV) tests/difftest/run.sh --seeds "$(SEED)" --n $(N) --len $(LEN) \
	    --features $(FEATURES) --detail $(DETAIL)

difftest-quick: difftest-build
	@$(DT_ENV) tests/difftest/run.sh --seeds "$(DT_QUICK_SEEDS)" --n $(DT_QUICK_N) --len 64 \
	    --features auto --detail 3

# The reference (threaded) executor too, on one seed: the default run uses
# the native backend (cpu/jit/).
difftest-threaded-quick: difftest-build
	@$(DT_ENV) DT_TINYVM_OPTS="-accel tcg,backend=threaded" tests/difftest/run.sh \
	    --seeds "1" --n $(DT_QUICK_N) --len 64 --features auto --detail 3

difftest-one: difftest-build
	@$(DT_ENV) tests/difftest/run.sh --one $(STREAM) --seeds "$(SEED)" --len $(LEN) \
	    --features $(FEATURES)
