/* simd_wide.c - Advanced SIMD operations whose result elements differ in
 * size from their sources, and the reductions:
 *   "three different": SADDL/UADDL/SSUBL/USUBL, SADDW.., SABAL/UABAL,
 *     SABDL/UABDL, SMLAL/UMLAL/SMLSL/UMLSL, SMULL/UMULL, SQDMLAL/SQDMLSL/
 *     SQDMULL (vector and scalar), PMULL/PMULL2 (8 and 64 bits), ADDHN/
 *     RADDHN/SUBHN/RSUBHN; their by-element forms;
 *   narrowing: XTN/SQXTN/UQXTN/SQXTUN; widening: SHLL;
 *   pairwise: ADDP, SMAXP/UMAXP/SMINP/UMINP, SADDLP/UADDLP/SADALP/UADALP;
 *   across lanes: ADDV, SADDLV/UADDLV, SMAXV/UMAXV/SMINV/UMINV.
 *
 * Ops are named by the narrow element size (8, 16, 32), which is what the
 * size field encodes in all of these classes. Operands:
 *   long ops (wide result): b = result lanes, c = first source lane (0, or
 *     half the source lanes for the "2" forms), a = element index of Vm
 *     for the by-element forms;
 *   narrowing ops: b = result lanes, c = first result lane (the "2" forms
 *     write the upper half and keep the lower one);
 *   pairwise and across-lanes ops: b = result lanes / source lanes.
 * Results are built in a zeroed vreg_t, so unwritten lanes read as zero.
 */
#include "simd.h"

#define ATTR_UNUSED __attribute__((unused))
#define WIDE_TYPES(nb, wb)                           \
    typedef uint##nb##_t U ATTR_UNUSED;              \
    typedef int##nb##_t S ATTR_UNUSED;               \
    typedef uint##wb##_t UW ATTR_UNUSED;             \
    typedef int##wb##_t SW ATTR_UNUSED
#define BITS_OF(T) ((int)sizeof(T) * 8)
#define SSATW(v) simd_ssat((v), BITS_OF(UW), &qc)
#define SSATN(v) simd_ssat((v), BITS_OF(U), &qc)
#define USATN(v) simd_usat((v), BITS_OF(U), &qc)

static inline void finish(cpu_t *cpu, const op_t *op, const vreg_t *r, bool qc)
{
    if (qc)
        simd_set_qc(cpu);
    cpu->v[op->rd] = *r;
}

/* ---- long ops: n, m the narrow source elements (signed view S), nw the
 * wide element of Vn (the "wide" forms), d the wide accumulator ---- */

#define DEF_LONG(name, nb, wb, EXPR)                                         \
    SIMD_HANDLER(name##nb)                                                   \
    {                                                                        \
        WIDE_TYPES(nb, wb);                                                  \
        const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];           \
        const vreg_t *vd = &cpu->v[op->rd];                                  \
        vreg_t r = { .d = { 0, 0 } };                                        \
        bool qc = false;                                                     \
        unsigned c = op->c;                                                  \
        for (unsigned i = 0; i < op->b; i++) {                               \
            U n = EL(vn, nb, c + i), m = EL(vm, nb, c + i);                  \
            UW nw = EL(vn, wb, i), d = EL(vd, wb, i);                        \
            (void)n; (void)nw; (void)d;                                      \
            EL(&r, wb, i) = (UW)(EXPR);                                      \
        }                                                                    \
        finish(cpu, op, &r, qc);                                             \
        return op + 1;                                                       \
    }
