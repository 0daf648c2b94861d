/* simd_ldst.c - SIMD&FP loads and stores (the V = 1 encodings of the
 * load/store group): LDR/STR of B/H/S/D/Q registers in every addressing
 * mode (unsigned offset, LDUR/STUR, pre/post-index, register offset,
 * literal), LDP/STP/LDNP/STNP of S/D/Q registers, and the AdvSIMD structure
 * loads/stores LD1-LD4/ST1-ST4 (multiple structures, single structure to
 * one lane), LD1R-LD4R, with post-index by immediate or register.
 *
 * ldst.c's class decoders hand V = 1 encodings to the decoders at the end
 * of this file; the operand conventions are ldst_internal.h's (rd = Vt,
 * ra = Vt2, rn = base slot, rm = index slot, a = index shift, b = SP
 * alignment bit, c = TLB regime, imm = offset). Every accepted encoding
 * sets dc->uses_fp (CPACR_EL1.FPEN).
 *
 * Precise faults: every access of an instruction happens before any
 * register is written, so a faulting load -- a structure load included --
 * leaves the V registers and the base unchanged. Stores that fault part of
 * the way have written the elements before the fault, in the order of the
 * pseudocode's element loop (the architecture leaves that memory UNKNOWN;
 * this is what QEMU does too).
 */
#include <string.h>

#include "ldst_internal.h"
#include "simd.h"

/* ---- single registers ---- */

/* 16-byte accesses: one TLB lookup when inside a page; otherwise two
 * doubleword accesses, both done before the register is written. The
 * fallback is out of line, so the handlers' fast path saves no registers. */
static __attribute__((noinline)) void ld128_slow(cpu_t *cpu, const op_t *op, uint64_t va,
                                                 uint64_t out[2])
{
    out[0] = cpu_ld64(cpu, va, op->c, op);
    out[1] = cpu_ld64(cpu, va + 8, op->c, op);
}

static __attribute__((noinline)) void st128_slow(cpu_t *cpu, const op_t *op, uint64_t va,
                                                 const uint64_t in[2])
{
    cpu_st64(cpu, va, in[0], op->c, op);
    cpu_st64(cpu, va + 8, in[1], op->c, op);
}

static inline void ld128(cpu_t *cpu, const op_t *op, uint64_t va, uint64_t out[2])
{
    const uint8_t *h = ldst_span_host(cpu, op, va, 16, false);
    if (likely(h)) {
        memcpy(out, h, 16);
        return;
    }
    ld128_slow(cpu, op, va, out);
}

static inline void st128(cpu_t *cpu, const op_t *op, uint64_t va, const uint64_t in[2])
{
    uint8_t *h = ldst_span_host(cpu, op, va, 16, true);
    if (likely(h)) {
        memcpy(h, in, 16);
        return;
    }
    st128_slow(cpu, op, va, in);
}

static inline void vset64(cpu_t *cpu, unsigned r, uint64_t v)
{
    cpu->v[r].d[0] = v;
    cpu->v[r].d[1] = 0;
}

/* B/H/S/D accesses: the TLB hit inline (ldst_span_host is cpu_ldNN's
 * fast path), cpu_ldNN/cpu_stNN out of line for the rest, so that the
 * handlers' fast path saves no registers for a call it doesn't make. */
#define DEF_VACCESS(bits)                                                    \
    static __attribute__((noinline)) uint64_t vld##bits##_slow(cpu_t *cpu, const op_t *op, \
                                                             uint64_t va)    \
    {                                                                        \
        return cpu_ld##bits(cpu, va, op->c, op);                             \
    }                                                                        \
    static __attribute__((noinline)) void vst##bits##_slow(cpu_t *cpu, const op_t *op, \
                                                         uint64_t va, uint64_t v) \
    {                                                                        \
        cpu_st##bits(cpu, va, v, op->c, op);                                 \
    }                                                                        \
    static inline uint64_t vld##bits(cpu_t *cpu, const op_t *op, uint64_t va) \
    {                                                                        \
        const uint8_t *h = ldst_span_host(cpu, op, va, (bits) / 8, false);    \
        if (likely(h)) {                                                     \
            uint##bits##_t v;                                                \
            memcpy(&v, h, sizeof(v));                                        \
            return v;                                                        \
        }                                                                    \
        return vld##bits##_slow(cpu, op, va);                                \
    }                                                                        \
    static inline void vst##bits(cpu_t *cpu, const op_t *op, uint64_t va, uint64_t v) \
    {                                                                        \
        uint8_t *h = ldst_span_host(cpu, op, va, (bits) / 8, true);           \
        if (likely(h)) {                                                     \
            uint##bits##_t t = (uint##bits##_t)v;                            \
            memcpy(h, &t, sizeof(t));                                        \
            return;                                                          \
        }                                                                    \
        vst##bits##_slow(cpu, op, va, v);                                    \
    }
