/* ldst_atomic.c - loads and stores with ordering or atomicity rules:
 *   LDXR/STXR/LDAXR/STLXR (all sizes), LDXP/STXP/LDAXP/STLXP,
 *   LDAR/STLR (all sizes), LDAPR (FEAT_LRCPC, when advertised),
 *   CAS/CASA/CASL/CASAL (all sizes), CASP (FEAT_LSE),
 *   LDADD/LDCLR/LDEOR/LDSET/LDSMAX/LDSMIN/LDUMAX/LDUMIN/SWP (FEAT_LSE; the
 *   ST* aliases are the same instructions with Rt = XZR).
 *
 * All of them require their address to be aligned to the access size
 * (AArch64.CheckAlignment with AccType_ATOMIC/ORDERED, no FEAT_LSE2): an
 * unaligned address is an Alignment fault (DFSC 0x21) before any
 * translation. A read-modify-write (CAS, CASP, LD<op>, SWP) is a read
 * followed by a write (MemAtomic): its alignment fault reports WnR = 0, as
 * QEMU does, while its translation is checked for writing (a read-only page
 * gives a permission fault with WnR = 1, which is what lets Linux break
 * copy-on-write for it).
 *
 * Atomicity. One host thread runs all vCPUs today, but each vCPU will get a
 * host thread later, so every read-modify-write is a host atomic
 * (__atomic_* builtins) on the host address of the guest RAM, and the
 * store-exclusive is a compare-and-swap against the value the load-exclusive
 * saw (like QEMU; an ABA change in between goes unnoticed, which the
 * architecture's global monitor would catch -- no guest relies on that).
 * Atomics and exclusives to anything but RAM (a device) take a synchronous
 * external abort: the architecture lets a memory type that does not
 * support them abort.
 *
 * Local exclusive monitor (AArch64.MarkExclusiveVA/ExclusiveMonitorsPass):
 * cpu->excl_addr holds the physical address of the marked location
 * (UINT64_MAX: open), excl_size its size in bytes, excl_val the value(s)
 * read. A store-exclusive passes only for the same address and size, and
 * always clears the monitor. CLREX, exception entry and exception return
 * clear it too (sysreg.c, exception.c).
 */
#include "ldst_internal.h"

#define SEQ __ATOMIC_SEQ_CST

/* Guest physical address of a host pointer into guest RAM. */
static inline uint64_t host_to_pa(const cpu_t *cpu, const void *p)
{
    return (uint64_t)((const uint8_t *)p - cpu->pm->ram) + cpu->pm->ram_base;
}

/* Base address of an access that must be aligned to size bytes:
 * CheckSPAlignment, then the alignment check. */
static inline uint64_t aligned_addr(cpu_t *cpu, const op_t *op, unsigned size, acc_t acc)
{
    uint64_t va = cpu->x[op->rn];
    ldst_sp_check(cpu, op, va);
    if (unlikely(va & (size - 1)))
        ldst_raise_align(cpu, op, va, acc);
    return va;
}

/* Host address for an in-place access (translates, may fault); devices
 * abort. The access is aligned, so it stays in one page. */
static inline void *ram_ptr(cpu_t *cpu, const op_t *op, uint64_t va, unsigned size, acc_t acc)
{
    void *p = cpu_mem_host_ptr(cpu, va, size, acc, op->c, cpu_op_pc(cpu, op));
    if (unlikely(!p))
        ldst_raise_external(cpu, op, va, acc);
    return p;
}

/* 128-bit compare-and-swap at a 16-byte aligned host address: if *p equals
 * {*lo, *hi} store {nlo, nhi} and return true; else return the current
 * contents in {*lo, *hi}. */
static bool cas128(uint64_t *p, uint64_t *lo, uint64_t *hi, uint64_t nlo, uint64_t nhi)
{
#if defined(__x86_64__)
    bool ok;
    __asm__ volatile("lock cmpxchg16b %1"
                     : "=@ccz"(ok), "+m"(*(unsigned __int128 *)p), "+a"(*lo), "+d"(*hi)
                     : "b"(nlo), "c"(nhi)
                     : "memory");
    return ok;
#else
    /* With one host thread for all vCPUs this is atomic for the guest. A
     * host thread per vCPU on such a host needs a real 128-bit CAS here. */
    if (p[0] == *lo && p[1] == *hi) {
        p[0] = nlo;
        p[1] = nhi;
        return true;
    }
    *lo = p[0];
    *hi = p[1];
    return false;
#endif
}

