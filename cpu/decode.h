/* decode.h - what an instruction-class decoder gets and must do.
 *
 * translate.c reads one instruction word, picks the encoding group from bits
 * 28:25 (the A64 top-level decode table), and calls that group's decoder with
 * a zeroed op whose idx and insn are filled in. The decoder either fills the
 * op (op_set() plus operands) and returns true, or returns false when the
 * encoding is unallocated or not implemented; the translator then emits an op
 * that raises UNDEFINED (ESR EC=0) when, and only if, it executes.
 *
 * A decoder that emits a branch sets dc->is_jump (its handler sets cpu->pc
 * and ends the block). One that changes state later instructions depend on
 * (system registers, PSTATE fields, barriers that must observe new code) sets
 * dc->end_tb: the block then ends right after it and the next one is looked
 * up afresh.
 *
 * A decoder that accepts an FP/SIMD instruction (SIMD&FP data processing, or
 * a load/store with V = 1) sets dc->uses_fp; the translator then replaces the
 * op by an FP access trap when CPACR_EL1.FPEN disables FP at this EL, so no
 * FP handler ever checks FPEN at run time.
 */
#ifndef TINYVM_CPU_DECODE_H
#define TINYVM_CPU_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu_internal.h"

typedef struct dc {
    cpu_t *cpu;
    uint64_t pc;     /* address of the instruction being decoded */
    int el;          /* exception level the block runs at */
    int mmu_idx;     /* TLB regime for ordinary loads/stores (MMU_IDX_*) */
    bool fp_ok;      /* FP/SIMD instructions may execute (CPACR_EL1.FPEN) */
    bool uses_fp;    /* set by a decoder for an FP/SIMD instruction: when
                        !fp_ok the translator emits the EC 0x07 trap instead */
    bool is_jump;    /* the op ends the block and sets the PC itself */
    bool end_tb;     /* end the block after this op */
} dc_t;

/* Field extraction: bits [lo + len - 1 : lo] of insn. */
static inline uint32_t bits(uint32_t insn, int lo, int len)
{
    return (insn >> lo) & ((1u << len) - 1);
}
static inline int64_t sbits(uint32_t insn, int lo, int len)
{
    return (int64_t)((uint64_t)bits(insn, lo, len) << (64 - len)) >> (64 - len);
}

/* Register field value (0..31) to slot, resolving 31. */
static inline uint8_t reg_or_zr(uint32_t r) { return (uint8_t)r; } /* 31 = REG_ZR */
static inline uint8_t reg_or_sp(uint32_t r) { return r == 31 ? REG_SP : (uint8_t)r; }
/* Destination that discards writes when it names XZR. */
static inline uint8_t dst_or_zr(uint32_t r) { return r == 31 ? REG_SINK : (uint8_t)r; }

/* The instruction-group decoders (A64 top level: op0 = bits 28:25). */
bool decode_dp_imm(dc_t *dc, uint32_t insn, op_t *op);      /* 100x */
bool decode_branch_sys(dc_t *dc, uint32_t insn, op_t *op);  /* 101x */
/* Peephole over a finished block: a SUBS directly before its closing B.cond
 * becomes one fused compare-and-branch op (branch.c). */
struct tb;
void branch_fuse_cmp(struct tb *tb);
bool decode_system(dc_t *dc, uint32_t insn, op_t *op);      /* 101x, system subgroup */
bool decode_ldst(dc_t *dc, uint32_t insn, op_t *op);        /* x1x0 */
bool decode_dp_reg(dc_t *dc, uint32_t insn, op_t *op);      /* x101 */
bool decode_simd_fp(dc_t *dc, uint32_t insn, op_t *op);     /* x111 */

#endif
