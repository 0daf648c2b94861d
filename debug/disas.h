/* disas.h - AArch64 disassembly for the trace (capstone, CS_ARCH_ARM64).
 *
 * A leaf like trace.h: callers hand over guest bytes they already read. */
#ifndef TINYVM_DEBUG_DISAS_H
#define TINYVM_DEBUG_DISAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One line per instruction: "  0x<address>:  <word>  <mnemonic> <operands>".
 * len is a multiple of 4; code holds little-endian A64 instructions. */
void disas_block(FILE *out, uint64_t pc, const uint8_t *code, size_t len);

/* One instruction as "mnemonic operands" (".inst 0x..." when capstone does
 * not know it). Returns buf. */
const char *disas_one(uint64_t pc, uint32_t insn, char *buf, size_t len);

/* Host x86-64 code (the native backend's, for out_asm): one line per
 * instruction, "  0x<address>:  <mnemonic> <operands>", followed by
 * "  ; <name>" when the instruction is a call or jump to an address that
 * name_of (may be NULL) knows. */
void disas_x86_block(FILE *out, const uint8_t *code, size_t len,
                     const char *(*name_of)(uint64_t addr));

#endif
