/* dp_fuse.h - the bodies of the ALU ops that fuse into pairs (op_list_fuse.h),
 * shared by dp_fuse.c (ALU+ALU) and ldst.c (ALU+MEM, MEM+ALU).
 *
 * FZ_BODY_<kind>(o) does what op_<kind> does for the op at o (a statement;
 * cpu in scope). They must stay equal to the handlers they stand for:
 * add_imm64, mov_imm, and_imm, lsl_imm64, lsr_imm64 (dp_imm.c); mov64,
 * add_lsl64/32, sub_lsl64 and subs_lsl32/64 (dp_alu.c, DEF_ARITH /
 * DEF_ARITH_FLAGS with OPND_LSL);
 * tests/unit/test_cpu_fuse.c runs each pair fused and kept apart. */
#ifndef TINYVM_CPU_DP_FUSE_H
#define TINYVM_CPU_DP_FUSE_H

#include "cpu_internal.h"

#define FZ_BODY_add_imm64(o) (cpu->x[(o)->rd] = cpu->x[(o)->rn] + (o)->imm)
#define FZ_BODY_lsl_imm64(o) (cpu->x[(o)->rd] = cpu->x[(o)->rn] << (o)->a)
#define FZ_BODY_mov64(o) (cpu->x[(o)->rd] = cpu->x[(o)->rm])
#define FZ_BODY_add_lsl64(o) (cpu->x[(o)->rd] = cpu->x[(o)->rn] + (cpu->x[(o)->rm] << (o)->a))
#define FZ_BODY_subs_lsl32(o) fz_subs_lsl(cpu, (o), CC_SUB32, UINT32_MAX)
#define FZ_BODY_subs_lsl64(o) fz_subs_lsl(cpu, (o), CC_SUB64, UINT64_MAX)
#define FZ_BODY_mov_imm(o) (cpu->x[(o)->rd] = (o)->imm)
#define FZ_BODY_sub_lsl64(o) (cpu->x[(o)->rd] = cpu->x[(o)->rn] - (cpu->x[(o)->rm] << (o)->a))
#define FZ_BODY_lsr_imm64(o) (cpu->x[(o)->rd] = cpu->x[(o)->rn] >> (o)->a)
#define FZ_BODY_and_imm(o) (cpu->x[(o)->rd] = cpu->x[(o)->rn] & (o)->imm)
#define FZ_BODY_add_lsl32(o) \
    (cpu->x[(o)->rd] = (uint32_t)(cpu->x[(o)->rn] + (cpu->x[(o)->rm] << (o)->a)))

/* SUBS (shifted register, LSL): the lazy flags as DEF_ARITH_FLAGS records
 * them (operands untruncated, result at the width). */
static inline void fz_subs_lsl(cpu_t *cpu, const op_t *o, uint32_t ccop, uint64_t mask)
{
    uint64_t a = cpu->x[o->rn], b = cpu->x[o->rm] << o->a;
    uint64_t r = (a - b) & mask;
    cpu->cc_op = ccop;
    cpu->cc_a = a;
    cpu->cc_b = b;
    cpu->cc_r = r;
    cpu->x[o->rd] = r;
}

/* Peephole over a finished block (tb_translate, after branch_fuse_cmp):
 * fuse adjacent pairs, left to right. */
struct tb;
void fuse_pairs(struct tb *tb);

#endif