DEF_VACCESS(8)
DEF_VACCESS(16)
DEF_VACCESS(32)
DEF_VACCESS(64)

#define ACCESS_vstb(a) vst8(cpu, op, a, cpu->v[op->rd].b[0])
#define ACCESS_vsth(a) vst16(cpu, op, a, cpu->v[op->rd].h[0])
#define ACCESS_vsts(a) vst32(cpu, op, a, cpu->v[op->rd].s[0])
#define ACCESS_vstd(a) vst64(cpu, op, a, cpu->v[op->rd].d[0])
#define ACCESS_vstq(a) st128(cpu, op, a, cpu->v[op->rd].d)
#define ACCESS_vldb(a) vset64(cpu, op->rd, vld8(cpu, op, a))
#define ACCESS_vldh(a) vset64(cpu, op->rd, vld16(cpu, op, a))
#define ACCESS_vlds(a) vset64(cpu, op->rd, vld32(cpu, op, a))
#define ACCESS_vldd(a) vset64(cpu, op->rd, vld64(cpu, op, a))
#define ACCESS_vldq(a)                                                       \
    do {                                                                     \
        uint64_t t_[2];                                                      \
        ld128(cpu, op, a, t_);                                               \
        cpu->v[op->rd].d[0] = t_[0];                                         \
        cpu->v[op->rd].d[1] = t_[1];                                         \
    } while (0)

/* Pairs: both elements are read (or the registers' values taken) before
 * anything is written; with LDP Vt == Vt2 (CONSTRAINED UNPREDICTABLE) the
 * second element wins, as in QEMU. */
#define ACCESS_PAIR_LD(a, sz, ld)                                            \
    do {                                                                     \
        uint64_t va_ = (a), v1_, v2_;                                        \
        v1_ = ld(cpu, va_, op->c, op);                                       \
        v2_ = ld(cpu, va_ + (sz), op->c, op);                                \
        vset64(cpu, op->rd, v1_);                                            \
        vset64(cpu, op->ra, v2_);                                            \
    } while (0)
#define ACCESS_PAIR_ST(a, sz, st, lane)                                      \
    do {                                                                     \
        uint64_t va_ = (a);                                                  \
        uint64_t v1_ = cpu->v[op->rd].lane[0], v2_ = cpu->v[op->ra].lane[0]; \
        st(cpu, va_, v1_, op->c, op);                                        \
        st(cpu, va_ + (sz), v2_, op->c, op);                                 \
    } while (0)
#define vld32_(cpu, va, c, op) vld32(cpu, op, va)
#define vld64_(cpu, va, c, op) vld64(cpu, op, va)
#define vst32_(cpu, va, v, c, op) vst32(cpu, op, va, v)
#define vst64_(cpu, va, v, c, op) vst64(cpu, op, va, v)
#define ACCESS_vldps(a) ACCESS_PAIR_LD(a, 4, vld32_)
#define ACCESS_vldpd(a) ACCESS_PAIR_LD(a, 8, vld64_)
#define ACCESS_vstps(a) ACCESS_PAIR_ST(a, 4, vst32_, s)
#define ACCESS_vstpd(a) ACCESS_PAIR_ST(a, 8, vst64_, d)
#define ACCESS_vldpq(a)                                                      \
    do {                                                                     \
        uint64_t va_ = (a), t1_[2], t2_[2];                                  \
        const uint8_t *h_ = ldst_span_host(cpu, op, va_, 32, false);          \
        if (likely(h_)) {                                                    \
            memcpy(t1_, h_, 16);                                             \
            memcpy(t2_, h_ + 16, 16);                                        \
        } else {                                                             \
            ld128(cpu, op, va_, t1_);                                        \
            ld128(cpu, op, va_ + 16, t2_);                                   \
        }                                                                    \
        memcpy(&cpu->v[op->rd], t1_, 16);                                    \
        memcpy(&cpu->v[op->ra], t2_, 16);                                    \
    } while (0)
