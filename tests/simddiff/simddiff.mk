# simddiff.mk - differential test of the Advanced SIMD, SIMD&FP load/store
# and crypto instructions against qemu-aarch64 (user mode). Included from
# the top-level Makefile (uses CC, CFLAGS, LIB, LDFLAGS, LDLIBS, AARCH64_CC).
#
#   make simddiff [N=500] [SEED=1] [SD_GROUPS=int,perm,crypto,ldst,fp,any]
#                       N random cases per template (templates.c), every
#                       template of the groups; per-template counts, the
#                       first mismatches in detail (SD_DETAIL=5)
#   make simddiff-quick the bounded run of `make test` (< 1 min)
#   make simddiff-one SD_ONLY=<template> [N=...] [SEED=...]
#
# tests/simddiff/simddiff.c describes the method.

SD_BUILD   := $(BUILD)/simddiff
SD_TOOL    := $(SD_BUILD)/simddiff
SD_RUNNER  := $(SD_BUILD)/runner
SD_GROUPS  ?= int,perm,crypto,ldst,fp,any
SD_DETAIL  ?= 5
SD_QUICK_N ?= 2000
SD_QUICK_SEED ?= 1

.PHONY: simddiff simddiff-quick simddiff-one simddiff-build

$(SD_TOOL): tests/simddiff/simddiff.c tests/simddiff/templates.c tests/simddiff/simddiff.h \
            tests/simddiff/sdgen.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ tests/simddiff/simddiff.c tests/simddiff/templates.c $(LIB) $(LDFLAGS) $(LDLIBS)

$(SD_RUNNER): tests/simddiff/runner.c tests/simddiff/simddiff.h
	@mkdir -p $(dir $@)
	$(AARCH64_CC) -O2 -static -Wall -Wextra -Werror -o $@ tests/simddiff/runner.c

simddiff-build: $(SD_TOOL) $(SD_RUNNER)

SD_RUN = $(SD_TOOL) --runner $(SD_RUNNER) --work $(SD_BUILD)/work

simddiff: deps simddiff-build
	@$(SD_RUN) --n $(N) --seed $(SEED) --groups $(SD_GROUPS) --detail $(SD_DETAIL)

simddiff-quick: simddiff-build
	@$(SD_RUN) --n $(SD_QUICK_N) --seed $(SD_QUICK_SEED) --groups $(SD_GROUPS) --detail 3

simddiff-one: simddiff-build
	@$(SD_RUN) --n $(N) --seed $(SEED) --groups $(SD_GROUPS) --only $(SD_ONLY) --detail $(SD_DETAIL)
