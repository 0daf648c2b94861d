# firmware.mk - bare-metal guest programs, built with the aarch64 cross compiler.
#
# Each program is an arm64 Linux "Image" (it starts with the 64-byte Image
# header), so tinyvm and qemu-system-aarch64 boot it with -kernel exactly as
# they boot Linux. Programs are position independent (PC-relative addressing
# only), so they run wherever the loader puts them.

FW_BUILD   := $(BUILD)/firmware
FW_CFLAGS  := -O2 -g -ffreestanding -fno-builtin -nostdlib -fno-pic -mcmodel=small \
              -mgeneral-regs-only -fno-stack-protector -Wall -Wextra -Werror -Ifirmware/lib
FW_LDFLAGS := -nostdlib -static -Wl,--no-dynamic-linker -Wl,-T,firmware/lib/fw.ld -Wl,--build-id=none
FW_LIB_SRCS := $(wildcard firmware/lib/*.c firmware/lib/*.S)
FW_LIB_OBJS := $(patsubst firmware/%,$(FW_BUILD)/%.o,$(FW_LIB_SRCS))

FW_TEST_SRCS := $(wildcard firmware/tests/*.c firmware/tests/*.S)
FW_TEST_BINS := $(patsubst firmware/tests/%,$(FW_BUILD)/tests/%,$(basename $(FW_TEST_SRCS)))
FW_TEST_BINS := $(FW_TEST_BINS:=.img)
FW_DEMO      := $(FW_BUILD)/demo/hello.img
FW_CLI_BINS  := $(patsubst firmware/cli/%.c,$(FW_BUILD)/cli/%.img,$(wildcard firmware/cli/*.c))

firmware: $(FW_TEST_BINS) $(FW_DEMO) $(FW_CLI_BINS)

$(FW_BUILD)/%.c.o: firmware/%.c $(wildcard firmware/lib/*.h)
	@mkdir -p $(dir $@)
	$(AARCH64_CC) $(FW_CFLAGS) -c -o $@ $<

# Firmware tests using NEON/crypto intrinsics (firmware/tests/neon_*.c): no
# -mgeneral-regs-only, and the crypto and CRC extensions.
FW_NEON_CFLAGS := $(filter-out -mgeneral-regs-only,$(FW_CFLAGS)) -march=armv8-a+crypto+crc
$(FW_BUILD)/tests/neon_%.c.o: firmware/tests/neon_%.c $(wildcard firmware/lib/*.h)
	@mkdir -p $(dir $@)
	$(AARCH64_CC) $(FW_NEON_CFLAGS) -c -o $@ $<

$(FW_BUILD)/%.S.o: firmware/%.S
	@mkdir -p $(dir $@)
	$(AARCH64_CC) $(FW_CFLAGS) -c -o $@ $<

$(FW_BUILD)/%.elf: $(FW_LIB_OBJS) $(FW_BUILD)/%.c.o
	$(AARCH64_CC) $(FW_CFLAGS) $(FW_LDFLAGS) -o $@ $^ -lgcc

$(FW_BUILD)/%.img: $(FW_BUILD)/%.elf
	aarch64-linux-gnu-objcopy -O binary $< $@

.PRECIOUS: $(FW_BUILD)/%.elf $(FW_BUILD)/%.c.o $(FW_BUILD)/%.S.o
