/* simd.h - what the Advanced SIMD files (simd_*.c) share: the class
 * decoders, the operand conventions of their ops, and small lane helpers.
 *
 * Operand conventions (op.h fields) of the SIMD data-processing ops:
 *   rd, rn, rm, ra  V register numbers 0..31 (for DUP/INS general, UMOV and
 *                   SMOV the general-register side is a slot as in decode.h)
 *   imm, imm2       "pure" lane-wise ops (no FPSR side effect) compute all
 *                   16 bytes and AND the result's low and high doublewords
 *                   with imm and imm2: (~0, ~0) for a 128-bit vector, (~0, 0)
 *                   for a 64-bit one and the element mask for a scalar. The
 *                   upper part of the register is thereby zeroed, as every
 *                   AdvSIMD write of a 64-bit vector or scalar requires.
 *   b               ops whose lanes have side effects (saturation sets
 *                   FPSR.QC, FP lanes raise FP exceptions) or change width
 *                   compute only the active lanes: b is their count
 *   a, c            per family: shift amount, element index, part offset
 *                   (documented in each file)
 *
 * Aliasing: handlers read every source before writing Vd (Vd may be any
 * source register), by building the result in a local vreg_t.
 */
#ifndef TINYVM_CPU_SIMD_H
#define TINYVM_CPU_SIMD_H

#include "decode.h"
#include "fpu.h"

#define SIMD_HANDLER(name) const op_t *op_##name(cpu_t *cpu, const op_t *op)

/* Lane views of a vreg_t by element size in bits: EL(v, 32, i) = v->s[i]. */
#define EL_8 b
#define EL_16 h
#define EL_32 s
#define EL_64 d
#define EL(v, bits, i) ((v)->EL_##bits[i])

/* FPSR.QC: cumulative saturation (AArch64 FPSR bit 27). */
static inline void simd_set_qc(cpu_t *cpu) { cpu->sys.fpsr |= FPSR_QC; }

/* Write a pure op's result: mask it as the conventions above say. */
static inline const op_t *simd_put_masked(cpu_t *cpu, const op_t *op, vreg_t *r)
{
    r->d[0] &= op->imm;
    r->d[1] &= op->imm2;
    cpu->v[op->rd] = *r;
    return op + 1;
}

/* Saturation to a signed/unsigned element of `bits` bits (SignedSatQ,
 * UnsignedSatQ); *qc records that the value did not fit. */
static inline int64_t simd_ssat(__int128 v, int bits, bool *qc)
{
    __int128 max = ((__int128)1 << (bits - 1)) - 1, min = -max - 1;
    if (v > max) { *qc = true; return (int64_t)max; }
    if (v < min) { *qc = true; return (int64_t)min; }
    return (int64_t)v;
}
static inline uint64_t simd_usat(__int128 v, int bits, bool *qc)
{
    __int128 max = bits == 64 ? (__int128)UINT64_MAX : ((__int128)1 << bits) - 1;
    if (v > max) { *qc = true; return (uint64_t)max; }
    if (v < 0) { *qc = true; return 0; }
    return (uint64_t)v;
}

/* Mask of the low `bits` bits (bits 1..64). */
static inline uint64_t simd_mask(unsigned bits) { return bits >= 64 ? ~0ull : (1ull << bits) - 1; }

/* ---- decoders (simd_decode*.c, simd_ldst.c) ---- */

/* Fill the masks of a pure op: q = 1 for a 128-bit vector, 0 for 64 bits;
 * scalar_bits != 0 for a scalar result of that many bits. */
static inline void simd_masks(op_t *op, bool q, unsigned scalar_bits)
{
    if (scalar_bits) {
        op->imm = simd_mask(scalar_bits);
        op->imm2 = 0;
    } else {
        op->imm = ~0ull;
        op->imm2 = q ? ~0ull : 0;
    }
}

/* Feature checks on the ID registers (cpu_set_id_registers): an encoding
 * is decoded only when the ID registers advertise it. */
