/* simd_fp.c - Advanced SIMD floating-point (vector and scalar-SIMD forms):
 * arithmetic, fused multiply-add, compares (also against zero, and of
 * absolute values), min/max, pairwise and across-lanes reductions, by
 * element forms, rounding, conversions to and from integers (also fixed
 * point) and between precisions, estimates and Newton-Raphson steps.
 *
 * Every lane is computed by the FP library (fpu.h) with the guest's FPCR;
 * the cumulative exception flags of all lanes are ORed into FPSR. FADD,
 * FSUB, FMUL, FDIV and single-precision FMLA/FMLS first try the
 * whole-vector host fast path (simd_fp_fast.h), which answers only when
 * the library would give the same lanes and add no flag. Only the
 * active lanes are computed (op->b of them), so an inactive lane never
 * raises a flag; the result is built in a zeroed register, which clears
 * the upper half of 64-bit vectors and everything above a scalar.
 *
 * Op names end in the element size: 32 (single) or 64 (double).
 * Operands: b = lanes; a = element index of Vm (by element), the rounding
 * mode (FRINT*, FCVT*), or the lane offset of the "2" conversions (c);
 * c = fraction bits of the fixed-point conversions.
 */
#include "simd.h"
#include "simd_fp_fast.h"

#define FP_PROLOGUE                                                          \
    uint32_t fpcr = (uint32_t)cpu->sys.fpcr, fpsr = (uint32_t)cpu->sys.fpsr; \
    vreg_t r = { .d = { 0, 0 } };                                            \
    (void)fpcr
#define FP_EPILOGUE                                                          \
    cpu->sys.fpsr = fpsr;                                                    \
    cpu->v[op->rd] = r;                                                      \
    return op + 1

/* Lane loops: n, m, d are the lanes of Vn, Vm, Vd (m: the element Vm[a]
 * for the _E forms). */
#define DEF_FP2(name, bits, EXPR) SIMD_HANDLER(name##bits) FP2_BODY(bits, EXPR)
#define FP2_BODY(bits, EXPR)                                                 \
    {                                                                        \
        FP_PROLOGUE;                                                         \
        const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];           \
        const vreg_t *vd = &cpu->v[op->rd];                                  \
        for (unsigned i = 0; i < op->b; i++) {                               \
            uint##bits##_t n = EL(vn, bits, i), m = EL(vm, bits, i);         \
            uint##bits##_t d = EL(vd, bits, i);                              \
            (void)d;                                                         \
            EL(&r, bits, i) = (uint##bits##_t)(EXPR);                        \
        }                                                                    \
        FP_EPILOGUE;                                                         \
    }
#define DEF_FP2_E(name, bits, EXPR) SIMD_HANDLER(name##bits) FP2_E_BODY(bits, EXPR)
#define FP2_E_BODY(bits, EXPR)                                               \
    {                                                                        \
        FP_PROLOGUE;                                                         \
        const vreg_t *vn = &cpu->v[op->rn], *vd = &cpu->v[op->rd];           \
        uint##bits##_t m = EL(&cpu->v[op->rm], bits, op->a);                 \
        for (unsigned i = 0; i < op->b; i++) {                               \
            uint##bits##_t n = EL(vn, bits, i), d = EL(vd, bits, i);         \
            (void)d;                                                         \
            EL(&r, bits, i) = (uint##bits##_t)(EXPR);                        \
        }                                                                    \
        FP_EPILOGUE;                                                         \
    }
#define DEF_FP1(name, bits, EXPR)                                            \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        FP_PROLOGUE;                                                         \
        const vreg_t *vn = &cpu->v[op->rn];                                  \
        for (unsigned i = 0; i < op->b; i++) {                               \
            uint##bits##_t n = EL(vn, bits, i);                              \
            EL(&r, bits, i) = (uint##bits##_t)(EXPR);                        \
        }                                                                    \
        FP_EPILOGUE;                                                         \
    }
/* Pairwise: lane i combines elements 2i, 2i+1 of Vm:Vn. */
#define DEF_FPP(name, bits, F)                                               \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        FP_PROLOGUE;                                                         \
        const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];           \
        unsigned half = (op->b + 1) / 2;                                     \
        for (unsigned i = 0; i < op->b; i++) {                               \
            const vreg_t *src = i < half ? vn : vm;                          \
            unsigned j = (2 * (i < half ? i : i - half)) & (128 / (bits) - 1); \
            EL(&r, bits, i) = F##bits(EL(src, bits, j), EL(src, bits, j + 1), fpcr, &fpsr); \
        }                                                                    \
        FP_EPILOGUE;                                                         \
    }