/* ---- load/store exclusive (single register) ---- */

#define GEN_EXCL(bitsz, T)                                                       \
    HANDLER(ldxr##bitsz)                                                         \
    {                                                                            \
        uint64_t va = aligned_addr(cpu, op, sizeof(T), ACC_READ);                \
        T *p = ram_ptr(cpu, op, va, sizeof(T), ACC_READ);                        \
        T v = __atomic_load_n(p, __ATOMIC_ACQUIRE);                              \
        cpu->excl_addr = host_to_pa(cpu, p);                                     \
        cpu->excl_size = sizeof(T);                                              \
        cpu->excl_val[0] = v;                                                    \
        cpu->x[op->rd] = v;                                                      \
        return op + 1;                                                           \
    }                                                                            \
    HANDLER(stxr##bitsz)                                                         \
    {                                                                            \
        uint64_t va = aligned_addr(cpu, op, sizeof(T), ACC_WRITE);               \
        uint64_t status = 1;                                                     \
        /* No translation when the monitor is open: the pseudocode lets the   \
         * monitor check come before the abort checks. */                       \
        if (cpu->excl_addr != UINT64_MAX) {                                      \
            T *p = ram_ptr(cpu, op, va, sizeof(T), ACC_WRITE);                   \
            T expect = (T)cpu->excl_val[0];                                      \
            if (host_to_pa(cpu, p) == cpu->excl_addr && cpu->excl_size == sizeof(T) && \
                __atomic_compare_exchange_n(p, &expect, (T)cpu->x[op->rd], false, SEQ, SEQ)) \
                status = 0;                                                      \
        }                                                                        \
        cpu->excl_addr = UINT64_MAX;                                             \
        cpu->x[op->rm] = status;                                                 \
        return op + 1;                                                           \
    }

GEN_EXCL(8, uint8_t)
GEN_EXCL(16, uint16_t)
GEN_EXCL(32, uint32_t)
GEN_EXCL(64, uint64_t)

/* ---- load/store exclusive pair ----
 * A 32-bit pair is one 64-bit access (Rt in the low half: little-endian);
 * a 64-bit pair is one 16-byte-aligned 128-bit access. */

HANDLER(ldxp32)
{
    uint64_t va = aligned_addr(cpu, op, 8, ACC_READ);
    uint64_t *p = ram_ptr(cpu, op, va, 8, ACC_READ);
    uint64_t v = __atomic_load_n(p, __ATOMIC_ACQUIRE);
    cpu->excl_addr = host_to_pa(cpu, p);
    cpu->excl_size = 8;
    cpu->excl_val[0] = v;
    cpu->x[op->rd] = (uint32_t)v;
    cpu->x[op->ra] = v >> 32;
    return op + 1;
}

HANDLER(stxp32)
{
    uint64_t va = aligned_addr(cpu, op, 8, ACC_WRITE);
    uint64_t status = 1;
    if (cpu->excl_addr != UINT64_MAX) {
        uint64_t *p = ram_ptr(cpu, op, va, 8, ACC_WRITE);
        uint64_t expect = cpu->excl_val[0];
        uint64_t nv = (uint32_t)cpu->x[op->rd] | cpu->x[op->ra] << 32;
        if (host_to_pa(cpu, p) == cpu->excl_addr && cpu->excl_size == 8 &&
            __atomic_compare_exchange_n(p, &expect, nv, false, SEQ, SEQ))
            status = 0;
    }
    cpu->excl_addr = UINT64_MAX;
    cpu->x[op->rm] = status;
    return op + 1;
}

HANDLER(ldxp64)
{
    uint64_t va = aligned_addr(cpu, op, 16, ACC_READ);
    uint64_t *p = ram_ptr(cpu, op, va, 16, ACC_READ);
    uint64_t lo = __atomic_load_n(&p[0], __ATOMIC_ACQUIRE);
    uint64_t hi = __atomic_load_n(&p[1], __ATOMIC_ACQUIRE);
    cpu->excl_addr = host_to_pa(cpu, p);
    cpu->excl_size = 16;
    cpu->excl_val[0] = lo;
    cpu->excl_val[1] = hi;
    /* Rt then Rt2 (Rt == Rt2 is CONSTRAINED UNPREDICTABLE; QEMU's order). */
    cpu->x[op->rd] = lo;
    cpu->x[op->ra] = hi;
    return op + 1;
}

HANDLER(stxp64)
{
    uint64_t va = aligned_addr(cpu, op, 16, ACC_WRITE);
    uint64_t status = 1;
    if (cpu->excl_addr != UINT64_MAX) {
        uint64_t *p = ram_ptr(cpu, op, va, 16, ACC_WRITE);
        uint64_t lo = cpu->excl_val[0], hi = cpu->excl_val[1];
        if (host_to_pa(cpu, p) == cpu->excl_addr && cpu->excl_size == 16 &&
            cas128(p, &lo, &hi, cpu->x[op->rd], cpu->x[op->ra]))
            status = 0;
    }
    cpu->excl_addr = UINT64_MAX;
    cpu->x[op->rm] = status;
    return op + 1;
}

/* ---- load-acquire / store-release (and LDAPR) ----
 * Ordinary accesses through the TLB (devices allowed), aligned. The host
 * fences give acquire/release order between host threads; the RCsc order of
 * STLR followed by LDAR needs a full fence once vCPUs run in parallel. */

#define GEN_ORDERED(bitsz, T, ld, st)                                            \
    HANDLER(ldar##bitsz)                                                         \
    {                                                                            \
        uint64_t va = aligned_addr(cpu, op, sizeof(T), ACC_READ);                \
        uint64_t v = ld(cpu, va, op->c, op);                                     \
        __atomic_thread_fence(__ATOMIC_ACQUIRE);                                 \
        cpu->x[op->rd] = v;                                                      \
        return op + 1;                                                           \
    }                                                                            \
    HANDLER(stlr##bitsz)                                                         \
    {                                                                            \
        uint64_t va = aligned_addr(cpu, op, sizeof(T), ACC_WRITE);               \
        __atomic_thread_fence(__ATOMIC_RELEASE);                                 \
        st(cpu, va, (T)cpu->x[op->rd], op->c, op);                               \
        return op + 1;                                                           \
    }

GEN_ORDERED(8, uint8_t, cpu_ld8, cpu_st8)
GEN_ORDERED(16, uint16_t, cpu_ld16, cpu_st16)
GEN_ORDERED(32, uint32_t, cpu_ld32, cpu_st32)
GEN_ORDERED(64, uint64_t, cpu_ld64, cpu_st64)

/* ---- compare and swap ----
 * CAS: if [Xn] == Rs then [Xn] = Rt; Rs = old value (zero-extended). The
 * location is translated as a write even when the comparison fails (the
 * architecture allows either). */

#define GEN_CAS(bitsz, T)                                                        \
    HANDLER(cas##bitsz)                                                          \
    {                                                                            \
        uint64_t va = aligned_addr(cpu, op, sizeof(T), ACC_READ);                \
        T *p = ram_ptr(cpu, op, va, sizeof(T), ACC_WRITE);                       \
        T expect = (T)cpu->x[op->rm];                                            \
        __atomic_compare_exchange_n(p, &expect, (T)cpu->x[op->rd], false, SEQ, SEQ); \
        cpu->x[op->ra] = expect;                                                 \
        return op + 1;                                                           \
    }

GEN_CAS(8, uint8_t)
GEN_CAS(16, uint16_t)
GEN_CAS(32, uint32_t)
GEN_CAS(64, uint64_t)

/* CASP: Rs:Rs+1 compared with the pair at [Xn], Rt:Rt+1 stored. Rs and Rt
 * are even, so Rs+1/Rt+1 read at most slot 31 = XZR; the Rs+1 destination
 * slot is op->a (REG_SINK for XZR). */
HANDLER(casp32)
{
    uint64_t va = aligned_addr(cpu, op, 8, ACC_READ);
    uint64_t *p = ram_ptr(cpu, op, va, 8, ACC_WRITE);
    uint64_t expect = (uint32_t)cpu->x[op->rm] | cpu->x[op->rm + 1] << 32;
    uint64_t nv = (uint32_t)cpu->x[op->rd] | cpu->x[op->rd + 1] << 32;
    __atomic_compare_exchange_n(p, &expect, nv, false, SEQ, SEQ);
    cpu->x[op->ra] = (uint32_t)expect;
    cpu->x[op->a] = expect >> 32;
    return op + 1;
}

HANDLER(casp64)
{
    uint64_t va = aligned_addr(cpu, op, 16, ACC_READ);
    uint64_t *p = ram_ptr(cpu, op, va, 16, ACC_WRITE);
    uint64_t lo = cpu->x[op->rm], hi = cpu->x[op->rm + 1];
    cas128(p, &lo, &hi, cpu->x[op->rd], cpu->x[op->rd + 1]);
    cpu->x[op->ra] = lo;
    cpu->x[op->a] = hi;
    return op + 1;
}

/* ---- LSE atomic memory operations ----
 * Rt = old value (zero-extended), [Xn] = old OP Rs. The ST* aliases write
 * Rt = XZR, i.e. REG_SINK. */

#define GEN_LSE_FETCH(name, bitsz, T, call)                                      \
    HANDLER(name##bitsz)                                                         \
    {                                                                            \
        uint64_t va = aligned_addr(cpu, op, sizeof(T), ACC_READ);                \
        T *p = ram_ptr(cpu, op, va, sizeof(T), ACC_WRITE);                       \
        T s = (T)cpu->x[op->rm];                                                 \
        T old = call;                                                            \
        cpu->x[op->rd] = old;                                                    \
        return op + 1;                                                           \
    }

/* Min/max have no host fetch-op: compare-and-swap loop. CT is the signed
 * type for the signed forms. */
#define GEN_LSE_MINMAX(name, bitsz, T, CT, pick)                                 \
    HANDLER(name##bitsz)                                                         \
    {                                                                            \
        uint64_t va = aligned_addr(cpu, op, sizeof(T), ACC_READ);                \
        T *p = ram_ptr(cpu, op, va, sizeof(T), ACC_WRITE);                       \
        T s = (T)cpu->x[op->rm];                                                 \
        T old = __atomic_load_n(p, __ATOMIC_RELAXED);                            \
        T nv;                                                                    \
        do {                                                                     \
            nv = ((CT)old pick (CT)s) ? old : s;                                 \
        } while (!__atomic_compare_exchange_n(p, &old, nv, true, SEQ, __ATOMIC_RELAXED)); \
        cpu->x[op->rd] = old;                                                    \
        return op + 1;                                                           \
    }

#define GEN_LSE(bitsz, T, ST)                                                     \
    GEN_LSE_FETCH(ldadd, bitsz, T, __atomic_fetch_add(p, s, SEQ))                \
    GEN_LSE_FETCH(ldclr, bitsz, T, __atomic_fetch_and(p, (T)~s, SEQ))            \
    GEN_LSE_FETCH(ldeor, bitsz, T, __atomic_fetch_xor(p, s, SEQ))                \
    GEN_LSE_FETCH(ldset, bitsz, T, __atomic_fetch_or(p, s, SEQ))                 \
    GEN_LSE_FETCH(swp, bitsz, T, __atomic_exchange_n(p, s, SEQ))                 \
    GEN_LSE_MINMAX(ldsmax, bitsz, T, ST, >)                                      \
    GEN_LSE_MINMAX(ldsmin, bitsz, T, ST, <)                                      \
    GEN_LSE_MINMAX(ldumax, bitsz, T, T, >)                                       \
    GEN_LSE_MINMAX(ldumin, bitsz, T, T, <)

GEN_LSE(8, uint8_t, int8_t)
GEN_LSE(16, uint16_t, int16_t)
GEN_LSE(32, uint32_t, int32_t)
GEN_LSE(64, uint64_t, int64_t)

/* ---- decoders ---- */

static void set_base(dc_t *dc, op_t *op, uint32_t rn)
{
    op->rn = reg_or_sp(rn);
    op->b = rn == 31 ? ldst_sa_bit(dc) : 0;
}

static void set_kind(op_t *op, enum op_kind first, unsigned size)
{
    op_set(op, (enum op_kind)(first + size)); /* LDST_SIZES order: 8, 16, 32, 64 */
}

/* size 001000 o2 L o1 Rs o0 Rt2 Rn Rt (V = 0). The Rs/Rt2 fields that
 * LDXR/LDAR/STLR do not use are not checked (QEMU accepts any value). */
bool ldst_decode_exclusive(dc_t *dc, uint32_t insn, op_t *op)
{
    unsigned size = bits(insn, 30, 2);
    bool o2 = bits(insn, 23, 1), load = bits(insn, 22, 1), o1 = bits(insn, 21, 1);
    bool o0 = bits(insn, 15, 1);
    uint32_t rs = bits(insn, 16, 5), rt2 = bits(insn, 10, 5), rt = bits(insn, 0, 5);
    set_base(dc, op, bits(insn, 5, 5));
    op->sf = (uint8_t)size;

    switch (o2 << 1 | o1) {
    case 0: /* LDXR/LDAXR, STXR/STLXR */
        if (load) {
            op->rd = dst_or_zr(rt);
            op->imm2 = o0 ? LDST_ACQ : 0;
            set_kind(op, OP_ldxr8, size);
        } else {
            op->rd = reg_or_zr(rt);
            op->rm = dst_or_zr(rs);
            op->imm2 = o0 ? LDST_REL : 0;
            set_kind(op, OP_stxr8, size);
        }
        return true;
    case 1:
        if (size & 2) { /* LDXP/LDAXP, STXP/STLXP */
            op->sf = (uint8_t)size;
            if (load) {
                op->rd = dst_or_zr(rt);
                op->ra = dst_or_zr(rt2);
                op->imm2 = o0 ? LDST_ACQ : 0;
                op_set(op, size == 2 ? OP_ldxp32 : OP_ldxp64);
            } else {
                op->rd = reg_or_zr(rt);
                op->ra = reg_or_zr(rt2);
                op->rm = dst_or_zr(rs);
                op->imm2 = o0 ? LDST_REL : 0;
                op_set(op, size == 2 ? OP_stxp32 : OP_stxp64);
            }
            return true;
        }
        /* CASP/CASPA/CASPL/CASPAL: size<0> chooses 32/64; odd Rs or Rt is
         * reserved. */
        if (!ldst_have_lse(dc) || rt2 != 31 || (rs & 1) || (rt & 1))
            return false;
        op->sf = (uint8_t)(2 + (size & 1));
        op->rm = reg_or_zr(rs);
        op->ra = dst_or_zr(rs);
        op->a = dst_or_zr(rs + 1);
        op->rd = reg_or_zr(rt);
        op->imm2 = (load ? LDST_ACQ : 0) | (o0 ? LDST_REL : 0);
        op_set(op, size & 1 ? OP_casp64 : OP_casp32);
        return true;
    case 2: /* LDAR/STLR; o0 = 0 is LDLAR/STLLR (FEAT_LOR): not implemented */
        if (!o0)
            return false;
        if (load) {
            op->rd = dst_or_zr(rt);
            op->imm2 = LDST_ACQ;
            set_kind(op, OP_ldar8, size);
        } else {
            op->rd = reg_or_zr(rt);
            op->imm2 = LDST_REL;
            set_kind(op, OP_stlr8, size);
        }
        return true;
    default: /* CAS/CASA/CASL/CASAL */
        if (!ldst_have_lse(dc) || rt2 != 31)
            return false;
        op->rm = reg_or_zr(rs);
        op->ra = dst_or_zr(rs);
        op->rd = reg_or_zr(rt);
        op->imm2 = (load ? LDST_ACQ : 0) | (o0 ? LDST_REL : 0);
        set_kind(op, OP_cas8, size);
        return true;
    }
}

/* size 111 V 00 A R 1 Rs o3 opc 00 Rn Rt. */
bool ldst_decode_atomic(dc_t *dc, uint32_t insn, op_t *op)
{
    if (bits(insn, 26, 1))
        return false;
    unsigned size = bits(insn, 30, 2), opc = bits(insn, 12, 3);
    bool acq = bits(insn, 23, 1), rel = bits(insn, 22, 1), o3 = bits(insn, 15, 1);
    uint32_t rs = bits(insn, 16, 5), rt = bits(insn, 0, 5);
    set_base(dc, op, bits(insn, 5, 5));
    op->sf = (uint8_t)size;
    op->rd = dst_or_zr(rt);
    if (o3 && opc == 4) {
        /* LDAPR/LDAPRB/LDAPRH (FEAT_LRCPC): A = 1, R = 0, Rs = 11111. An
         * RCpc acquire is at most as strong as LDAR's, so it shares LDAR's
         * ops. */
        if (!ldst_have_lrcpc(dc) || rs != 31 || !acq || rel)
            return false;
        op->imm2 = LDST_ACQ;
        set_kind(op, OP_ldar8, size);
        return true;
    }
    if (!ldst_have_lse(dc))
        return false;
    static const uint16_t first[8] = {
        OP_ldadd8, OP_ldclr8, OP_ldeor8, OP_ldset8, OP_ldsmax8, OP_ldsmin8, OP_ldumax8, OP_ldumin8,
    };
    enum op_kind k;
    if (o3) {
        if (opc != 0)
            return false;
        k = OP_swp8;
    } else {
        k = (enum op_kind)first[opc];
    }
    op->rm = reg_or_zr(rs);
    op->imm2 = (acq ? LDST_ACQ : 0) | (rel ? LDST_REL : 0);
    set_kind(op, k, size);
    return true;
}