#define ACCESS_vstpq(a)                                                      \
    do {                                                                     \
        uint64_t va_ = (a);                                                  \
        vreg_t t1_ = cpu->v[op->rd], t2_ = cpu->v[op->ra];                   \
        uint8_t *h_ = ldst_span_host(cpu, op, va_, 32, true);                 \
        if (likely(h_)) {                                                    \
            memcpy(h_, &t1_, 16);                                            \
            memcpy(h_ + 16, &t2_, 16);                                       \
        } else {                                                             \
            st128(cpu, op, va_, t1_.d);                                      \
            st128(cpu, op, va_ + 16, t2_.d);                                 \
        }                                                                    \
    } while (0)

/* The addressing modes: ldst_internal.h's handler templates. */

LDST_GEN_SINGLE(vstb)
LDST_GEN_SINGLE(vldb)
LDST_GEN_SINGLE(vsth)
LDST_GEN_SINGLE(vldh)
LDST_GEN_SINGLE(vsts)
LDST_GEN_SINGLE(vlds)
LDST_GEN_SINGLE(vstd)
LDST_GEN_SINGLE(vldd)
LDST_GEN_SINGLE(vstq)
LDST_GEN_SINGLE(vldq)
LDST_GEN_IMM_MODES(vstps)
LDST_GEN_IMM_MODES(vldps)
LDST_GEN_IMM_MODES(vstpd)
LDST_GEN_IMM_MODES(vldpd)
LDST_GEN_IMM_MODES(vstpq)
LDST_GEN_IMM_MODES(vldpq)

/* ---- structures (LD1-LD4, ST1-ST4, LD1R-LD4R) ----
 *
 * Operands: rd = Vt, rn = base slot (SP: b = the SCTLR alignment bit),
 * a = selem (registers per structure), sf = log2 of the element size,
 * ra/imm = post-index: the base advances by x[ra] + imm (ra = REG_ZR for
 * the immediate form), imm2 = flags below plus, in bits 15:8, rpt (the
 * register-group count of LD1/ST1 multiple) or the lane index. */
enum { ST_POST = 1, ST_Q = 2 };
#define ST_FIELD(op) ((unsigned)((op)->imm2 >> 8) & 0xff)

static inline uint64_t struct_base(cpu_t *cpu, const op_t *op)
{
    uint64_t b = cpu->x[op->rn];
    ldst_sp_check(cpu, op, b);
    return b;
}

static inline void struct_writeback(cpu_t *cpu, const op_t *op, uint64_t base)
{
    if (op->imm2 & ST_POST)
        cpu->x[op->rn] = base + cpu->x[op->ra] + op->imm;
}

static inline uint64_t ld_elem(cpu_t *cpu, const op_t *op, uint64_t va, const uint8_t *h, unsigned esz)
{
    if (h) {
        uint64_t v = 0;
        memcpy(&v, h, 1u << esz);
        return v;
    }
    switch (esz) {
    case 0: return cpu_ld8(cpu, va, op->c, op);
    case 1: return cpu_ld16(cpu, va, op->c, op);
    case 2: return cpu_ld32(cpu, va, op->c, op);
    default: return cpu_ld64(cpu, va, op->c, op);
    }
}

static inline void st_elem(cpu_t *cpu, const op_t *op, uint64_t va, uint8_t *h, unsigned esz, uint64_t v)
{
    if (h) {
        memcpy(h, &v, 1u << esz);
        return;
    }
    switch (esz) {
    case 0: cpu_st8(cpu, va, v, op->c, op); break;
    case 1: cpu_st16(cpu, va, v, op->c, op); break;
    case 2: cpu_st32(cpu, va, v, op->c, op); break;
    default: cpu_st64(cpu, va, v, op->c, op); break;
    }
}