#define DEF_LONG_ELEM(name, nb, wb, EXPR)                                    \
    SIMD_HANDLER(name##nb)                                                   \
    {                                                                        \
        WIDE_TYPES(nb, wb);                                                  \
        const vreg_t *vn = &cpu->v[op->rn], *vd = &cpu->v[op->rd];           \
        U m = EL(&cpu->v[op->rm], nb, op->a);                                \
        vreg_t r = { .d = { 0, 0 } };                                        \
        bool qc = false;                                                     \
        unsigned c = op->c;                                                  \
        for (unsigned i = 0; i < op->b; i++) {                               \
            U n = EL(vn, nb, c + i);                                         \
            UW d = EL(vd, wb, i);                                            \
            (void)d;                                                         \
            EL(&r, wb, i) = (UW)(EXPR);                                      \
        }                                                                    \
        finish(cpu, op, &r, qc);                                             \
        return op + 1;                                                       \
    }
#define DEF_LONG3(name, EXPR) \
    DEF_LONG(name, 8, 16, EXPR) DEF_LONG(name, 16, 32, EXPR) DEF_LONG(name, 32, 64, EXPR)

#define SX(v) ((SW)(S)(v))     /* sign-extend a narrow element */
#define ZX(v) ((UW)(v))
#define ABSDIFF_S(n, m) (SX(n) > SX(m) ? (UW)(SX(n) - SX(m)) : (UW)(SX(m) - SX(n)))
#define ABSDIFF_U(n, m) ((n) > (m) ? (UW)((n) - (m)) : (UW)((m) - (n)))
#define SMUL(n, m) ((UW)((int64_t)SX(n) * SX(m)))
#define UMUL(n, m) ((UW)((uint64_t)(n) * (m)))

DEF_LONG3(v_saddl, SX(n) + SX(m))
DEF_LONG3(v_uaddl, ZX(n) + ZX(m))
DEF_LONG3(v_ssubl, SX(n) - SX(m))
DEF_LONG3(v_usubl, ZX(n) - ZX(m))
DEF_LONG3(v_saddw, nw + (UW)SX(m))
DEF_LONG3(v_uaddw, nw + ZX(m))
DEF_LONG3(v_ssubw, nw - (UW)SX(m))
DEF_LONG3(v_usubw, nw - ZX(m))
DEF_LONG3(v_sabal, d + ABSDIFF_S(n, m))
DEF_LONG3(v_uabal, d + ABSDIFF_U(n, m))
DEF_LONG3(v_sabdl, ABSDIFF_S(n, m))
DEF_LONG3(v_uabdl, ABSDIFF_U(n, m))
DEF_LONG3(v_smlal, d + SMUL(n, m))
DEF_LONG3(v_umlal, d + UMUL(n, m))
DEF_LONG3(v_smlsl, d - SMUL(n, m))
DEF_LONG3(v_umlsl, d - UMUL(n, m))
DEF_LONG3(v_smull, SMUL(n, m))
DEF_LONG3(v_umull, UMUL(n, m))

/* Signed saturating doubling multiply long: 2 * n * m saturated to the
 * wide size (only min * min overflows), then the saturating accumulate. */
#define DMULL(n, m) SSATW(2 * (__int128)(S)(n) * (S)(m))
DEF_LONG(v_sqdmull, 16, 32, DMULL(n, m))
DEF_LONG(v_sqdmull, 32, 64, DMULL(n, m))
DEF_LONG(v_sqdmlal, 16, 32, SSATW((__int128)(SW)d + DMULL(n, m)))
DEF_LONG(v_sqdmlal, 32, 64, SSATW((__int128)(SW)d + DMULL(n, m)))
DEF_LONG(v_sqdmlsl, 16, 32, SSATW((__int128)(SW)d - DMULL(n, m)))
DEF_LONG(v_sqdmlsl, 32, 64, SSATW((__int128)(SW)d - DMULL(n, m)))

DEF_LONG_ELEM(v_smull_e, 16, 32, SMUL(n, m))
DEF_LONG_ELEM(v_smull_e, 32, 64, SMUL(n, m))
DEF_LONG_ELEM(v_umull_e, 16, 32, UMUL(n, m))
DEF_LONG_ELEM(v_umull_e, 32, 64, UMUL(n, m))
DEF_LONG_ELEM(v_smlal_e, 16, 32, d + SMUL(n, m))
DEF_LONG_ELEM(v_smlal_e, 32, 64, d + SMUL(n, m))
DEF_LONG_ELEM(v_umlal_e, 16, 32, d + UMUL(n, m))
DEF_LONG_ELEM(v_umlal_e, 32, 64, d + UMUL(n, m))
DEF_LONG_ELEM(v_smlsl_e, 16, 32, d - SMUL(n, m))
DEF_LONG_ELEM(v_smlsl_e, 32, 64, d - SMUL(n, m))
DEF_LONG_ELEM(v_umlsl_e, 16, 32, d - UMUL(n, m))
DEF_LONG_ELEM(v_umlsl_e, 32, 64, d - UMUL(n, m))
DEF_LONG_ELEM(v_sqdmull_e, 16, 32, DMULL(n, m))
DEF_LONG_ELEM(v_sqdmull_e, 32, 64, DMULL(n, m))
DEF_LONG_ELEM(v_sqdmlal_e, 16, 32, SSATW((__int128)(SW)d + DMULL(n, m)))
DEF_LONG_ELEM(v_sqdmlal_e, 32, 64, SSATW((__int128)(SW)d + DMULL(n, m)))
DEF_LONG_ELEM(v_sqdmlsl_e, 16, 32, SSATW((__int128)(SW)d - DMULL(n, m)))
DEF_LONG_ELEM(v_sqdmlsl_e, 32, 64, SSATW((__int128)(SW)d - DMULL(n, m)))

/* SHLL: widen and shift left by the element size. */
DEF_LONG3(v_shll, ZX(n) << BITS_OF(U))

/* PMULL (8-bit elements): PolynomialMult of bytes into 16-bit lanes. */
static inline uint16_t clmul8(uint8_t a, uint8_t b)
{
    unsigned r = 0;
    for (int i = 0; i < 8; i++)
        if (b >> i & 1)
            r ^= (unsigned)a << i;
    return (uint16_t)r;
}
DEF_LONG(v_pmull, 8, 16, clmul8(n, m))

/* PMULL/PMULL2 .1Q: 64 x 64 -> 128-bit carry-less product of doubleword c. */
SIMD_HANDLER(v_pmull64)
{
    uint64_t a = cpu->v[op->rn].d[op->c], b = cpu->v[op->rm].d[op->c];
    uint64_t lo = 0, hi = 0;
    for (int i = 0; i < 64; i++) {
        if (b >> i & 1) {
            lo ^= a << i;
            hi ^= i ? a >> (64 - i) : 0;
        }
    }
    cpu->v[op->rd].d[0] = lo;
    cpu->v[op->rd].d[1] = hi;
    return op + 1;
}

/* ---- narrowing: n, m the wide source elements; sh = op->a ---- */

#define DEF_NARROW(name, nb, wb, EXPR)                                       \
    SIMD_HANDLER(name##nb)                                                   \
    {                                                                        \
        WIDE_TYPES(nb, wb);                                                  \
        const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];           \
        vreg_t r = { .d = { 0, 0 } };                                        \
        bool qc = false;                                                     \
        unsigned sh = op->a;                                                 \
        (void)sh;                                                            \
        if (op->c)                                                           \
            r.d[0] = cpu->v[op->rd].d[0];                                    \
        for (unsigned i = 0; i < op->b; i++) {                               \
            UW n = EL(vn, wb, i), m = EL(vm, wb, i);                         \
            (void)m;                                                         \
            EL(&r, nb, op->c + i) = (U)(EXPR);                               \
        }                                                                    \
        finish(cpu, op, &r, qc);                                             \
        return op + 1;                                                       \
    }
#define DEF_NARROW3(name, EXPR) \
    DEF_NARROW(name, 8, 16, EXPR) DEF_NARROW(name, 16, 32, EXPR) DEF_NARROW(name, 32, 64, EXPR)

#define HALF_ROUND ((__int128)1 << (BITS_OF(U) - 1))
DEF_NARROW3(v_addhn, (n + m) >> BITS_OF(U))
DEF_NARROW3(v_raddhn, ((__int128)n + m + HALF_ROUND) >> BITS_OF(U))
DEF_NARROW3(v_subhn, (UW)(n - m) >> BITS_OF(U))
DEF_NARROW3(v_rsubhn, (((__int128)n - m + HALF_ROUND) & (UW)-1) >> BITS_OF(U))
DEF_NARROW3(v_xtn, n)
DEF_NARROW3(v_sqxtn, SSATN((SW)n))
DEF_NARROW3(v_uqxtn, USATN(n))
DEF_NARROW3(v_sqxtun, USATN((SW)n))

/* Shift right narrow by sh (1..narrow size), plain/rounding/saturating. */
#define SHR_ROUND(v) (((v) + ((__int128)1 << (sh - 1))) >> sh)
DEF_NARROW3(v_shrn, n >> sh)
DEF_NARROW3(v_rshrn, SHR_ROUND((__int128)n))
DEF_NARROW3(v_sqshrn, SSATN((__int128)(SW)n >> sh))
DEF_NARROW3(v_sqrshrn, SSATN(SHR_ROUND((__int128)(SW)n)))
DEF_NARROW3(v_uqshrn, USATN((__int128)n >> sh))
DEF_NARROW3(v_uqrshrn, USATN(SHR_ROUND((__int128)n)))
DEF_NARROW3(v_sqshrun, USATN((__int128)(SW)n >> sh))
DEF_NARROW3(v_sqrshrun, USATN(SHR_ROUND((__int128)(SW)n)))

/* SSHLL/USHLL (SXTL/UXTL): widen, then shift left by op->a. */
#define DEF_SHLL(name, nb, wb, EXPR)                                         \
    SIMD_HANDLER(name##nb)                                                   \
    {                                                                        \
        WIDE_TYPES(nb, wb);                                                  \
        const vreg_t *vn = &cpu->v[op->rn];                                  \
        vreg_t r;                                                            \
        unsigned c = op->c, sh = op->a;                                      \
        for (unsigned i = 0; i < 64 / (nb); i++) {                           \
            U n = EL(vn, nb, c + i);                                         \
            EL(&r, wb, i) = (UW)(EXPR);                                      \
        }                                                                    \
        cpu->v[op->rd] = r;                                                  \
        return op + 1;                                                       \
    }
DEF_SHLL(v_sshll, 8, 16, (UW)SX(n) << sh)
DEF_SHLL(v_sshll, 16, 32, (UW)SX(n) << sh)
DEF_SHLL(v_sshll, 32, 64, (UW)SX(n) << sh)
DEF_SHLL(v_ushll, 8, 16, ZX(n) << sh)
DEF_SHLL(v_ushll, 16, 32, ZX(n) << sh)
DEF_SHLL(v_ushll, 32, 64, ZX(n) << sh)

/* ---- pairwise: result lane i combines elements 2i and 2i+1 of the
 * concatenation Vm:Vn (lower half from Vn) ---- */

#define DEF_PAIR(name, bits, EXPR)                                           \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        typedef uint##bits##_t U;                                            \
        typedef int##bits##_t S ATTR_UNUSED;                                 \
        const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];           \
        vreg_t r = { .d = { 0, 0 } };                                        \
        unsigned lanes = op->b, half = (lanes + 1) / 2;                      \
        for (unsigned i = 0; i < lanes; i++) {                               \
            const vreg_t *src = i < half ? vn : vm;                          \
            unsigned j = 2 * (i < half ? i : i - half);                      \
            U x = EL(src, bits, j), y = EL(src, bits, j + 1);                \
            EL(&r, bits, i) = (U)(EXPR);                                     \
        }                                                                    \
        cpu->v[op->rd] = r;                                                  \
        return op + 1;                                                       \
    }
