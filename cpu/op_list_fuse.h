/* Fused pairs of ops (cpu/dp_fuse.c: fuse_pairs, the translator's peephole).
 *
 * Two adjacent instructions of the kinds listed here become one op,
 * fz_<first>_<second>, that does both in program order; the second op stays
 * in the block as its operand carrier with kind OP_nop, and the fused op
 * returns past it (op + 2). A backend that runs the ops one by one (calling
 * the fused op, then the nop) does the same work.
 *
 *   ALU: integer ops that never fault (the common address arithmetic and
 *        compares of compiled loops)
 *   MEM: single-register loads/stores with a register offset, which fault
 *        with their own instruction's PC (the fused op hands the memory op's
 *        own slot to the fault path)
 * Pairs: ALU+ALU (dp_fuse.c), ALU+MEM and MEM+ALU (ldst.c).
 *
 * The lists exist twice (outer/inner) because a macro cannot expand inside
 * its own expansion; keep them equal, in the same order (dp_fuse.c checks the
 * count). */
#ifndef TINYVM_CPU_OP_LIST_FUSE_H
#define TINYVM_CPU_OP_LIST_FUSE_H

#define FZ_ALU_OUTER(Y, X) \
    Y(X, add_imm64) Y(X, lsl_imm64) Y(X, mov64) Y(X, add_lsl64) Y(X, subs_lsl32) Y(X, subs_lsl64) \
    Y(X, mov_imm) Y(X, sub_lsl64) Y(X, lsr_imm64) Y(X, and_imm) Y(X, add_lsl32)
#define FZ_ALU_INNER(Y, X, p) \
    Y(X, p, add_imm64) Y(X, p, lsl_imm64) Y(X, p, mov64) Y(X, p, add_lsl64) Y(X, p, subs_lsl32) \
    Y(X, p, subs_lsl64) Y(X, p, mov_imm) Y(X, p, sub_lsl64) Y(X, p, lsr_imm64) Y(X, p, and_imm) \
    Y(X, p, add_lsl32)
#define FZ_NALU 11

#define FZ_MEM_OUTER(Y, X) Y(X, ldr32_rlsl) Y(X, str32_rlsl) Y(X, ldr64_rlsl) Y(X, str64_rlsl)
#define FZ_MEM_INNER(Y, X, p) \
    Y(X, p, ldr32_rlsl) Y(X, p, str32_rlsl) Y(X, p, ldr64_rlsl) Y(X, p, str64_rlsl)
#define FZ_NMEM 4

#define FZ_ITEM(X, a, b) X(fz_##a##_##b)
#define FZ_AA_ROW(X, a) FZ_ALU_INNER(FZ_ITEM, X, a)
#define FZ_AM_ROW(X, a) FZ_MEM_INNER(FZ_ITEM, X, a)
#define FZ_MA_ROW(X, m) FZ_ALU_INNER(FZ_ITEM, X, m)

/* Row-major: fz_<ALU i>_<ALU j> = OP_fz_aa_first + i * FZ_NALU + j, etc. */
#define OP_LIST_FUSE(X) \
    FZ_ALU_OUTER(FZ_AA_ROW, X) FZ_ALU_OUTER(FZ_AM_ROW, X) FZ_MEM_OUTER(FZ_MA_ROW, X)

#endif