/* LD1 {Vt..}, multiple structures: with one element per structure the
 * registers are just consecutive bytes of memory, whatever the element
 * size (little-endian), so this is a copy of rpt * 8 or 16 bytes. */
HANDLER(v_ld1m)
{
    uint64_t base = struct_base(cpu, op);
    unsigned regs = ST_FIELD(op), bytes = op->imm2 & ST_Q ? 16 : 8, len = regs * bytes;
    vreg_t t[4];
    memset(t, 0, sizeof(t));
    const uint8_t *h = ldst_span_host(cpu, op, base, len, false);
    if (h) {
        /* Constant sizes, so the copies are inlined (a variable-size memcpy
         * is a libc call: 6% of a CPU-bound guest's profile). */
        if (bytes == 16)
            for (unsigned r = 0; r < regs; r++)
                memcpy(&t[r], h + r * 16, 16);
        else
            for (unsigned r = 0; r < regs; r++)
                memcpy(&t[r], h + r * 8, 8);
    } else {
        /* Element by element, so a fault reports the element's address. */
        unsigned esz = op->sf, ebytes = 1u << esz;
        for (unsigned off = 0; off < len; off += ebytes) {
            uint64_t v = ld_elem(cpu, op, base + off, NULL, esz);
            memcpy((uint8_t *)&t[off / bytes] + off % bytes, &v, ebytes);
        }
    }
    for (unsigned r = 0; r < regs; r++)
        cpu->v[(op->rd + r) & 31] = t[r];
    struct_writeback(cpu, op, base);
    return op + 1;
}

HANDLER(v_st1m)
{
    uint64_t base = struct_base(cpu, op);
    unsigned regs = ST_FIELD(op), bytes = op->imm2 & ST_Q ? 16 : 8, len = regs * bytes;
    vreg_t t[4];
    for (unsigned r = 0; r < regs; r++)
        t[r] = cpu->v[(op->rd + r) & 31];
    uint8_t *h = ldst_span_host(cpu, op, base, len, true);
    if (h) {
        if (bytes == 16) /* constant sizes: inlined copies, as in LD1 */
            for (unsigned r = 0; r < regs; r++)
                memcpy(h + r * 16, &t[r], 16);
        else
            for (unsigned r = 0; r < regs; r++)
                memcpy(h + r * 8, &t[r], 8);
    } else {
        /* In doublewords: consecutive elements of one register are one
         * little-endian access (what QEMU does too, which decides what a
         * store that faults half-way has written). */
        for (unsigned off = 0; off < len; off += 8) {
            uint64_t v;
            memcpy(&v, (const uint8_t *)&t[off / bytes] + off % bytes, 8);
            cpu_st64(cpu, base + off, v, op->c, op);
        }
    }
    struct_writeback(cpu, op, base);
    return op + 1;
}

/* LD2/LD3/LD4 (multiple structures): element e of register s comes from
 * structure e, member s (de-interleaving). */
HANDLER(v_ldnm)
{
    uint64_t base = struct_base(cpu, op);
    unsigned selem = op->a, esz = op->sf, ebytes = 1u << esz;
    unsigned elems = (op->imm2 & ST_Q ? 16 : 8) >> esz;
    unsigned len = selem * elems * ebytes;
    const uint8_t *h = ldst_span_host(cpu, op, base, len, false);
    vreg_t t[4];
    memset(t, 0, sizeof(t));
    uint64_t off = 0;
    for (unsigned e = 0; e < elems; e++)
        for (unsigned s = 0; s < selem; s++, off += ebytes) {
            uint64_t v = ld_elem(cpu, op, base + off, h ? h + off : NULL, esz);
            memcpy((uint8_t *)&t[s] + e * ebytes, &v, ebytes);
        }
    for (unsigned s = 0; s < selem; s++)
        cpu->v[(op->rd + s) & 31] = t[s];
    struct_writeback(cpu, op, base);
    return op + 1;
}

