/* simd_fp_fast.h - the whole-vector host fast path of the Advanced SIMD
 * floating-point arithmetic (FADD, FSUB, FMUL, FDIV, FMUL by element; and
 * single-precision FMLA/FMLS, vector and by element: vf_try_fma32 below).
 *
 * The per-lane path calls the FP library once per lane; each call has its
 * own fast path (fpu.c) but pays a call, the FPCR/FPSR test and the operand
 * checks for every lane. Here the same rule is applied to the whole vector
 * at once, with the host's vector arithmetic (GCC/Clang vector extensions,
 * SSE2 on x86-64):
 *  - FPCR rounds to nearest and FPSR.IXC is already set (fp_host_fast_mode),
 *  - every active lane's result is normal (strictly above the smallest
 *    normal: a result equal to it may be a rounded-up tiny value, which Arm
 *    detects before rounding) or an exact zero (see the cases below),
 *  - under FPCR.FZ, no operand is a denormal (Arm flushes it, with IDC).
 * A NaN or infinite operand gives a NaN or infinite result (or, x / Inf, a
 * zero the checks refuse), so the result check covers them. Without FZ a
 * denormal operand is an ordinary number to both Arm and the host (which
 * does not run with DAZ), and it raises no flag of its own. Then the host's
 * IEEE result is bit for bit FPAdd/FPSub/FPMul/FPDiv's with no flag to
 * raise but inexact, which is already set; DN and AHP can't matter (no NaN
 * or half in or out). This is fp_host_result_ok() (fpu_internal.h), the
 * scalar paths' rule, lane-parallel. If any active lane
 * fails, nothing has been written and the caller runs the exact per-lane
 * path from the start, so the flags of every lane are the software path's.
 * Inactive lanes (the upper half of a 64-bit vector) are computed -- the
 * host's flags are never read, and tinyvm never unmasks host FP traps --
 * but neither checked nor written: the result's upper half is zeroed.
 */
#ifndef TINYVM_CPU_SIMD_FP_FAST_H
#define TINYVM_CPU_SIMD_FP_FAST_H

#include "fpu_internal.h"
#include "simd.h"

typedef float vf32_t __attribute__((vector_size(16)));
typedef double vf64_t __attribute__((vector_size(16)));
typedef int32_t vi32_t __attribute__((vector_size(16)));
typedef int64_t vi64_t __attribute__((vector_size(16)));
typedef uint32_t vu32_t __attribute__((vector_size(16)));
typedef uint64_t vu64_t __attribute__((vector_size(16)));

typedef enum { VF_ADD, VF_SUB, VF_MUL, VF_DIV } vf_kind_t;

/* All lanes of a compare mask true. */
FPU_INLINE bool vf_all(vi32_t m)
{
    uint64_t q[2];
    memcpy(q, &m, 16);
    return (q[0] & q[1]) == ~0ull;
}

/* One width: W bits, float vector VF, integer vector VI of lanes IT (VU
 * of UT unsigned), ABS = all but the sign bit, MINN = the smallest normal, INF = +Inf. In
 * the checks, a = the lane with its sign cleared as a signed integer: it
 * is non-negative, so signed compares (SSE2 pcmpgt) order the magnitudes. */
