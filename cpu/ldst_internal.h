/* ldst_internal.h - what the ldst_*.c files share: operand conventions,
 * the SP alignment check and the fault helpers.
 *
 * Operand conventions of every memory op (op.h fields):
 *   rd  Rt: destination slot for loads (XZR -> REG_SINK), source for stores
 *   ra  Rt2 of a pair (same rule), or the Rs destination of CAS
 *   rn  base register slot (31 -> REG_SP; REG_ZR for PC-relative literals)
 *   rm  index register (register offset), or Rs (status of STXR, CAS/LSE source)
 *   sf  log2 of the access size (of one element for pairs)
 *   a   shift amount of a register offset; CASP: Rs+1 destination slot
 *   b   SCTLR_EL1 bit that enables the SP alignment check (SA for EL1,
 *       SA0 for EL0) when the base is SP, else 0
 *   c   TLB regime (MMU_IDX_*), fixed at translation time
 *   imm offset added to the base (literal: the absolute address)
 *   imm2 atomics/exclusives/ordered: ordering bits (LDST_ACQ, LDST_REL)
 */
#ifndef TINYVM_CPU_LDST_INTERNAL_H
#define TINYVM_CPU_LDST_INTERNAL_H

#include "decode.h"
#include "mem_access.h"

enum { LDST_ACQ = 1, LDST_REL = 2 };

/* SCTLR_EL1.SA (bit 3) checks SP alignment at EL1, SA0 (bit 4) at EL0. */
static inline uint8_t ldst_sa_bit(const dc_t *dc)
{
    return dc->el == 0 ? 1u << 4 : 1u << 3;
}

_Noreturn void ldst_raise_sp_align(cpu_t *cpu, const op_t *op);
_Noreturn void ldst_raise_align(cpu_t *cpu, const op_t *op, uint64_t va, acc_t acc);
_Noreturn void ldst_raise_external(cpu_t *cpu, const op_t *op, uint64_t va, acc_t acc);

/* CheckSPAlignment(): base is the value of the base register; op->b is the
 * enabling SCTLR bit, or 0 when the base is not SP. */
static inline void ldst_sp_check(cpu_t *cpu, const op_t *op, uint64_t base)
{
    if (unlikely(base & 15) && (cpu->sys.sctlr & op->b))
        ldst_raise_sp_align(cpu, op);
}

/* Feature checks on the ID registers the system engineer sets: an encoding
 * is decoded only when its feature is advertised. */
static inline bool ldst_have_lse(const dc_t *dc)
{
    return (dc->cpu->id_aa64isar0 >> 20 & 0xf) >= 2; /* ID_AA64ISAR0_EL1.Atomic */
}
static inline bool ldst_have_lrcpc(const dc_t *dc)
{
    return (dc->cpu->id_aa64isar1 >> 20 & 0xf) >= 1; /* ID_AA64ISAR1_EL1.LRCPC */
}

/* ldst_atomic.c: exclusives, load-acquire/store-release and CAS (the
 * "load/store exclusive" class, bits 29:24 = 001000), and the LSE atomic
 * memory operations (bits 29:24 = 111000, bit 21 = 1, bits 11:10 = 00). */
bool ldst_decode_exclusive(dc_t *dc, uint32_t insn, op_t *op);
bool ldst_decode_atomic(dc_t *dc, uint32_t insn, op_t *op);

#endif