HANDLER(v_stnm)
{
    uint64_t base = struct_base(cpu, op);
    unsigned selem = op->a, esz = op->sf, ebytes = 1u << esz;
    unsigned elems = (op->imm2 & ST_Q ? 16 : 8) >> esz;
    unsigned len = selem * elems * ebytes;
    uint8_t *h = ldst_span_host(cpu, op, base, len, true);
    vreg_t t[4];
    for (unsigned s = 0; s < selem; s++)
        t[s] = cpu->v[(op->rd + s) & 31];
    uint64_t off = 0;
    for (unsigned e = 0; e < elems; e++)
        for (unsigned s = 0; s < selem; s++, off += ebytes) {
            uint64_t v = 0;
            memcpy(&v, (const uint8_t *)&t[s] + e * ebytes, ebytes);
            st_elem(cpu, op, base + off, h ? h + off : NULL, esz, v);
        }
    struct_writeback(cpu, op, base);
    return op + 1;
}

/* LD1-LD4 (single structure): lane `index` of each register; the other
 * lanes (and the upper half, whatever Q) keep their values. */
HANDLER(v_ldns)
{
    uint64_t base = struct_base(cpu, op);
    unsigned selem = op->a, esz = op->sf, ebytes = 1u << esz, index = ST_FIELD(op);
    const uint8_t *h = ldst_span_host(cpu, op, base, selem * ebytes, false);
    uint64_t v[4];
    for (unsigned s = 0; s < selem; s++)
        v[s] = ld_elem(cpu, op, base + s * ebytes, h ? h + s * ebytes : NULL, esz);
    for (unsigned s = 0; s < selem; s++)
        memcpy((uint8_t *)&cpu->v[(op->rd + s) & 31] + index * ebytes, &v[s], ebytes);
    struct_writeback(cpu, op, base);
    return op + 1;
}

HANDLER(v_stns)
{
    uint64_t base = struct_base(cpu, op);
    unsigned selem = op->a, esz = op->sf, ebytes = 1u << esz, index = ST_FIELD(op);
    uint8_t *h = ldst_span_host(cpu, op, base, selem * ebytes, true);
    uint64_t v[4] = { 0, 0, 0, 0 };
    for (unsigned s = 0; s < selem; s++)
        memcpy(&v[s], (const uint8_t *)&cpu->v[(op->rd + s) & 31] + index * ebytes, ebytes);
    for (unsigned s = 0; s < selem; s++)
        st_elem(cpu, op, base + s * ebytes, h ? h + s * ebytes : NULL, esz, v[s]);
    struct_writeback(cpu, op, base);
    return op + 1;
}

/* LD1R-LD4R: one structure, each member replicated to every lane of its
 * register (a 64-bit vector clears the upper half). */
HANDLER(v_ldnr)
{
    uint64_t base = struct_base(cpu, op);
    unsigned selem = op->a, esz = op->sf, ebytes = 1u << esz;
    unsigned bytes = op->imm2 & ST_Q ? 16 : 8;
    const uint8_t *h = ldst_span_host(cpu, op, base, selem * ebytes, false);
    uint64_t v[4];
    for (unsigned s = 0; s < selem; s++)
        v[s] = ld_elem(cpu, op, base + s * ebytes, h ? h + s * ebytes : NULL, esz);
    for (unsigned s = 0; s < selem; s++) {
        vreg_t r = { .d = { 0, 0 } };
        for (unsigned i = 0; i < bytes; i += ebytes)
            memcpy(&r.b[i], &v[s], ebytes);
        cpu->v[(op->rd + s) & 31] = r;
    }
    struct_writeback(cpu, op, base);
    return op + 1;
}

/* ---- decoders ---- */

enum { VK_B, VK_H, VK_S, VK_D, VK_Q, VK_NONE };

static const uint16_t vsingle_ops[2][5][LDST_M_COUNT] = {
    { LDST_MODE_ROW(vstb), LDST_MODE_ROW(vsth), LDST_MODE_ROW(vsts), LDST_MODE_ROW(vstd),
      LDST_MODE_ROW(vstq) },
    { LDST_MODE_ROW(vldb), LDST_MODE_ROW(vldh), LDST_MODE_ROW(vlds), LDST_MODE_ROW(vldd),
      LDST_MODE_ROW(vldq) },
};

