/* ldst.c - A64 loads and stores of general registers: the decoder of the
 * load/store group (op0 = x1x0) and the handlers of the ordinary forms.
 *
 *   LDR/STR/LDRB/STRB/LDRH/STRH/LDRSB/LDRSH/LDRSW with an unsigned scaled
 *   offset, an unscaled offset (LDUR/STUR), pre- and post-index, a register
 *   offset (UXTW/SXTW/LSL/SXTX, optionally scaled); LDR/LDRSW (literal);
 *   PRFM/PRFUM; LDP/STP/LDPSW/LDNP/STNP; LDTR/STTR and friends.
 *
 * Exclusives, load-acquire/store-release, CAS and the LSE atomics are in
 * ldst_atomic.c. SIMD&FP loads/stores (V = 1) branch off at one place in
 * each class decoder below to simd_ldst.c.
 *
 * Handlers are specialised per access kind and addressing mode so that the
 * common ones are straight-line code: compute the address, one cpu_ldNN or
 * cpu_stNN (the TLB fast path), write the register(s), write back the base.
 * Registers change only after every access of the instruction succeeded, so
 * a fault leaves them as they were (precise faults).
 *
 * Write-back when the base is also a transfer register (n == t, CONSTRAINED
 * UNPREDICTABLE in the Arm ARM) follows QEMU, checked with qemu-aarch64:
 * a load writes Rt and then the base (the written-back address wins); a
 * store stores the register's value from before the write-back.
 */
#include <string.h>

#include "dp_fuse.h"
#include "ldst.h"
#include "ldst_internal.h"
#include "simd.h"

/* ---- faults ---- */

/* AArch64.SPAlignmentFault: EC 0x26, ISS 0, FAR not written. */
_Noreturn void ldst_raise_sp_align(cpu_t *cpu, const op_t *op)
{
    cpu_raise_sync(cpu, cpu_op_pc(cpu, op), esr_make(EC_SP_ALIGN, true, 0), 0, false);
}

/* AArch64.AlignmentFault as a data abort: DFSC 0x21. */
_Noreturn void ldst_raise_align(cpu_t *cpu, const op_t *op, uint64_t va, acc_t acc)
{
    mmu_result_t r = { .fault = MMU_FAULT_ALIGNMENT };
    cpu_raise_mmu_fault(cpu, va, acc, &r, cpu_op_pc(cpu, op));
}

/* Synchronous external abort (DFSC 0x10, EA): an access the memory system
 * refuses, e.g. an atomic or exclusive access to a device. */
_Noreturn void ldst_raise_external(cpu_t *cpu, const op_t *op, uint64_t va, acc_t acc)
{
    mmu_result_t r = { .fault = MMU_FAULT_EXTERNAL };
    cpu_raise_mmu_fault(cpu, va, acc, &r, cpu_op_pc(cpu, op));
}

/* ---- single-register handlers ----
 *
 * ACCESS_<kind>(a) performs the access at address a: a load writes Rt, a
 * store reads it (truncated to the access size, so a device sees only the
 * bytes written). GEN_SINGLE(kind) expands to the nine addressing modes. */