static inline bool simd_have_advsimd(const dc_t *dc)
{
    return (dc->cpu->id_aa64pfr0 >> 20 & 0xf) != 0xf; /* ID_AA64PFR0_EL1.AdvSIMD */
}
static inline bool simd_have_fp(const dc_t *dc)
{
    return (dc->cpu->id_aa64pfr0 >> 16 & 0xf) != 0xf; /* ID_AA64PFR0_EL1.FP */
}
static inline unsigned simd_isar0_field(const dc_t *dc, int shift)
{
    return (unsigned)(dc->cpu->id_aa64isar0 >> shift) & 0xf;
}
#define SIMD_HAVE_AES(dc) (simd_isar0_field(dc, 4) >= 1)
#define SIMD_HAVE_PMULL(dc) (simd_isar0_field(dc, 4) >= 2)
#define SIMD_HAVE_SHA1(dc) (simd_isar0_field(dc, 8) >= 1)
#define SIMD_HAVE_SHA256(dc) (simd_isar0_field(dc, 12) >= 1)

bool simd_decode_three_same(dc_t *dc, uint32_t insn, op_t *op, bool scalar);
bool simd_decode_three_diff(dc_t *dc, uint32_t insn, op_t *op, bool scalar);
bool simd_decode_two_misc(dc_t *dc, uint32_t insn, op_t *op, bool scalar);
bool simd_decode_across(dc_t *dc, uint32_t insn, op_t *op);
bool simd_decode_pairwise_scalar(dc_t *dc, uint32_t insn, op_t *op);
bool simd_decode_copy(dc_t *dc, uint32_t insn, op_t *op, bool scalar);
bool simd_decode_permute(dc_t *dc, uint32_t insn, op_t *op);
bool simd_decode_extract(dc_t *dc, uint32_t insn, op_t *op);
bool simd_decode_table(dc_t *dc, uint32_t insn, op_t *op);
bool simd_decode_modimm(dc_t *dc, uint32_t insn, op_t *op);
bool simd_decode_shift_imm(dc_t *dc, uint32_t insn, op_t *op, bool scalar);
bool simd_decode_elem(dc_t *dc, uint32_t insn, op_t *op, bool scalar);
bool simd_decode_crypto_aes(dc_t *dc, uint32_t insn, op_t *op);
bool simd_decode_crypto_sha3(dc_t *dc, uint32_t insn, op_t *op);
bool simd_decode_crypto_sha2(dc_t *dc, uint32_t insn, op_t *op);

/* The floating-point parts of the AdvSIMD classes (simd_fp_decode.c). */
bool simd_fp_decode_three_same(dc_t *dc, uint32_t insn, op_t *op, bool scalar);
bool simd_fp_decode_two_misc(dc_t *dc, uint32_t insn, op_t *op, bool scalar);
bool simd_fp_decode_across(dc_t *dc, uint32_t insn, op_t *op);
bool simd_fp_decode_pairwise(dc_t *dc, uint32_t insn, op_t *op);
bool simd_fp_decode_shift_conv(dc_t *dc, uint32_t insn, op_t *op, bool scalar);
bool simd_fp_decode_elem(dc_t *dc, uint32_t insn, op_t *op, bool scalar);

/* Loads/stores with V = 1, called by ldst.c's class decoders. */
bool simd_decode_ldst_literal(dc_t *dc, uint32_t insn, op_t *op);
bool simd_decode_ldst_pair(dc_t *dc, uint32_t insn, op_t *op);
bool simd_decode_ldst_imm9(dc_t *dc, uint32_t insn, op_t *op);
bool simd_decode_ldst_regoff(dc_t *dc, uint32_t insn, op_t *op);
bool simd_decode_ldst_uimm(dc_t *dc, uint32_t insn, op_t *op);
bool simd_decode_ldst_struct(dc_t *dc, uint32_t insn, op_t *op);

#endif