/* size:opc of the single-register forms -> register size; opc<0> = load.
 * opc<1> = 1 is the Q register, with size = 00 only. */
static int vsingle_kind(uint32_t insn)
{
    unsigned size = bits(insn, 30, 2), opc = bits(insn, 22, 2);
    if (opc & 2)
        return size == 0 ? VK_Q : VK_NONE;
    return (int)size;
}

static bool emit_vsingle(dc_t *dc, op_t *op, int k, bool load, int mode, uint32_t rt, uint32_t rn,
                         uint64_t imm)
{
    if (!simd_have_fp(dc))
        return false;
    dc->uses_fp = true;
    op->sf = (uint8_t)k; /* log2 of the size: B..Q = 0..4 */
    op->rd = (uint8_t)rt;
    op_set(op, vsingle_ops[load][k][ldst_decode_base(dc, op, rn, imm, mode)]);
    return true;
}

/* LDR (literal, SIMD&FP): opc 011 1 00 imm19 Rt; opc = 00 S, 01 D, 10 Q. */
bool simd_decode_ldst_literal(dc_t *dc, uint32_t insn, op_t *op)
{
    unsigned opc = bits(insn, 30, 2);
    if (opc == 3 || bits(insn, 24, 1))
        return false;
    static const int kinds[3] = { VK_S, VK_D, VK_Q };
    if (!emit_vsingle(dc, op, kinds[opc], true, LDST_M_OFF, bits(insn, 0, 5), 0,
                      ldst_literal_addr(dc, insn)))
        return false;
    op->rn = REG_ZR; /* the address is known now: an offset from XZR */
    return true;
}

/* LDP/STP/LDNP/STNP (SIMD&FP): opc 101 1 mode L imm7 Rt2 Rn Rt. */
bool simd_decode_ldst_pair(dc_t *dc, uint32_t insn, op_t *op)
{
    unsigned opc = bits(insn, 30, 2);
    bool load = bits(insn, 22, 1);
    if (opc == 3 || !simd_have_fp(dc))
        return false;
    dc->uses_fp = true;
    static const uint16_t base_kind[2][3] = {
        { OP_vstps_off, OP_vstpd_off, OP_vstpq_off },
        { OP_vldps_off, OP_vldpd_off, OP_vldpq_off },
    };
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->ra = (uint8_t)bits(insn, 10, 5);
    int m = ldst_decode_pair_base(dc, op, insn, 2 + opc);
    op_set(op, (enum op_kind)(base_kind[load][opc] + m));
    return true;
}

/* size 111 1 00 opc 0 imm9 op4 Rn Rt: LDUR/STUR, post-index, pre-index
 * (op4 = 10, the unprivileged form, has no SIMD&FP version). */
bool simd_decode_ldst_imm9(dc_t *dc, uint32_t insn, op_t *op)
{
    int k = vsingle_kind(insn);
    if (k == VK_NONE || bits(insn, 10, 2) == 2)
        return false;
    return emit_vsingle(dc, op, k, bits(insn, 22, 1), ldst_imm9_mode(insn), bits(insn, 0, 5),
                        bits(insn, 5, 5), (uint64_t)sbits(insn, 12, 9));
}

/* size 111 1 00 opc 1 Rm option S 10 Rn Rt. */
bool simd_decode_ldst_regoff(dc_t *dc, uint32_t insn, op_t *op)
{
    int k = vsingle_kind(insn), mode = ldst_regoff_mode(insn);
    if (k == VK_NONE || mode < 0)
        return false;
    if (!emit_vsingle(dc, op, k, bits(insn, 22, 1), mode, bits(insn, 0, 5), bits(insn, 5, 5), 0))
        return false;
    ldst_decode_regoff_index(op, insn);
    return true;
}

