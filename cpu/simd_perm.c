/* simd_perm.c - Advanced SIMD data movement: permutes (UZP1/2, TRN1/2,
 * ZIP1/2), EXT, TBL/TBX, DUP (element, general), INS (element, general),
 * UMOV/SMOV, and the modified-immediate forms (MOVI/MVNI/ORR/BIC/FMOV).
 *
 * Operands (besides simd.h's): permutes b = elements in the vector; EXT
 * a = first byte, b = vector bytes; TBL/TBX a = table registers (1..4),
 * b = vector bytes, rn = first table register; DUP/INS/UMOV/SMOV a = the
 * element index (INS element: c = source index); immediates: imm = the
 * 64-bit pattern, imm2 = the upper doubleword (0 for 64-bit vectors) or,
 * for ORR/BIC, b = 1 for a 128-bit vector.
 */
#include <string.h>

#include "simd.h"

/* ---- permutes, result in a zeroed register ---- */

#define DEF_PERM(name, bits, BODY)                                           \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];           \
        vreg_t r = { .d = { 0, 0 } };                                        \
        unsigned e = op->b, half = e / 2;                                    \
        (void)half;                                                          \
        for (unsigned p = 0; p < half; p++) {                                \
            BODY;                                                            \
        }                                                                    \
        cpu->v[op->rd] = r;                                                  \
        return op + 1;                                                       \
    }
/* Element j of the concatenation Vm:Vn (Vn is the lower half). */
#define LMASK(bits, j) ((j) & (128 / (bits) - 1)) /* in range; tells the compiler */
#define CAT(bits, j) ((j) < e ? EL(vn, bits, LMASK(bits, j)) : EL(vm, bits, LMASK(bits, (j) - e)))
#define DEF_PERM_ALL(name, BODY8, BODY16, BODY32, BODY64) \
    DEF_PERM(name, 8, BODY8) DEF_PERM(name, 16, BODY16) DEF_PERM(name, 32, BODY32) DEF_PERM(name, 64, BODY64)

#define UZP(bits, odd) \
    EL(&r, bits, p) = CAT(bits, 2 * p + (odd)); \
    EL(&r, bits, LMASK(bits, p + half)) = CAT(bits, 2 * (p + half) + (odd))
#define TRN(bits, odd) \
    EL(&r, bits, LMASK(bits, 2 * p)) = EL(vn, bits, LMASK(bits, 2 * p + (odd))); \
    EL(&r, bits, LMASK(bits, 2 * p + 1)) = EL(vm, bits, LMASK(bits, 2 * p + (odd)))
#define ZIP(bits, hi) \
    EL(&r, bits, LMASK(bits, 2 * p)) = EL(vn, bits, LMASK(bits, (hi) * half + p)); \
    EL(&r, bits, LMASK(bits, 2 * p + 1)) = EL(vm, bits, LMASK(bits, (hi) * half + p))

DEF_PERM_ALL(v_uzp1, UZP(8, 0), UZP(16, 0), UZP(32, 0), UZP(64, 0))
DEF_PERM_ALL(v_uzp2, UZP(8, 1), UZP(16, 1), UZP(32, 1), UZP(64, 1))
DEF_PERM_ALL(v_trn1, TRN(8, 0), TRN(16, 0), TRN(32, 0), TRN(64, 0))
DEF_PERM_ALL(v_trn2, TRN(8, 1), TRN(16, 1), TRN(32, 1), TRN(64, 1))
DEF_PERM_ALL(v_zip1, ZIP(8, 0), ZIP(16, 0), ZIP(32, 0), ZIP(64, 0))
DEF_PERM_ALL(v_zip2, ZIP(8, 1), ZIP(16, 1), ZIP(32, 1), ZIP(64, 1))

/* ---- EXT: bytes a .. a+b-1 of Vm:Vn ---- */

SIMD_HANDLER(v_ext)
{
    uint8_t cat[32];
    unsigned bytes = op->b;
    memcpy(cat, &cpu->v[op->rn], bytes);
    memcpy(cat + bytes, &cpu->v[op->rm], bytes);
    vreg_t r = { .d = { 0, 0 } };
    memcpy(&r, cat + op->a, bytes);
    cpu->v[op->rd] = r;
    return op + 1;
}

/* ---- TBL/TBX: each index byte of Vm selects a byte of the table
 * V[n], V[n+1], ... (registers wrap modulo 32); out-of-range indexes give
 * 0 (TBL) or keep the byte of Vd (TBX). ---- */