#define FPARGS fpcr, &fpsr
#define BOTH(M, name, ...) M(name, 32, __VA_ARGS__) M(name, 64, __VA_ARGS__)

/* Sign bit and +0.0 of each precision, for FPNeg/FPAbs and compares. */
#define SIGN32 0x80000000u
#define SIGN64 0x8000000000000000ull
#define SIGN(bits) SIGN##bits

#define ONES(c) (c ? ~0ull : 0)

/* ---- three same ---- */

#define DEF_BIN(name, F) DEF_FP2(name, 32, F##32(n, m, FPARGS)) DEF_FP2(name, 64, F##64(n, m, FPARGS))
/* FADD/FSUB/FMUL/FDIV: the whole-vector fast path (simd_fp_fast.h) first;
 * when it declines, the per-lane path out of line. */
#define DEF_FAST(name, bits, F, KIND)                                        \
    static __attribute__((noinline)) const op_t *lanes_##name##bits(cpu_t *cpu, const op_t *op) \
        FP2_BODY(bits, F##bits(n, m, FPARGS))                                \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        vi##bits##_t y;                                                      \
        memcpy(&y, &cpu->v[op->rm], 16);                                     \
        if (vf_try##bits(cpu, op, KIND, y))                                  \
            return op + 1;                                                   \
        return lanes_##name##bits(cpu, op);                                  \
    }
#define DEF_FAST_BIN(name, F, KIND) DEF_FAST(name, 32, F, KIND) DEF_FAST(name, 64, F, KIND)
DEF_FAST_BIN(v_fadd, fpu_add, VF_ADD)
DEF_FAST_BIN(v_fsub, fpu_sub, VF_SUB)
DEF_FAST_BIN(v_fmul, fpu_mul, VF_MUL)
DEF_FAST_BIN(v_fdiv, fpu_div, VF_DIV)
DEF_BIN(v_fmulx, fpu_mulx)
DEF_BIN(v_fmax, fpu_max)
DEF_BIN(v_fmin, fpu_min)
DEF_BIN(v_fmaxnm, fpu_maxnm)
DEF_BIN(v_fminnm, fpu_minnm)
DEF_BIN(v_fabd, fpu_abd)
DEF_BIN(v_frecps, fpu_recps)
DEF_BIN(v_frsqrts, fpu_rsqrts)
/* FMLA: Vd + Vn * Vm fused; FMLS: Vd + (-Vn) * Vm (FPNeg is exact). */
/* Single precision: the whole-vector fast path (vf_try_fma32) first. */
#define DEF_FAST_FMA(name, NEG)                                              \
    static __attribute__((noinline)) const op_t *lanes_##name##32(cpu_t *cpu, const op_t *op) \
        FP2_BODY(32, fpu_muladd32(d, n ^ (NEG), m, FPARGS))                  \
    SIMD_HANDLER(name##32)                                                   \
    {                                                                        \
        vi32_t n, y;                                                         \
        memcpy(&n, &cpu->v[op->rn], 16);                                     \
        memcpy(&y, &cpu->v[op->rm], 16);                                     \
        if (vf_try_fma32(cpu, op, n ^ (int32_t)(NEG), y))                    \
            return op + 1;                                                   \
        return lanes_##name##32(cpu, op);                                    \
    }
DEF_FAST_FMA(v_fmla, 0)
DEF_FP2(v_fmla, 64, fpu_muladd64(d, n, m, FPARGS))
DEF_FAST_FMA(v_fmls, SIGN32)
DEF_FP2(v_fmls, 64, fpu_muladd64(d, n ^ SIGN64, m, FPARGS))
DEF_FP2(v_fcmeq, 32, ONES(fpu_cmp_eq32(n, m, FPARGS)))
DEF_FP2(v_fcmeq, 64, ONES(fpu_cmp_eq64(n, m, FPARGS)))
DEF_FP2(v_fcmge, 32, ONES(fpu_cmp_ge32(n, m, FPARGS)))
DEF_FP2(v_fcmge, 64, ONES(fpu_cmp_ge64(n, m, FPARGS)))
DEF_FP2(v_fcmgt, 32, ONES(fpu_cmp_gt32(n, m, FPARGS)))
DEF_FP2(v_fcmgt, 64, ONES(fpu_cmp_gt64(n, m, FPARGS)))
/* FACGE/FACGT compare FPAbs of both operands. */
DEF_FP2(v_facge, 32, ONES(fpu_cmp_ge32(n & ~SIGN32, m & ~SIGN32, FPARGS)))
DEF_FP2(v_facge, 64, ONES(fpu_cmp_ge64(n & ~SIGN64, m & ~SIGN64, FPARGS)))
DEF_FP2(v_facgt, 32, ONES(fpu_cmp_gt32(n & ~SIGN32, m & ~SIGN32, FPARGS)))
DEF_FP2(v_facgt, 64, ONES(fpu_cmp_gt64(n & ~SIGN64, m & ~SIGN64, FPARGS)))

DEF_FPP(v_faddp, 32, fpu_add)
DEF_FPP(v_faddp, 64, fpu_add)
DEF_FPP(v_fmaxp, 32, fpu_max)
DEF_FPP(v_fmaxp, 64, fpu_max)
DEF_FPP(v_fminp, 32, fpu_min)
DEF_FPP(v_fminp, 64, fpu_min)
DEF_FPP(v_fmaxnmp, 32, fpu_maxnm)
DEF_FPP(v_fmaxnmp, 64, fpu_maxnm)
DEF_FPP(v_fminnmp, 32, fpu_minnm)
DEF_FPP(v_fminnmp, 64, fpu_minnm)

/* ---- by element ---- */

/* FMUL (by element): the fast path with Vm[a] in every lane. */
#define DEF_FAST_E(name, bits, F, KIND)                                      \
    static __attribute__((noinline)) const op_t *lanes_##name##bits(cpu_t *cpu, const op_t *op) \
        FP2_E_BODY(bits, F##bits(n, m, FPARGS))                              \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        int##bits##_t e = (int##bits##_t)EL(&cpu->v[op->rm], bits, op->a);  \
        vi##bits##_t y = { 0 };                                              \
        y += e; /* integer lanes: the bits are copied exactly */             \
        if (vf_try##bits(cpu, op, KIND, y))                                  \
            return op + 1;                                                   \
        return lanes_##name##bits(cpu, op);                                  \
    }
DEF_FAST_E(v_fmul_e, 32, fpu_mul, VF_MUL)
DEF_FAST_E(v_fmul_e, 64, fpu_mul, VF_MUL)
DEF_FP2_E(v_fmulx_e, 32, fpu_mulx32(n, m, FPARGS))
DEF_FP2_E(v_fmulx_e, 64, fpu_mulx64(n, m, FPARGS))
#define DEF_FAST_FMA_E(name, NEG)                                            \
    static __attribute__((noinline)) const op_t *lanes_##name##32(cpu_t *cpu, const op_t *op) \
        FP2_E_BODY(32, fpu_muladd32(d, n ^ (NEG), m, FPARGS))                \
    SIMD_HANDLER(name##32)                                                   \
    {                                                                        \
        vi32_t n, y = { 0 };                                                 \
        memcpy(&n, &cpu->v[op->rn], 16);                                     \
        y += (int32_t)EL(&cpu->v[op->rm], 32, op->a);                        \
        if (vf_try_fma32(cpu, op, n ^ (int32_t)(NEG), y))                    \
            return op + 1;                                                   \
        return lanes_##name##32(cpu, op);                                    \
    }
DEF_FAST_FMA_E(v_fmla_e, 0)
DEF_FP2_E(v_fmla_e, 64, fpu_muladd64(d, n, m, FPARGS))
DEF_FAST_FMA_E(v_fmls_e, SIGN32)
DEF_FP2_E(v_fmls_e, 64, fpu_muladd64(d, n ^ SIGN64, m, FPARGS))

/* ---- unary ---- */

DEF_FP1(v_fabs, 32, n & ~SIGN32)
DEF_FP1(v_fabs, 64, n & ~SIGN64)
DEF_FP1(v_fneg, 32, n ^ SIGN32)
DEF_FP1(v_fneg, 64, n ^ SIGN64)
DEF_FP1(v_fsqrt, 32, fpu_sqrt32(n, FPARGS))
DEF_FP1(v_fsqrt, 64, fpu_sqrt64(n, FPARGS))
DEF_FP1(v_frecpe, 32, fpu_recpe32(n, FPARGS))
DEF_FP1(v_frecpe, 64, fpu_recpe64(n, FPARGS))
DEF_FP1(v_frsqrte, 32, fpu_rsqrte32(n, FPARGS))
DEF_FP1(v_frsqrte, 64, fpu_rsqrte64(n, FPARGS))
DEF_FP1(v_frecpx, 32, fpu_recpx32(n, FPARGS))
DEF_FP1(v_frecpx, 64, fpu_recpx64(n, FPARGS))
/* Compares against +0.0: FCMLE/FCMLT swap the operands of GE/GT. */
DEF_FP1(v_fcmgt0, 32, ONES(fpu_cmp_gt32(n, 0, FPARGS)))
DEF_FP1(v_fcmgt0, 64, ONES(fpu_cmp_gt64(n, 0, FPARGS)))
DEF_FP1(v_fcmge0, 32, ONES(fpu_cmp_ge32(n, 0, FPARGS)))
DEF_FP1(v_fcmge0, 64, ONES(fpu_cmp_ge64(n, 0, FPARGS)))
DEF_FP1(v_fcmeq0, 32, ONES(fpu_cmp_eq32(n, 0, FPARGS)))
DEF_FP1(v_fcmeq0, 64, ONES(fpu_cmp_eq64(n, 0, FPARGS)))
DEF_FP1(v_fcmle0, 32, ONES(fpu_cmp_ge32(0, n, FPARGS)))
DEF_FP1(v_fcmle0, 64, ONES(fpu_cmp_ge64(0, n, FPARGS)))
DEF_FP1(v_fcmlt0, 32, ONES(fpu_cmp_gt32(0, n, FPARGS)))
DEF_FP1(v_fcmlt0, 64, ONES(fpu_cmp_gt64(0, n, FPARGS)))

/* FRINTN/A/P/M/Z (mode a), FRINTX (FPCR mode, inexact signalled), FRINTI. */
DEF_FP1(v_frint, 32, fpu_round_int32(n, (fpround_t)op->a, false, FPARGS))
DEF_FP1(v_frint, 64, fpu_round_int64(n, (fpround_t)op->a, false, FPARGS))
DEF_FP1(v_frintx, 32, fpu_round_int32(n, fpcr_rounding(fpcr), true, FPARGS))
DEF_FP1(v_frintx, 64, fpu_round_int64(n, fpcr_rounding(fpcr), true, FPARGS))
DEF_FP1(v_frinti, 32, fpu_round_int32(n, fpcr_rounding(fpcr), false, FPARGS))
DEF_FP1(v_frinti, 64, fpu_round_int64(n, fpcr_rounding(fpcr), false, FPARGS))

/* FCVT{N,P,M,Z,A}{S,U} (mode a) and FCVTZS/FCVTZU (fixed point, c
 * fraction bits): FPToFixed to an integer of the element's size. */
DEF_FP1(v_fcvts, 32, fpu_to_int32(n, op->c, false, 32, (fpround_t)op->a, FPARGS))
DEF_FP1(v_fcvts, 64, fpu_to_int64(n, op->c, false, 64, (fpround_t)op->a, FPARGS))
DEF_FP1(v_fcvtu, 32, fpu_to_int32(n, op->c, true, 32, (fpround_t)op->a, FPARGS))
DEF_FP1(v_fcvtu, 64, fpu_to_int64(n, op->c, true, 64, (fpround_t)op->a, FPARGS))
/* SCVTF/UCVTF (vector, also fixed point): FixedToFP, FPCR rounding. */
DEF_FP1(v_scvtf, 32, fpu_from_int32((uint64_t)(int64_t)(int32_t)n, op->c, false, fpcr_rounding(fpcr), FPARGS))
DEF_FP1(v_scvtf, 64, fpu_from_int64(n, op->c, false, fpcr_rounding(fpcr), FPARGS))
DEF_FP1(v_ucvtf, 32, fpu_from_int32(n, op->c, true, fpcr_rounding(fpcr), FPARGS))
DEF_FP1(v_ucvtf, 64, fpu_from_int64(n, op->c, true, fpcr_rounding(fpcr), FPARGS))

/* URECPE/URSQRTE: the unsigned fixed-point estimates on 32-bit lanes. */
DEF_FP1(v_urecpe, 32, fpu_urecpe(n))
DEF_FP1(v_ursqrte, 32, fpu_ursqrte(n))

/* ---- between precisions ----
 * FCVTL/FCVTL2 widen b lanes starting at source lane c; FCVTN/FCVTN2 and
 * FCVTXN/FCVTXN2 narrow b lanes into the result starting at lane c (the
 * "2" forms keep the lower half of Vd). */

SIMD_HANDLER(v_fcvtl16)
{
    FP_PROLOGUE;
    const vreg_t *vn = &cpu->v[op->rn];
    for (unsigned i = 0; i < op->b; i++)
        r.s[i & 3] = fpu_f16_to_f32(vn->h[(op->c + i) & 7], FPARGS);
    FP_EPILOGUE;
}
SIMD_HANDLER(v_fcvtl32)
{
    FP_PROLOGUE;
    const vreg_t *vn = &cpu->v[op->rn];
    for (unsigned i = 0; i < op->b; i++)
        r.d[i & 1] = fpu_f32_to_f64(vn->s[(op->c + i) & 3], FPARGS);
    FP_EPILOGUE;
}
SIMD_HANDLER(v_fcvtn32)
{
    FP_PROLOGUE;
    const vreg_t *vn = &cpu->v[op->rn];
    if (op->c)
        r.d[0] = cpu->v[op->rd].d[0];
    for (unsigned i = 0; i < op->b; i++)
        r.h[(op->c + i) & 7] = fpu_f32_to_f16(vn->s[i & 3], FPARGS);
    FP_EPILOGUE;
}
SIMD_HANDLER(v_fcvtn64)
{
    FP_PROLOGUE;
    const vreg_t *vn = &cpu->v[op->rn];
    if (op->c)
        r.d[0] = cpu->v[op->rd].d[0];
    for (unsigned i = 0; i < op->b; i++)
        r.s[(op->c + i) & 3] = fpu_f64_to_f32(vn->d[i & 1], fpcr_rounding(fpcr), FPARGS);
    FP_EPILOGUE;
}
SIMD_HANDLER(v_fcvtxn64)
{
    FP_PROLOGUE;
    const vreg_t *vn = &cpu->v[op->rn];
    if (op->c)
        r.d[0] = cpu->v[op->rd].d[0];
    for (unsigned i = 0; i < op->b; i++)
        r.s[(op->c + i) & 3] = fpu_f64_to_f32(vn->d[i & 1], FPROUND_ODD, FPARGS);
    FP_EPILOGUE;
}

/* ---- across lanes (4 singles): Reduce() pairs neighbours, then the
 * two partial results: op(op(e0, e1), op(e2, e3)) ---- */

#define DEF_ACROSS_FP(name, F)                                               \
    SIMD_HANDLER(name)                                                       \
    {                                                                        \
        FP_PROLOGUE;                                                         \
        const vreg_t *vn = &cpu->v[op->rn];                                  \
        uint32_t lo = F(vn->s[0], vn->s[1], FPARGS);                         \
        uint32_t hi = F(vn->s[2], vn->s[3], FPARGS);                         \
        r.s[0] = F(lo, hi, FPARGS);                                          \
        FP_EPILOGUE;                                                         \
    }
DEF_ACROSS_FP(v_fmaxnmv, fpu_maxnm32)
DEF_ACROSS_FP(v_fminnmv, fpu_minnm32)
DEF_ACROSS_FP(v_fmaxv, fpu_max32)
DEF_ACROSS_FP(v_fminv, fpu_min32)