/* size 111 1 01 opc imm12 Rn Rt. */
bool simd_decode_ldst_uimm(dc_t *dc, uint32_t insn, op_t *op)
{
    int k = vsingle_kind(insn);
    if (k == VK_NONE)
        return false;
    return emit_vsingle(dc, op, k, bits(insn, 22, 1), LDST_M_OFF, bits(insn, 0, 5), bits(insn, 5, 5),
                        (uint64_t)bits(insn, 10, 12) << k);
}

/* AdvSIMD load/store multiple structures and single structure (with and
 * without post-index): 0 Q 0011 0 P S L R Rm opcode S size Rn Rt, where
 * P = bit 23 (post-index) and bit 24 = 1 for the single-structure forms. */
bool simd_decode_ldst_struct(dc_t *dc, uint32_t insn, op_t *op)
{
    if ((insn & 0xbe000000) != 0x0c000000 || !simd_have_advsimd(dc))
        return false;
    bool q = bits(insn, 30, 1), single = bits(insn, 24, 1), post = bits(insn, 23, 1);
    bool load = bits(insn, 22, 1);
    unsigned rm = bits(insn, 16, 5), opcode = bits(insn, 12, 4), size = bits(insn, 10, 2);
    unsigned rn = bits(insn, 5, 5), bytes = q ? 16 : 8;
    unsigned selem, esz, field, total;
    enum op_kind k;
    if (!post && rm != 0)
        return false;
    if (!single) {
        if (bits(insn, 21, 1))
            return false;
        unsigned rpt;
        switch (opcode) {
        case 0x0: rpt = 1; selem = 4; break; /* LD4/ST4 */
        case 0x2: rpt = 4; selem = 1; break; /* LD1/ST1, 4 registers */
        case 0x4: rpt = 1; selem = 3; break; /* LD3/ST3 */
        case 0x6: rpt = 3; selem = 1; break; /* LD1/ST1, 3 registers */
        case 0x7: rpt = 1; selem = 1; break; /* LD1/ST1, 1 register */
        case 0x8: rpt = 1; selem = 2; break; /* LD2/ST2 */
        case 0xa: rpt = 2; selem = 1; break; /* LD1/ST1, 2 registers */
        default: return false;
        }
        if (size == 3 && !q && selem != 1)
            return false; /* size:Q = 110 with interleaving is reserved */
        esz = size;
        total = rpt * selem * bytes;
        if (selem == 1) {
            field = rpt;
            k = load ? OP_v_ld1m : OP_v_st1m;
        } else {
            field = 0;
            k = load ? OP_v_ldnm : OP_v_stnm;
        }
    } else {
        bool r = bits(insn, 21, 1), s = bits(insn, 12, 1);
        unsigned scale = opcode >> 2 & 3;
        selem = (bits(insn, 13, 1) << 1 | r) + 1; /* opcode<0>:R */
        bool replicate = false;
        switch (scale) {
        case 0: field = (unsigned)q << 3 | s << 2 | size; break;
        case 1:
            if (size & 1)
                return false;
            field = (unsigned)q << 2 | s << 1 | size >> 1;
            break;
        case 2:
            if (size & 2)
                return false;
            if (!(size & 1)) {
                field = (unsigned)q << 1 | s;
            } else {
                if (s)
                    return false;
                field = q;
                scale = 3;
            }
            break;
        default:
            if (!load || s)
                return false;
            scale = size;
            replicate = true;
            field = 0;
            break;
        }
        esz = scale;
        total = selem << esz;
        k = replicate ? OP_v_ldnr : load ? OP_v_ldns : OP_v_stns;
    }
    dc->uses_fp = true;
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = reg_or_sp(rn);
    op->b = rn == 31 ? ldst_sa_bit(dc) : 0;
    op->a = (uint8_t)selem;
    op->sf = (uint8_t)esz;
    op->imm2 = (uint64_t)field << 8 | (q ? ST_Q : 0) | (post ? ST_POST : 0);
    if (post) {
        /* Rm = 31: post-index by the bytes transferred. */
        op->ra = rm == 31 ? (uint8_t)REG_ZR : (uint8_t)rm;
        op->imm = rm == 31 ? total : 0;
    }
    op_set(op, k);
    return true;
}