static inline const op_t *table_lookup(cpu_t *cpu, const op_t *op, bool tbx)
{
    uint8_t table[64];
    unsigned regs = op->a, limit = 16 * regs;
    for (unsigned i = 0; i < regs; i++)
        memcpy(table + 16 * i, &cpu->v[(op->rn + i) & 31], 16);
    const vreg_t *idx = &cpu->v[op->rm];
    vreg_t r = { .d = { 0, 0 } };
    if (tbx)
        r = cpu->v[op->rd];
    for (unsigned i = 0; i < op->b; i++) {
        unsigned x = idx->b[i];
        if (x < limit)
            r.b[i] = table[x];
        else if (!tbx)
            r.b[i] = 0;
    }
    if (op->b == 8)
        r.d[1] = 0;
    cpu->v[op->rd] = r;
    return op + 1;
}
SIMD_HANDLER(v_tbl) { return table_lookup(cpu, op, false); }
SIMD_HANDLER(v_tbx) { return table_lookup(cpu, op, true); }

/* TBL Vd.16B, {Vn.16B}, Vm.16B: byte shuffles in hot loops. */
SIMD_HANDLER(v_tbl1_q)
{
    vreg_t t = cpu->v[op->rn], idx = cpu->v[op->rm], r;
    for (int i = 0; i < 16; i++) /* branch-free: the indexes are data */
        r.b[i] = (uint8_t)(t.b[idx.b[i] & 15] & -(idx.b[i] < 16));
    cpu->v[op->rd] = r;
    return op + 1;
}

/* ---- DUP, INS, UMOV, SMOV ---- */

#define DEF_DUP(bits)                                                        \
    SIMD_HANDLER(v_dup_e##bits)                                              \
    {                                                                        \
        uint##bits##_t x = EL(&cpu->v[op->rn], bits, op->a);                 \
        vreg_t r;                                                            \
        for (unsigned i = 0; i < 128 / (bits); i++)                          \
            EL(&r, bits, i) = x;                                             \
        return simd_put_masked(cpu, op, &r);                                 \
    }                                                                        \
    SIMD_HANDLER(v_dup_g##bits)                                              \
    {                                                                        \
        uint##bits##_t x = (uint##bits##_t)cpu->x[op->rn];                   \
        vreg_t r;                                                            \
        for (unsigned i = 0; i < 128 / (bits); i++)                          \
            EL(&r, bits, i) = x;                                             \
        return simd_put_masked(cpu, op, &r);                                 \
    }                                                                        \
    SIMD_HANDLER(v_ins_e##bits)                                              \
    {                                                                        \
        EL(&cpu->v[op->rd], bits, op->a) = EL(&cpu->v[op->rn], bits, op->c); \
        return op + 1;                                                       \
    }                                                                        \
    SIMD_HANDLER(v_ins_g##bits)                                              \
    {                                                                        \
        EL(&cpu->v[op->rd], bits, op->a) = (uint##bits##_t)cpu->x[op->rn];   \
        return op + 1;                                                       \
    }                                                                        \
    SIMD_HANDLER(v_umov##bits)                                               \
    {                                                                        \
        cpu->x[op->rd] = EL(&cpu->v[op->rn], bits, op->a);                   \
        return op + 1;                                                       \
    }
DEF_DUP(8)
DEF_DUP(16)
DEF_DUP(32)
DEF_DUP(64)

/* SMOV to W (sign-extended to 32 bits, then zero-extended) or to X. */
SIMD_HANDLER(v_smov8w) { cpu->x[op->rd] = (uint32_t)(int8_t)cpu->v[op->rn].b[op->a]; return op + 1; }
SIMD_HANDLER(v_smov16w) { cpu->x[op->rd] = (uint32_t)(int16_t)cpu->v[op->rn].h[op->a]; return op + 1; }
SIMD_HANDLER(v_smov8x) { cpu->x[op->rd] = (uint64_t)(int8_t)cpu->v[op->rn].b[op->a]; return op + 1; }
SIMD_HANDLER(v_smov16x) { cpu->x[op->rd] = (uint64_t)(int16_t)cpu->v[op->rn].h[op->a]; return op + 1; }
SIMD_HANDLER(v_smov32x) { cpu->x[op->rd] = (uint64_t)(int32_t)cpu->v[op->rn].s[op->a]; return op + 1; }

/* ---- modified immediate (AdvSIMDExpandImm done by the decoder) ---- */

SIMD_HANDLER(v_movi)
{
    cpu->v[op->rd].d[0] = op->imm;
    cpu->v[op->rd].d[1] = op->imm2;
    return op + 1;
}
SIMD_HANDLER(v_orri)
{
    vreg_t *d = &cpu->v[op->rd];
    d->d[0] |= op->imm;
    d->d[1] = op->b ? d->d[1] | op->imm : 0;
    return op + 1;
}
SIMD_HANDLER(v_bici)
{
    vreg_t *d = &cpu->v[op->rd];
    d->d[0] &= ~op->imm;
    d->d[1] = op->b ? d->d[1] & ~op->imm : 0;
    return op + 1;
}
