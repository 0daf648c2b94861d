# fpdiff.mk - differential test of the floating-point instructions against
# qemu-aarch64 (user mode, -cpu cortex-a57). Included from the Makefile; uses
# BUILD, LIB, CC, CFLAGS, LDFLAGS, LDLIBS and AARCH64_CC from it.
#
#   make fpdiff [N=200000] [SEED="1 2 3"] [ONLY=fadd,fmadd] [SHOW=10] [VIA=cpu]
#                   N random cases per seed over every FP template, under
#                   random FPCR (RMode, FZ, DN, AHP), FPSR and NZCV, compared
#                   register by register with the oracle. The scalar FP
#                   instructions run from guest RAM through tinyvm's
#                   translator (VIA=cpu) or straight through decode_fp_scalar
#                   (VIA=direct); the AdvSIMD estimate/step/compare forms go
#                   to the FP library directly, or through the translator
#                   too with VIA=cpu+simd
#   make fpdiff-quick   the bounded run of `make test` (fixed seeds, < 1 min)
#   make fpu-bench      ns per operation of the FP library's paths
#
# Needs qemu-user and a static aarch64 libc (libc6-dev-arm64-cross) for the
# oracle program. tests/fpdiff/README.md describes the design.

FPD_BUILD  := $(BUILD)/fpdiff
FPD_TOOL   := $(FPD_BUILD)/fpdiff
FPD_ORACLE := $(FPD_BUILD)/oracle
FPD_BENCH  := $(FPD_BUILD)/bench_fpu
QEMU_AARCH64 ?= qemu-aarch64

# N and SEED are shared with difftest.mk, which gives them its own defaults:
# take them only from the command line.
FPD_N    := $(if $(filter command line,$(origin N)),$(N),200000)
FPD_SEED := $(if $(filter command line,$(origin SEED)),$(SEED),1)
ONLY ?=
SHOW ?= 10
VIA  ?= cpu
FPD_QUICK_SEEDS ?= 1 2 3 4
FPD_QUICK_N     ?= 250000

.PHONY: fpdiff fpdiff-quick fpdiff-build fpu-bench

$(FPD_TOOL): tests/fpdiff/fpdiff.c tests/fpdiff/fpdiff.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

$(FPD_ORACLE): tests/fpdiff/oracle.c tests/fpdiff/oracle_tramp.S tests/fpdiff/fpdiff.h
	@mkdir -p $(dir $@)
	$(AARCH64_CC) -static -O1 -Wall -Wextra -Werror -o $@ tests/fpdiff/oracle.c tests/fpdiff/oracle_tramp.S

$(FPD_BENCH): tests/fpdiff/bench_fpu.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

fpdiff-build: $(FPD_TOOL) $(FPD_ORACLE)

FPD_ENV = FPD_TOOL=$(FPD_TOOL) FPD_ORACLE=$(FPD_ORACLE) FPD_QEMU="$(QEMU_AARCH64)" \
          FPD_WORK=$(FPD_BUILD)/work

fpdiff: deps fpdiff-build
	@$(FPD_ENV) tests/fpdiff/run.sh --seeds "$(FPD_SEED)" --n $(FPD_N) --only "$(ONLY)" --show $(SHOW) \
	    --via $(VIA)

fpdiff-quick: fpdiff-build
	@$(FPD_ENV) tests/fpdiff/run.sh --seeds "$(FPD_QUICK_SEEDS)" --n $(FPD_QUICK_N) --only "" --show 5 \
	    --via cpu

fpu-bench: $(FPD_BENCH)
	$(FPD_BENCH)