#define ACCESS_strb(a) cpu_st8(cpu, a, (uint8_t)cpu->x[op->rd], op->c, op)
#define ACCESS_strh(a) cpu_st16(cpu, a, (uint16_t)cpu->x[op->rd], op->c, op)
#define ACCESS_str32(a) cpu_st32(cpu, a, (uint32_t)cpu->x[op->rd], op->c, op)
#define ACCESS_str64(a) cpu_st64(cpu, a, cpu->x[op->rd], op->c, op)
#define ACCESS_ldrb(a) cpu->x[op->rd] = cpu_ld8(cpu, a, op->c, op)
#define ACCESS_ldrh(a) cpu->x[op->rd] = cpu_ld16(cpu, a, op->c, op)
#define ACCESS_ldr32(a) cpu->x[op->rd] = cpu_ld32(cpu, a, op->c, op)
#define ACCESS_ldr64(a) cpu->x[op->rd] = cpu_ld64(cpu, a, op->c, op)
#define ACCESS_ldrsb32(a) cpu->x[op->rd] = (uint32_t)(int8_t)cpu_ld8(cpu, a, op->c, op)
#define ACCESS_ldrsb64(a) cpu->x[op->rd] = (uint64_t)(int8_t)cpu_ld8(cpu, a, op->c, op)
#define ACCESS_ldrsh32(a) cpu->x[op->rd] = (uint32_t)(int16_t)cpu_ld16(cpu, a, op->c, op)
#define ACCESS_ldrsh64(a) cpu->x[op->rd] = (uint64_t)(int16_t)cpu_ld16(cpu, a, op->c, op)
#define ACCESS_ldrsw(a) cpu->x[op->rd] = (uint64_t)(int32_t)cpu_ld32(cpu, a, op->c, op)

/* Pairs: both accesses first, then both registers (Rt2 before Rt, so with
 * LDP Rt == Rt2 the first element wins, as in QEMU). A pair inside one page
 * takes one TLB lookup for both elements; otherwise (page crossing, miss,
 * MMIO, code page) each element goes through cpu_ldNN/cpu_stNN on its own. */
#define ACCESS_PAIR_LD(a, T, sz, ld)                                             \
    do {                                                                         \
        uint64_t va_ = (a), v1_, v2_;                                            \
        const uint8_t *h_ = ldst_span_host(cpu, op, va_, 2 * (sz), false);       \
        if (likely(h_)) {                                                        \
            T t1_, t2_;                                                          \
            memcpy(&t1_, h_, sz);                                                \
            memcpy(&t2_, h_ + (sz), sz);                                         \
            v1_ = (uint64_t)t1_;                                                 \
            v2_ = (uint64_t)t2_;                                                 \
        } else {                                                                 \
            v1_ = (uint64_t)(T)ld(cpu, va_, op->c, op);                          \
            v2_ = (uint64_t)(T)ld(cpu, va_ + (sz), op->c, op);                   \
        }                                                                        \
        cpu->x[op->ra] = v2_;                                                    \
        cpu->x[op->rd] = v1_;                                                    \
    } while (0)
#define ACCESS_PAIR_ST(a, T, sz, st)                                             \
    do {                                                                         \
        uint64_t va_ = (a);                                                      \
        T t1_ = (T)cpu->x[op->rd], t2_ = (T)cpu->x[op->ra];                      \
        uint8_t *h_ = ldst_span_host(cpu, op, va_, 2 * (sz), true);              \
        if (likely(h_)) {                                                        \
            memcpy(h_, &t1_, sz);                                                \
            memcpy(h_ + (sz), &t2_, sz);                                         \
        } else {                                                                 \
            st(cpu, va_, t1_, op->c, op);                                        \
            st(cpu, va_ + (sz), t2_, op->c, op);                                 \
        }                                                                        \
    } while (0)
#define ACCESS_ldp32(a) ACCESS_PAIR_LD(a, uint32_t, 4, cpu_ld32)
#define ACCESS_ldpsw(a) ACCESS_PAIR_LD(a, int32_t, 4, cpu_ld32)
#define ACCESS_ldp64(a) ACCESS_PAIR_LD(a, uint64_t, 8, cpu_ld64)
#define ACCESS_stp32(a) ACCESS_PAIR_ST(a, uint32_t, 4, cpu_st32)
#define ACCESS_stp64(a) ACCESS_PAIR_ST(a, uint64_t, 8, cpu_st64)


/* The single-register handlers are split in two. The op_<kind>_<mode>
 * handler does only the fast path: the address, one TLB compare
 * (ldst_span_host, the same test as cpu_ldNN/cpu_stNN's), the transfer and
 * the write-back. Anything else -- a TLB miss, a page crossing, MMIO, a code
 * page, a fault -- tail-calls slow_<kind>_<mode>, the complete handler of the
 * shared template (ldst_internal.h), which does the whole instruction again
 * from the start. That is safe because the fast handler changes nothing
 * before it knows the access will succeed (the SP alignment check only
 * raises, and the slow handler repeats it first). Kept apart, the fast
 * handler makes no call, so the compiler saves no registers on the path
 * nearly every access takes (5 pushes and pops fewer per load or store). */
