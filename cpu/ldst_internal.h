/* ldst_internal.h - what the ldst_*.c and simd_ldst.c files share: operand
 * conventions, the SP alignment check, the fault helpers, and the decode of
 * the addressing modes with the handler templates that implement them.
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

#define HANDLER(name) const op_t *op_##name(cpu_t *cpu, const op_t *op)

/* ---- addressing modes of the single-register and pair forms ----
 *
 * Shared by ldst.c (general registers) and simd_ldst.c (SIMD&FP registers):
 * the decode helpers fill the base/offset operands and pick the mode at
 * translation time; the handler templates expand to one specialised handler
 * per (access kind, mode), so an executed op does no mode decoding. */

/* The modes, in the order of LDST_SINGLE_MODES (op_list_mem.h); pairs
 * have the first six (LDST_PAIR_MODES). Each *SP variant follows the mode
 * it is the SP-base version of. */
enum {
    LDST_M_OFF, LDST_M_OFFSP, LDST_M_PRE, LDST_M_PRESP, LDST_M_POST, LDST_M_POSTSP,
    LDST_M_RUX, LDST_M_RSX, LDST_M_RLSL, LDST_M_COUNT
};

/* The ops of access kind k, indexed by mode. */
#define LDST_MODE_ROW(k) \
    { OP_##k##_off, OP_##k##_offsp, OP_##k##_pre, OP_##k##_presp, OP_##k##_post, \
      OP_##k##_postsp, OP_##k##_rux, OP_##k##_rsx, OP_##k##_rlsl }

/* Base register Rn and offset imm of an access in a register-base mode
 * (LDST_M_OFF, _PRE, _POST or a register-offset mode): sets op->rn, op->imm
 * and, when the base is SP, op->b (the SP alignment check); returns the
 * mode of the op -- the *SP variant of an immediate mode when Rn is SP. */
static inline int ldst_decode_base(dc_t *dc, op_t *op, uint32_t rn, uint64_t imm, int mode)
{
    op->rn = reg_or_sp(rn);
    op->imm = imm;
    if (rn == 31) {
        op->b = ldst_sa_bit(dc);
        if (mode == LDST_M_OFF || mode == LDST_M_PRE || mode == LDST_M_POST)
            mode++; /* the *sp variant */
    }
    return mode;
}

/* Literal forms (opc 011 V 00 imm19 Rt): the address, known at decode time. */
static inline uint64_t ldst_literal_addr(const dc_t *dc, uint32_t insn)
{
    return dc->pc + (uint64_t)(sbits(insn, 5, 19) * 4);
}

/* size 111 V 00 opc 0 imm9 op4 Rn Rt: the mode of op4 = 00 unscaled offset,
 * 01 post-index, 10 unprivileged (an offset), 11 pre-index. */
static inline int ldst_imm9_mode(uint32_t insn)
{
    switch (bits(insn, 10, 2)) {
    case 1: return LDST_M_POST;
    case 3: return LDST_M_PRE;
    default: return LDST_M_OFF;
    }
}

/* size 111 V 00 opc 1 Rm option S 10 Rn Rt: the mode of option (UXTW, SXTW,
 * LSL/SXTX: 011/111 are 64-bit), or -1 when option<1> == 0 (reserved). */
static inline int ldst_regoff_mode(uint32_t insn)
{
    unsigned option = bits(insn, 13, 3);
    if (!(option & 2))
        return -1;
    return option == 2 ? LDST_M_RUX : option == 6 ? LDST_M_RSX : LDST_M_RLSL;
}

/* ... and its index operands: Rm, shifted by log2 of the access size (op->sf,
 * already set) when S = 1. */
static inline void ldst_decode_regoff_index(op_t *op, uint32_t insn)
{
    op->rm = reg_or_zr(bits(insn, 16, 5));
    op->a = bits(insn, 12, 1) ? op->sf : 0;
}

/* Pair forms: opc 101 V mode(2) L imm7 Rt2 Rn Rt, mode 00 = no-allocate
 * offset (LDNP/STNP), 01 = post-index, 10 = offset, 11 = pre-index. Sets
 * op->sf = scale (log2 of one element's size) and the base operands; returns
 * the mode, the index of the op after the kind's _off op. */
static inline int ldst_decode_pair_base(dc_t *dc, op_t *op, uint32_t insn, unsigned scale)
{
    static const uint8_t modes[4] = { LDST_M_OFF, LDST_M_POST, LDST_M_OFF, LDST_M_PRE };
    op->sf = (uint8_t)scale;
    return ldst_decode_base(dc, op, bits(insn, 5, 5), (uint64_t)sbits(insn, 15, 7) << scale,
                            modes[bits(insn, 23, 2)]);
}

/* Handler templates: LDST_GEN_IMM_MODES(k) defines the six immediate-mode
 * handlers op_k_off .. op_k_postsp, LDST_GEN_REG_MODES(k) the three
 * register-offset ones, from the including file's ACCESS_k(address), which
 * performs kind k's access (and register transfer) at the address. The base
 * is written back only after the access succeeded (precise faults). */
#define LDST_GEN_IMM_MODES(k)                                              \
    HANDLER(k##_off)                                                       \
    {                                                                      \
        uint64_t a = cpu->x[op->rn] + op->imm;                             \
        ACCESS_##k(a);                                                     \
        return op + 1;                                                     \
    }                                                                      \
    HANDLER(k##_offsp)                                                     \
    {                                                                      \
        uint64_t b = cpu->x[REG_SP];                                       \
        ldst_sp_check(cpu, op, b);                                         \
        ACCESS_##k(b + op->imm);                                           \
        return op + 1;                                                     \
    }                                                                      \
    HANDLER(k##_pre)                                                       \
    {                                                                      \
        uint64_t a = cpu->x[op->rn] + op->imm;                             \
        ACCESS_##k(a);                                                     \
        cpu->x[op->rn] = a;                                                \
        return op + 1;                                                     \
    }                                                                      \
    HANDLER(k##_presp)                                                     \
    {                                                                      \
        uint64_t b = cpu->x[REG_SP];                                       \
        ldst_sp_check(cpu, op, b);                                         \
        uint64_t a = b + op->imm;                                          \
        ACCESS_##k(a);                                                     \
        cpu->x[REG_SP] = a;                                                \
        return op + 1;                                                     \
    }                                                                      \
    HANDLER(k##_post)                                                      \
    {                                                                      \
        uint64_t a = cpu->x[op->rn];                                       \
        ACCESS_##k(a);                                                     \
        cpu->x[op->rn] = a + op->imm;                                      \
        return op + 1;                                                     \
    }                                                                      \
    HANDLER(k##_postsp)                                                    \
    {                                                                      \
        uint64_t a = cpu->x[REG_SP];                                       \
        ldst_sp_check(cpu, op, a);                                         \
        ACCESS_##k(a);                                                     \
        cpu->x[REG_SP] = a + op->imm;                                      \
        return op + 1;                                                     \
    }

/* Register-offset modes: ExtendReg(m, option, shift). The base may be SP;
 * op->b is then the SA bit, else 0, so one handler serves both. */
#define LDST_GEN_REG_MODES(k)                                              \
    HANDLER(k##_rux)                                                       \
    {                                                                      \
        uint64_t b = cpu->x[op->rn];                                       \
        ldst_sp_check(cpu, op, b);                                         \
        ACCESS_##k(b + ((uint64_t)(uint32_t)cpu->x[op->rm] << op->a));     \
        return op + 1;                                                     \
    }                                                                      \
    HANDLER(k##_rsx)                                                       \
    {                                                                      \
        uint64_t b = cpu->x[op->rn];                                       \
        ldst_sp_check(cpu, op, b);                                         \
        ACCESS_##k(b + ((uint64_t)(int32_t)cpu->x[op->rm] << op->a));      \
        return op + 1;                                                     \
    }                                                                      \
    HANDLER(k##_rlsl)                                                      \
    {                                                                      \
        uint64_t b = cpu->x[op->rn];                                       \
        ldst_sp_check(cpu, op, b);                                         \
        ACCESS_##k(b + (cpu->x[op->rm] << op->a));                         \
        return op + 1;                                                     \
    }

#define LDST_GEN_SINGLE(k) LDST_GEN_IMM_MODES(k) LDST_GEN_REG_MODES(k)

/* The access [va, va + len) as a host pointer when it lies in one page of
 * RAM the TLB already allows for this access, else
 * NULL: the caller then goes element by element through cpu_ldNN/cpu_stNN,
 * which fill the TLB or fault. Inlined with a constant `write`, this is the
 * same tag compare as cpu_ldNN's fast path. */
static inline uint8_t *ldst_span_host(cpu_t *cpu, const op_t *op, uint64_t va, unsigned len,
                                      bool write)
{
    tlb_entry_t *e = tlb_entry_for(cpu, op->c, va);
    uint64_t tag = write ? e->tag_write : e->tag_read;
    if (likely(tag == tlb_last_page(va, len)))
        return (uint8_t *)(uintptr_t)(va + e->addend);
    return NULL;
}

/* ldst_atomic.c: exclusives, load-acquire/store-release and CAS (the
 * "load/store exclusive" class, bits 29:24 = 001000), and the LSE atomic
 * memory operations (bits 29:24 = 111000, bit 21 = 1, bits 11:10 = 00). */
bool ldst_decode_exclusive(dc_t *dc, uint32_t insn, op_t *op);
bool ldst_decode_atomic(dc_t *dc, uint32_t insn, op_t *op);

#endif