#define DEF_PAIR_ALL(name, EXPR) \
    DEF_PAIR(name, 8, EXPR) DEF_PAIR(name, 16, EXPR) DEF_PAIR(name, 32, EXPR) DEF_PAIR(name, 64, EXPR)
DEF_PAIR_ALL(v_addp, x + y)
DEF_PAIR_ALL(v_smaxp, (S)x > (S)y ? x : y)
DEF_PAIR_ALL(v_umaxp, x > y ? x : y)
DEF_PAIR_ALL(v_sminp, (S)x < (S)y ? x : y)
DEF_PAIR_ALL(v_uminp, x < y ? x : y)

/* UMAXP/ADDP .16B, the forms string functions use: fixed trip counts. */
SIMD_HANDLER(v_umaxp8_q)
{
    const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];
    vreg_t r;
    for (int i = 0; i < 8; i++) {
        uint8_t a = vn->b[2 * i], b = vn->b[2 * i + 1];
        uint8_t c = vm->b[2 * i], d = vm->b[2 * i + 1];
        r.b[i] = a > b ? a : b;
        r.b[i + 8] = c > d ? c : d;
    }
    cpu->v[op->rd] = r;
    return op + 1;
}
SIMD_HANDLER(v_addp8_q)
{
    const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];
    vreg_t r;
    for (int i = 0; i < 8; i++) {
        r.b[i] = (uint8_t)(vn->b[2 * i] + vn->b[2 * i + 1]);
        r.b[i + 8] = (uint8_t)(vm->b[2 * i] + vm->b[2 * i + 1]);
    }
    cpu->v[op->rd] = r;
    return op + 1;
}