#define VF_DEFINE(W, VF, VI, IT, VU, UT, ABS, MINN, INF, ...)                                  \
    /* a result the host may give: normal, above the smallest normal. One        \
     * signed compare: a - (MINN + 1) + IT_MIN, wrapping (in unsigned lanes),     \
     * is below IT_MIN + (INF - MINN - 1) exactly when MINN < a < INF. */         \
    FPU_INLINE VI vf_res_ok##W(VI a)                                                  \
    {                                                                                 \
        const UT bias = (UT)1 << (W - 1);                                             \
        VI t = (VI)((VU)a + (UT)(bias - (UT)(MINN) - 1));                             \
        return t < (IT)(bias + (UT)(INF) - (UT)(MINN) - 1);                           \
    }                                                                                 \
    /* not a denormal (FPCR.FZ flushes those, with IDC) */                            \
    FPU_INLINE VI vf_not_denormal##W(VI a) { return (a >= (IT)(MINN)) | (a == 0); }   \
    /* lanes at or above b (not computed by the instruction): a table, since     \
     * building the mask costs more than the arithmetic */                          \
    FPU_INLINE VI vf_inactive##W(unsigned b)                                          \
    {                                                                                 \
        static const VI tab[8] = { __VA_ARGS__ };                                     \
        return tab[b & 7];                                                            \
    }                                                                                 \
    /* Vd = Vn <kind> y on the fast path; false (nothing written) when a lane       \
     * needs the exact path. */                                                       \
    FPU_INLINE bool vf_try##W(cpu_t *cpu, const op_t *op, vf_kind_t kind, VI yi)      \
    {                                                                                 \
        uint32_t fpcr = (uint32_t)cpu->sys.fpcr;                                      \
        if (!fp_host_fast_mode(fpcr, (uint32_t)cpu->sys.fpsr))                        \
            return false;                                                             \
        VI xi;                                                                        \
        memcpy(&xi, &cpu->v[op->rn], 16);                                             \
        VF x = (VF)xi, y = (VF)yi, z;                                                 \
        switch (kind) {                                                               \
        case VF_ADD: z = x + y; break;                                                \
        case VF_SUB: z = x - y; break;                                                \
        case VF_MUL: z = x * y; break;                                                \
        default: z = x / y; break;                                                    \
        }                                                                             \
        VI ax = xi & (IT)(ABS), ay = yi & (IT)(ABS), az = (VI)z & (IT)(ABS);          \
        VI inactive = vf_inactive##W(op->b);                                          \
        VI ok = vf_res_ok##W(az) | inactive;                                          \
        if (__builtin_expect(!vf_all((vi32_t)ok), 0)) {                               \
            /* some result is not normal: only exact zeros may stay */               \
            switch (kind) {                                                           \
            case VF_ADD:                                                              \
            case VF_SUB: /* a zero sum of finite numbers is exact; its sign is      \
                          * the round-to-nearest one on both */                       \
                ok |= az == 0;                                                        \
                break;                                                                \
            case VF_MUL: /* a zero product is exact only from a zero operand */      \
                ok |= (az == 0) & ((ax == 0) | (ay == 0));                            \
                break;                                                                \
            default: /* 0 / y: an exact zero unless y is 0 or NaN (NaN results) */   \
                ok |= (az == 0) & (ax == 0);                                          \
                break;                                                                \
            }                                                                         \
            if (!vf_all((vi32_t)ok))                                                  \
                return false;                                                         \
        }                                                                             \
        if (__builtin_expect(fpcr & FPCR_FZ, 0) &&                                    \
            !vf_all((vi32_t)((vf_not_denormal##W(ax) & vf_not_denormal##W(ay)) | inactive))) \
            return false;                                                             \
        VI r = (VI)z & ~inactive;                                                     \
        memcpy(&cpu->v[op->rd], &r, 16);                                              \
        return true;                                                                  \
    }

/* Inactive-lane masks by lane count b (only 1..4 and 1..2 are decoded). */
#define VF_I32(l0, l1, l2, l3) { -(l0), -(l1), -(l2), -(l3) }
VF_DEFINE(32, vf32_t, vi32_t, int32_t, vu32_t, uint32_t, 0x7fffffff, 0x00800000, 0x7f800000,
          VF_I32(1, 1, 1, 1), VF_I32(0, 1, 1, 1), VF_I32(0, 0, 1, 1), VF_I32(0, 0, 0, 1),
          VF_I32(0, 0, 0, 0), VF_I32(0, 0, 0, 0), VF_I32(0, 0, 0, 0), VF_I32(0, 0, 0, 0))
#define VF_I64(l0, l1) { -(l0), -(l1) }
VF_DEFINE(64, vf64_t, vi64_t, int64_t, vu64_t, uint64_t, 0x7fffffffffffffffll, 0x0010000000000000ll,
          0x7ff0000000000000ll, VF_I64(1, 1), VF_I64(0, 1), VF_I64(0, 0), VF_I64(0, 0),
          VF_I64(0, 0), VF_I64(0, 0), VF_I64(0, 0), VF_I64(0, 0))

/* FMLA/FMLS (single precision): Vd + n * y, fused, on the fast path. SSE2
 * has no fused multiply-add, so each lane is done in double precision:
 * the product of two singles is exact in a double (24 + 24 significant
 * bits), the sum is rounded once to double and then to single. That second
 * rounding is the correctly rounded single unless the double sum lies
 * exactly halfway between two singles (its 29 bits below a single's last
 * bit are 1000...0): the exact sum may then be on either side, and such a
 * lane goes to the exact path. As for the other operations: FPCR rounds to
 * nearest with IXC set, every active result normal above the smallest
 * normal (zero results, whose sign depends on exactness, are left to the
 * exact path), no denormal operand under FZ. */
FPU_INLINE bool vf_try_fma32(cpu_t *cpu, const op_t *op, vi32_t ni, vi32_t yi)
{
    uint32_t fpcr = (uint32_t)cpu->sys.fpcr;
    if (!fp_host_fast_mode(fpcr, (uint32_t)cpu->sys.fpsr))
        return false;
    vi32_t di;
    memcpy(&di, &cpu->v[op->rd], 16);
    vf32_t n = (vf32_t)ni, y = (vf32_t)yi, d = (vf32_t)di;
    vf64_t lo = (vf64_t){ n[0], n[1] } * (vf64_t){ y[0], y[1] } + (vf64_t){ d[0], d[1] };
    vf64_t hi = (vf64_t){ n[2], n[3] } * (vf64_t){ y[2], y[3] } + (vf64_t){ d[2], d[3] };
    vf32_t z = { (float)lo[0], (float)lo[1], (float)hi[0], (float)hi[1] };
    const int64_t below = (1ll << 29) - 1, half = 1ll << 28;
    vi64_t mlo = ((vi64_t)lo & below) == half, mhi = ((vi64_t)hi & below) == half;
    vi32_t mid = { (int32_t)mlo[0], (int32_t)mlo[1], (int32_t)mhi[0], (int32_t)mhi[1] };
    vi32_t inactive = vf_inactive32(op->b);
    vi32_t ok = (vf_res_ok32((vi32_t)z & 0x7fffffff) & ~mid) | inactive;
    if (!vf_all(ok))
        return false;
    if (__builtin_expect(fpcr & FPCR_FZ, 0)) {
        vi32_t an = ni & 0x7fffffff, ay = yi & 0x7fffffff, ad = di & 0x7fffffff;
        if (!vf_all((vf_not_denormal32(an) & vf_not_denormal32(ay) & vf_not_denormal32(ad)) |
                    inactive))
            return false;
    }
    vi32_t r = (vi32_t)z & ~inactive;
    memcpy(&cpu->v[op->rd], &r, 16);
    return true;
}

#endif