#undef HANDLER
#define HANDLER(name) \
    static __attribute__((noinline, cold)) const op_t *slow_##name(cpu_t *cpu, const op_t *op)
LDST_GEN_SINGLE(strb)
LDST_GEN_SINGLE(ldrb)
LDST_GEN_SINGLE(ldrsb64)
LDST_GEN_SINGLE(ldrsb32)
LDST_GEN_SINGLE(strh)
LDST_GEN_SINGLE(ldrh)
LDST_GEN_SINGLE(ldrsh64)
LDST_GEN_SINGLE(ldrsh32)
LDST_GEN_SINGLE(str32)
LDST_GEN_SINGLE(ldr32)
LDST_GEN_SINGLE(ldrsw)
LDST_GEN_SINGLE(str64)
LDST_GEN_SINGLE(ldr64)
#undef HANDLER
#define HANDLER(name) const op_t *op_##name(cpu_t *cpu, const op_t *op)

/* Per kind: access size, whether it writes, and the transfer at host h_. */
#define FAST_strb 1, true, host_st8(h_, cpu->x[op->rd])
#define FAST_strh 2, true, host_st16(h_, cpu->x[op->rd])
#define FAST_str32 4, true, host_st32(h_, cpu->x[op->rd])
#define FAST_str64 8, true, host_st64(h_, cpu->x[op->rd])
#define FAST_ldrb 1, false, cpu->x[op->rd] = host_ld8(h_)
#define FAST_ldrh 2, false, cpu->x[op->rd] = host_ld16(h_)
#define FAST_ldr32 4, false, cpu->x[op->rd] = host_ld32(h_)
#define FAST_ldr64 8, false, cpu->x[op->rd] = host_ld64(h_)
#define FAST_ldrsb32 1, false, cpu->x[op->rd] = (uint32_t)(int8_t)host_ld8(h_)
#define FAST_ldrsb64 1, false, cpu->x[op->rd] = (uint64_t)(int8_t)host_ld8(h_)
#define FAST_ldrsh32 2, false, cpu->x[op->rd] = (uint32_t)(int16_t)host_ld16(h_)
#define FAST_ldrsh64 2, false, cpu->x[op->rd] = (uint64_t)(int16_t)host_ld16(h_)
#define FAST_ldrsw 4, false, cpu->x[op->rd] = (uint64_t)(int32_t)host_ld32(h_)

/* base: the base register's slot; check: CheckSPAlignment needed (the *sp
 * modes; the register-offset modes check when op->b says the base is SP);
 * va: the address from b; wb: the write-back after the transfer (a load
 * writes Rt first, so with n == t the written-back address wins; a store
 * has read Rt before: as the shared template). */
