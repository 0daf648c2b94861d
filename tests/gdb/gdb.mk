# tests/gdb/gdb.mk - the GDB stub test (tests/gdb/run.sh), included by the
# top-level Makefile. The guest program is firmware/gdb/gdb_target.c; gdb
# loads its ELF for symbols (linked at 0x40200000, where tinyvm loads the
# Image: RAM base + 2 MiB, text_offset 0), tinyvm boots its .img.
#
#   make gdb-test                 with ./tinyvm
#   make gdb-test-asan            with the AddressSanitizer build (make asan)

FW_GDB_ELF := $(FW_BUILD)/gdb/gdb_target.elf
FW_GDB_IMG := $(FW_BUILD)/gdb/gdb_target.img

.PHONY: gdb-test gdb-test-asan

gdb-test: tinyvm $(FW_GDB_IMG)
	@tests/gdb/run.sh ./tinyvm $(FW_GDB_ELF) $(FW_GDB_IMG)

gdb-test-asan: $(FW_GDB_IMG)
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" build-asan/tinyvm
	@ASAN_OPTIONS=detect_leaks=1 tests/gdb/run.sh build-asan/tinyvm $(FW_GDB_ELF) $(FW_GDB_IMG)

# libFuzzer target for the packet layer and command parser on a real CPU
# (tests/fuzz/fuzz_gdb.c; FUZZ_CC and FUZZ_CFLAGS from tests/fuzz/fuzz.mk).
#   make fuzz-gdb [FUZZ_SECONDS=N]    make fuzz-gdb-quick (15 s, in make test)
FUZZ_GDB_SRCS := tests/fuzz/fuzz_gdb.c debug/gdb_packet.c debug/gdbstub.c debug/gdb_regs.c \
                 $(wildcard cpu/*.c) mem/physmap.c mem/dma.c
FUZZ_GDB_QUICK_SECONDS ?= 15

.PHONY: fuzz-gdb fuzz-gdb-quick

$(FUZZ_BUILD)/fuzz_gdb: $(FUZZ_GDB_SRCS) $(wildcard debug/*.h cpu/*.h mem/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_GDB_SRCS)

fuzz-gdb: $(FUZZ_BUILD)/fuzz_gdb
	@tests/fuzz/run.sh $< $(FUZZ_SECONDS) $(FUZZ_BUILD)/gdb tests/fuzz/corpus/gdb fuzz-gdb

fuzz-gdb-quick: $(FUZZ_BUILD)/fuzz_gdb
	@tests/fuzz/run.sh $< $(FUZZ_GDB_QUICK_SECONDS) $(FUZZ_BUILD)/gdb tests/fuzz/corpus/gdb fuzz-gdb