/* SADDLP/UADDLP/SADALP/UADALP: b result lanes. */
#define DEF_PAIRL(name, nb, wb, EXPR)                                        \
    SIMD_HANDLER(name##nb)                                                   \
    {                                                                        \
        WIDE_TYPES(nb, wb);                                                  \
        const vreg_t *vn = &cpu->v[op->rn], *vd = &cpu->v[op->rd];           \
        vreg_t r = { .d = { 0, 0 } };                                        \
        for (unsigned i = 0; i < op->b; i++) {                               \
            U x = EL(vn, nb, 2 * i), y = EL(vn, nb, 2 * i + 1);              \
            UW d = EL(vd, wb, i);                                            \
            (void)d;                                                         \
            EL(&r, wb, i) = (UW)(EXPR);                                      \
        }                                                                    \
        cpu->v[op->rd] = r;                                                  \
        return op + 1;                                                       \
    }
#define DEF_PAIRL3(name, EXPR) \
    DEF_PAIRL(name, 8, 16, EXPR) DEF_PAIRL(name, 16, 32, EXPR) DEF_PAIRL(name, 32, 64, EXPR)
DEF_PAIRL3(v_saddlp, SX(x) + SX(y))
DEF_PAIRL3(v_uaddlp, ZX(x) + ZX(y))
DEF_PAIRL3(v_sadalp, d + (UW)(SX(x) + SX(y)))
DEF_PAIRL3(v_uadalp, d + ZX(x) + ZX(y))

/* ---- across lanes: b source lanes, the result in lane 0 of a zeroed
 * register ---- */

#define DEF_ACROSS(name, bits, RT, INIT, STEP)                               \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        typedef uint##bits##_t U;                                            \
        typedef int##bits##_t S ATTR_UNUSED;                                 \
        const vreg_t *vn = &cpu->v[op->rn];                                  \
        U first = EL(vn, bits, 0);                                           \
        RT acc = (RT)(INIT);                                                 \
        for (unsigned i = 1; i < op->b; i++) {                               \
            U x = EL(vn, bits, i);                                           \
            acc = (RT)(STEP);                                                \
        }                                                                    \
        vreg_t r = { .d = { 0, 0 } };                                        \
        r.d[0] = (uint64_t)acc & simd_mask(sizeof(RT) * 8);                  \
        cpu->v[op->rd] = r;                                                  \
        return op + 1;                                                       \
    }