#define FAST_HANDLER(k, mode, base, check, va, wb) FAST_HANDLER_(k, mode, base, check, va, wb, FAST_##k)
#define FAST_HANDLER_(...) FAST_HANDLER__(__VA_ARGS__)
#define FAST_HANDLER__(k, mode, base, check, va, wb, size, write, xfer)  \
    HANDLER(k##_##mode)                                                  \
    {                                                                    \
        uint64_t b = cpu->x[base];                                       \
        if (check)                                                       \
            ldst_sp_check(cpu, op, b);                                   \
        uint8_t *h_ = ldst_span_host(cpu, op, (va), size, write);        \
        if (unlikely(!h_))                                               \
            return slow_##k##_##mode(cpu, op);                           \
        xfer;                                                            \
        wb;                                                              \
        return op + 1;                                                   \
    }
#define FAST_GEN_SINGLE(k)                                                                   \
    FAST_HANDLER(k, off, op->rn, false, b + op->imm, (void)0)                                \
    FAST_HANDLER(k, offsp, REG_SP, true, b + op->imm, (void)0)                               \
    FAST_HANDLER(k, pre, op->rn, false, b + op->imm, cpu->x[op->rn] = b + op->imm)           \
    FAST_HANDLER(k, presp, REG_SP, true, b + op->imm, cpu->x[REG_SP] = b + op->imm)          \
    FAST_HANDLER(k, post, op->rn, false, b, cpu->x[op->rn] = b + op->imm)                    \
    FAST_HANDLER(k, postsp, REG_SP, true, b, cpu->x[REG_SP] = b + op->imm)                   \
    FAST_HANDLER(k, rux, op->rn, true, b + ((uint64_t)(uint32_t)cpu->x[op->rm] << op->a), (void)0) \
    FAST_HANDLER(k, rsx, op->rn, true, b + ((uint64_t)(int32_t)cpu->x[op->rm] << op->a), (void)0)  \
    FAST_HANDLER(k, rlsl, op->rn, true, b + (cpu->x[op->rm] << op->a), (void)0)

FAST_GEN_SINGLE(strb)
FAST_GEN_SINGLE(ldrb)
FAST_GEN_SINGLE(ldrsb64)
FAST_GEN_SINGLE(ldrsb32)
FAST_GEN_SINGLE(strh)
FAST_GEN_SINGLE(ldrh)
FAST_GEN_SINGLE(ldrsh64)
FAST_GEN_SINGLE(ldrsh32)
FAST_GEN_SINGLE(str32)
FAST_GEN_SINGLE(ldr32)
FAST_GEN_SINGLE(ldrsw)
FAST_GEN_SINGLE(str64)
FAST_GEN_SINGLE(ldr64)

/* ---- pairs of a register-offset load/store and an ALU op ------------------
 * (op_list_fuse.h; formed by dp_fuse.c). The memory half is the fast
 * handler above for the op in its own slot; on anything but a TLB hit it
 * goes to the complete handler for that slot, so a fault reports the memory
 * instruction (an ALU op before it has completed, as it would have). */
#define FZ_MEM_FAST(k, slow) FZ_MEM_FAST_(k, slow, FAST_##k)
#define FZ_MEM_FAST_(...) FZ_MEM_FAST__(__VA_ARGS__)
#define FZ_MEM_FAST__(k, slow, size, write, xfer)                                     \
    do {                                                                              \
        uint64_t b = cpu->x[op->rn];                                                  \
        ldst_sp_check(cpu, op, b);                                                    \
        uint8_t *h_ = ldst_span_host(cpu, op, b + (cpu->x[op->rm] << op->a), size, write); \
        if (unlikely(!h_))                                                            \
            return slow;                                                              \
        xfer;                                                                         \
    } while (0)
#define FAST_ldr32_rlsl FAST_ldr32
#define FAST_str32_rlsl FAST_str32
#define FAST_ldr64_rlsl FAST_ldr64
#define FAST_str64_rlsl FAST_str64

/* ALU, then the access from the next slot. */
#define FZ_DEF_AM(X, a, m)                          \
    HANDLER(fz_##a##_##m)                           \
    {                                               \
        FZ_BODY_##a(op);                            \
        op++;                                       \
        FZ_MEM_FAST(m, slow_##m(cpu, op));          \
        return op + 1;                              \
    }
/* The access, then the ALU op of the next slot (also after a slow access). */
#define FZ_DEF_MA(X, m, a)                                                                  \
    static __attribute__((noinline, cold)) const op_t *fzslow_##m##_##a(cpu_t *cpu,        \
                                                                        const op_t *op)     \
    {                                                                                       \
        slow_##m(cpu, op);                                                                  \
        FZ_BODY_##a(op + 1);                                                                \
        return op + 2;                                                                      \
    }                                                                                       \
    HANDLER(fz_##m##_##a)                                                                   \
    {                                                                                       \
        FZ_MEM_FAST(m, fzslow_##m##_##a(cpu, op));                                          \
        FZ_BODY_##a(op + 1);                                                                \
        return op + 2;                                                                      \
    }
#define FZ_DEF_AM_ROW(X, a) FZ_MEM_INNER(FZ_DEF_AM, X, a)
#define FZ_DEF_MA_ROW(X, m) FZ_ALU_INNER(FZ_DEF_MA, X, m)
FZ_ALU_OUTER(FZ_DEF_AM_ROW, _)
FZ_MEM_OUTER(FZ_DEF_MA_ROW, _)
LDST_GEN_IMM_MODES(stp32)
LDST_GEN_IMM_MODES(ldp32)
LDST_GEN_IMM_MODES(ldpsw)
LDST_GEN_IMM_MODES(stp64)
LDST_GEN_IMM_MODES(ldp64)

/* PRFM/PRFUM: a hint. It never faults, not even for SP alignment
 * (the pseudocode skips CheckSPAlignment for MemOp_PREFETCH). */
HANDLER(prfm)
{
    (void)cpu;
    return op + 1;
}

/* ---- DC ZVA (memory side) ---- */

void cpu_dc_zva(cpu_t *cpu, uint64_t va, const op_t *op)
{
    /* The block is naturally aligned; Xt may point anywhere inside it. It
     * "behaves as a set of stores to each byte" of the block: the whole block
     * (one page) is checked as a write first, so a fault leaves memory
     * untouched. FAR reports the address in Xt, as QEMU does. */
    uint64_t block = va & ~(uint64_t)(CPU_DCZVA_BYTES - 1);
    int mmu_idx = cpu_mmu_idx(cpu);
    tlb_entry_t *e = tlb_entry_for(cpu, mmu_idx, block);
    if (likely(e->tag_write == (block & TLB_PAGE_MASK))) { /* writable RAM, no code */
        memset((void *)(uintptr_t)(block + e->addend), 0, CPU_DCZVA_BYTES);
        return;
    }
    uint64_t pc = cpu_op_pc(cpu, op);
    /* Translate (or fault) at va, then take the block: same page. The
     * second call also drops translated code in the block. */
    if (cpu_mem_host_ptr(cpu, va, 1, ACC_WRITE, mmu_idx, pc)) {
        memset(cpu_mem_host_ptr(cpu, block, CPU_DCZVA_BYTES, ACC_WRITE, mmu_idx, pc), 0,
               CPU_DCZVA_BYTES);
        return;
    }
    /* "If the memory region being zeroed is any type of Device memory, this
     * instruction can give an Alignment fault": everything outside RAM is a
     * device here. */
    mmu_result_t al = { .fault = MMU_FAULT_ALIGNMENT };
    cpu_raise_mmu_fault(cpu, va, ACC_WRITE, &al, pc);
}

/* ---- decoder ---- */

/* Access kinds of the single-register forms, in the order of the
 * (size, opc) table below. */
enum {
    K_STRB, K_LDRB, K_LDRSB64, K_LDRSB32, K_STRH, K_LDRH, K_LDRSH64, K_LDRSH32,
    K_STR32, K_LDR32, K_LDRSW, K_STR64, K_LDR64, K_COUNT,
    K_PRFM = K_COUNT, K_NONE,
};

static const uint16_t single_ops[K_COUNT][LDST_M_COUNT] = {
    LDST_MODE_ROW(strb),  LDST_MODE_ROW(ldrb),  LDST_MODE_ROW(ldrsb64), LDST_MODE_ROW(ldrsb32),
    LDST_MODE_ROW(strh),  LDST_MODE_ROW(ldrh),  LDST_MODE_ROW(ldrsh64), LDST_MODE_ROW(ldrsh32),
    LDST_MODE_ROW(str32), LDST_MODE_ROW(ldr32), LDST_MODE_ROW(ldrsw),
    LDST_MODE_ROW(str64), LDST_MODE_ROW(ldr64),
};

/* (size << 2 | opc) -> kind, for the general-register (V = 0) forms. */
static const uint8_t single_kind[16] = {
    K_STRB, K_LDRB, K_LDRSB64, K_LDRSB32,
    K_STRH, K_LDRH, K_LDRSH64, K_LDRSH32,
    K_STR32, K_LDR32, K_LDRSW, K_NONE,
    K_STR64, K_LDR64, K_PRFM, K_NONE,
};

static const uint8_t kind_log2size[K_COUNT] = { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3 };

static inline bool kind_is_store(int k)
{
    return k == K_STRB || k == K_STRH || k == K_STR32 || k == K_STR64;
}

/* Fill op for a single-register access of kind k (not PRFM). mode is one
 * of the register-base modes (LDST_M_OFF, _PRE, _POST, _RUX, _RSX, _RLSL);
 * ldst_decode_base chooses the SP variants. */
static bool emit_single(dc_t *dc, op_t *op, int k, int mode, uint32_t rt, uint32_t rn,
                        uint64_t imm)
{
    op->sf = kind_log2size[k];
    op->rd = kind_is_store(k) ? reg_or_zr(rt) : dst_or_zr(rt);
    op_set(op, single_ops[k][ldst_decode_base(dc, op, rn, imm, mode)]);
    return true;
}

/* LDR/LDRSW/PRFM (literal): 0b opc 011 V 00 imm19 Rt. The address is
 * known now: encode it as an offset from XZR. */
static bool decode_literal(dc_t *dc, uint32_t insn, op_t *op)
{
    if (bits(insn, 26, 1))
        return simd_decode_ldst_literal(dc, insn, op);
    if (bits(insn, 24, 1))
        return false;
    static const uint8_t kinds[4] = { K_LDR32, K_LDR64, K_LDRSW, K_PRFM };
    int k = kinds[bits(insn, 30, 2)];
    if (k == K_PRFM) {
        op_set(op, OP_prfm);
        return true;
    }
    op->sf = kind_log2size[k];
    op->rd = dst_or_zr(bits(insn, 0, 5));
    op->rn = REG_ZR;
    op->imm = ldst_literal_addr(dc, insn);
    op_set(op, single_ops[k][LDST_M_OFF]);
    return true;
}

/* Load/store pair: opc 101 V mode(2) L imm7 Rt2 Rn Rt (modes: see
 * ldst_decode_pair_base). */
static bool decode_pair(dc_t *dc, uint32_t insn, op_t *op)
{
    if (bits(insn, 26, 1))
        return simd_decode_ldst_pair(dc, insn, op);
    unsigned opc = bits(insn, 30, 2), mode = bits(insn, 23, 2);
    bool load = bits(insn, 22, 1);
    uint16_t base_kind; /* the _off op of the kind; modes follow in order */
    switch (opc << 1 | load) {
    case 0: base_kind = OP_stp32_off; break;
    case 1: base_kind = OP_ldp32_off; break;
    case 3: /* LDPSW: no non-temporal form */
        if (mode == 0)
            return false;
        base_kind = OP_ldpsw_off;
        break;
    case 4: base_kind = OP_stp64_off; break;
    case 5: base_kind = OP_ldp64_off; break;
    default:
        return false; /* opc = 01 with L = 0 is STGP (FEAT_MTE2); opc = 11 */
    }
    uint32_t rt = bits(insn, 0, 5), rt2 = bits(insn, 10, 5);
    op->rd = load ? dst_or_zr(rt) : reg_or_zr(rt);
    op->ra = load ? dst_or_zr(rt2) : reg_or_zr(rt2);
    int m = ldst_decode_pair_base(dc, op, insn, opc == 2 ? 3 : 2);
    op_set(op, (enum op_kind)(base_kind + m));
    return true;
}

/* size 111 V 00 opc 0 imm9 op4 Rn Rt: op4 = 00 unscaled (LDUR/STUR/PRFUM),
 * 01 post-index, 10 unprivileged (LDTR/STTR), 11 pre-index. */
static bool decode_imm9(dc_t *dc, uint32_t insn, op_t *op)
{
    if (bits(insn, 26, 1))
        return simd_decode_ldst_imm9(dc, insn, op);
    int k = single_kind[bits(insn, 30, 2) << 2 | bits(insn, 22, 2)];
    unsigned form = bits(insn, 10, 2);
    if (k == K_NONE)
        return false;
    if (k == K_PRFM) {
        if (form != 0)
            return false; /* only PRFUM; no pre/post/unprivileged prefetch */
        op_set(op, OP_prfm);
        return true;
    }
    emit_single(dc, op, k, ldst_imm9_mode(insn), bits(insn, 0, 5), bits(insn, 5, 5),
                (uint64_t)sbits(insn, 12, 9));
    /* form 2, AArch64.MemSingle with AccType_UNPRIV: at EL1 the access is
     * checked as EL0's (PAN does not apply to it); at EL0 it is an ordinary
     * access. (FEAT_UAO is not implemented.) */
    if (form == 2 && dc->el == 1)
        op->c = MMU_IDX_EL0;
    return true;
}

/* size 111 V 00 opc 1 Rm option S 10 Rn Rt. */
static bool decode_regoff(dc_t *dc, uint32_t insn, op_t *op)
{
    if (bits(insn, 26, 1))
        return simd_decode_ldst_regoff(dc, insn, op);
    int k = single_kind[bits(insn, 30, 2) << 2 | bits(insn, 22, 2)];
    int mode = ldst_regoff_mode(insn);
    if (k == K_NONE || mode < 0)
        return false;
    if (k == K_PRFM) {
        op_set(op, OP_prfm);
        return true;
    }
    emit_single(dc, op, k, mode, bits(insn, 0, 5), bits(insn, 5, 5), 0);
    ldst_decode_regoff_index(op, insn);
    return true;
}

/* size 111 V 01 opc imm12 Rn Rt: unsigned offset scaled by the size. */
static bool decode_uimm(dc_t *dc, uint32_t insn, op_t *op)
{
    if (bits(insn, 26, 1))
        return simd_decode_ldst_uimm(dc, insn, op);
    unsigned size = bits(insn, 30, 2);
    int k = single_kind[size << 2 | bits(insn, 22, 2)];
    if (k == K_NONE)
        return false;
    if (k == K_PRFM) {
        op_set(op, OP_prfm);
        return true;
    }
    return emit_single(dc, op, k, LDST_M_OFF, bits(insn, 0, 5), bits(insn, 5, 5),
                       (uint64_t)bits(insn, 10, 12) << size);
}

/* The load/store group, op0 = x1x0 (bits 28:25). The class is chosen by
 * bits 29:28, 24, 21 and 11:10 (Arm ARM C4.1.4 "Loads and Stores"). */
bool decode_ldst(dc_t *dc, uint32_t insn, op_t *op)
{
    op->c = (uint8_t)dc->mmu_idx;
    switch (bits(insn, 28, 2)) {
    case 0:
        /* V = 1: AdvSIMD load/store multiple/single structures (LD1..LD4). */
        if (bits(insn, 26, 1))
            return simd_decode_ldst_struct(dc, insn, op);
        if (bits(insn, 24, 1))
            return false;
        return ldst_decode_exclusive(dc, insn, op);
    case 1:
        /* bit 24 = 1: LDAPUR/STLUR (FEAT_LRCPC2) and MTE tag stores: not
         * implemented. */
        if (bits(insn, 24, 1))
            return false;
        return decode_literal(dc, insn, op);
    case 2:
        return decode_pair(dc, insn, op);
    default:
        if (bits(insn, 24, 1))
            return decode_uimm(dc, insn, op);
        if (!bits(insn, 21, 1))
            return decode_imm9(dc, insn, op);
        switch (bits(insn, 10, 2)) {
        case 0:
            return ldst_decode_atomic(dc, insn, op);
        case 2:
            return decode_regoff(dc, insn, op);
        default:
            return false; /* LDRAA/LDRAB: FEAT_PAuth not implemented */
        }
    }
}