#define FIRST_U first
#define DEF_ACROSS3(name, RTS, RTU, INIT, STEP) \
    DEF_ACROSS(name, 8, RTS##8_t, INIT, STEP) DEF_ACROSS(name, 16, RTS##16_t, INIT, STEP) \
    DEF_ACROSS(name, 32, RTS##32_t, INIT, STEP)

DEF_ACROSS3(v_addv, uint, uint, FIRST_U, acc + x)
DEF_ACROSS3(v_umaxv, uint, uint, FIRST_U, x > acc ? x : acc)
DEF_ACROSS3(v_uminv, uint, uint, FIRST_U, x < acc ? x : acc)
DEF_ACROSS3(v_smaxv, int, int, (S)FIRST_U, (S)x > acc ? (S)x : acc)
DEF_ACROSS3(v_sminv, int, int, (S)FIRST_U, (S)x < acc ? (S)x : acc)
DEF_ACROSS(v_saddlv, 8, uint16_t, (int16_t)(S)FIRST_U, acc + (uint16_t)(int16_t)(S)x)
DEF_ACROSS(v_saddlv, 16, uint32_t, (int32_t)(S)FIRST_U, acc + (uint32_t)(int32_t)(S)x)
DEF_ACROSS(v_saddlv, 32, uint64_t, (int64_t)(S)FIRST_U, acc + (uint64_t)(int64_t)(S)x)
DEF_ACROSS(v_uaddlv, 8, uint16_t, FIRST_U, acc + x)
DEF_ACROSS(v_uaddlv, 16, uint32_t, FIRST_U, acc + x)
DEF_ACROSS(v_uaddlv, 32, uint64_t, FIRST_U, acc + x)

/* UMAXV/UMINV .16B: strchr/memchr-style "any byte matched" tests. */
SIMD_HANDLER(v_umaxv8_q)
{
    const vreg_t *vn = &cpu->v[op->rn];
    uint8_t m = 0;
    for (int i = 0; i < 16; i++)
        m = vn->b[i] > m ? vn->b[i] : m;
    cpu->v[op->rd].d[0] = m;
    cpu->v[op->rd].d[1] = 0;
    return op + 1;
}
SIMD_HANDLER(v_uminv8_q)
{
    const vreg_t *vn = &cpu->v[op->rn];
    uint8_t m = 0xff;
    for (int i = 0; i < 16; i++)
        m = vn->b[i] < m ? vn->b[i] : m;
    cpu->v[op->rd].d[0] = m;
    cpu->v[op->rd].d[1] = 0;
    return op + 1;
}
