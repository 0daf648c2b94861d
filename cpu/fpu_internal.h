/* fpu_internal.h - the software floating-point core shared by fpu*.c.
 *
 * Formats are named by their width N (16, 32, 64); the helpers are
 * always-inline and take N as a constant, so every exported fpu_* function
 * compiles to code specialised for its format.
 *
 * An operand is unpacked (FPUnpack) into a type, a sign and, for numbers,
 * value = sig * 2^(exp - 63) with sig normalised (bit 63 set): denormals are
 * normalised too, so the arithmetic never special-cases them. Results go
 * back through fp_round_pack(), which is the pseudocode's FPRound: one
 * rounding of an exact (or exactly-jammed) value, with Arm's rules.
 */
#ifndef TINYVM_CPU_FPU_INTERNAL_H
#define TINYVM_CPU_FPU_INTERNAL_H

#include <float.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fpu.h"

#define FPU_INLINE static inline __attribute__((always_inline))

typedef unsigned __int128 u128;

/* Format parameters: exponent bits, fraction bits, bias. */
#define FP_E(n) ((n) == 16 ? 5 : (n) == 32 ? 8 : 11)
#define FP_F(n) ((n) == 16 ? 10 : (n) == 32 ? 23 : 52)
#define FP_BIAS(n) ((1 << (FP_E(n) - 1)) - 1)
#define FP_EMAX_FIELD(n) ((1u << FP_E(n)) - 1)
#define FP_SIGN(n) (1ull << ((n) - 1))
#define FP_FRAC_MASK(n) ((1ull << FP_F(n)) - 1)
#define FP_QUIET_BIT(n) (1ull << (FP_F(n) - 1))
#define FP_MASK(n) ((n) == 64 ? ~0ull : (1ull << (n)) - 1)

typedef enum { FPT_ZERO, FPT_NUM, FPT_INF, FPT_QNAN, FPT_SNAN } fptype_t;

typedef struct {
    fptype_t type;
    bool sign;
    int exp;      /* FPT_NUM: value = sig * 2^(exp - 63) */
    uint64_t sig; /* FPT_NUM: bit 63 set */
} fpunp_t;

FPU_INLINE unsigned fp_exp_field(int n, uint64_t x) { return (unsigned)(x >> FP_F(n)) & FP_EMAX_FIELD(n); }
FPU_INLINE bool fp_sign(int n, uint64_t x) { return (x >> (n - 1)) & 1; }

FPU_INLINE bool fp_is_nan(int n, uint64_t x)
{
    return fp_exp_field(n, x) == FP_EMAX_FIELD(n) && (x & FP_FRAC_MASK(n)) != 0;
}
FPU_INLINE bool fp_is_snan(int n, uint64_t x)
{
    return fp_is_nan(n, x) && !(x & FP_QUIET_BIT(n));
}

/* FPDefaultNaN: positive, quiet bit only. */
FPU_INLINE uint64_t fp_default_nan(int n)
{
    return ((uint64_t)FP_EMAX_FIELD(n) << FP_F(n)) | FP_QUIET_BIT(n);
}
FPU_INLINE uint64_t fp_inf(int n, bool sign)
{
    return (sign ? FP_SIGN(n) : 0) | ((uint64_t)FP_EMAX_FIELD(n) << FP_F(n));
}
FPU_INLINE uint64_t fp_zero(int n, bool sign) { return sign ? FP_SIGN(n) : 0; }
FPU_INLINE uint64_t fp_max_normal(int n, bool sign)
{
    return (sign ? FP_SIGN(n) : 0) | ((uint64_t)(FP_EMAX_FIELD(n) - 1) << FP_F(n)) | FP_FRAC_MASK(n);
}

FPU_INLINE int clz64(uint64_t x) { return __builtin_clzll(x); }

/* Shift right, ORing every bit shifted out into bit 0 ("jamming"), so the
 * result still tells rounding whether the value was exact. */
FPU_INLINE uint64_t shr_jam64(uint64_t x, int s)
{
    if (s <= 0)
        return x;
    if (s >= 64)
        return x != 0;
    return (x >> s) | ((x << (64 - s)) != 0);
}
FPU_INLINE u128 shr_jam128(u128 x, int s)
{
    if (s <= 0)
        return x;
    if (s >= 128)
        return x != 0;
    return (x >> s) | ((x << (128 - s)) != 0);
}

/* Does FPCR.FZ flush this format? (Half precision has FZ16, which Armv8.0
 * doesn't have: halves are never flushed.) */
FPU_INLINE bool fp_fz(int n, uint32_t fpcr) { return n != 16 && (fpcr & FPCR_FZ); }

/* FPUnpack: classify, flush input denormals to zero under FPCR.FZ (IDC),
 * and read halves in the alternative format (no Inf/NaN) under FPCR.AHP. */
FPU_INLINE fpunp_t fp_unpack(int n, uint64_t x, uint32_t fpcr, uint32_t *fpsr)
{
    fpunp_t u;
    unsigned e = fp_exp_field(n, x);
    uint64_t frac = x & FP_FRAC_MASK(n);
    u.sign = fp_sign(n, x);
    u.exp = 0;
    u.sig = 0;
    if (e == 0) {
        if (frac == 0) {
            u.type = FPT_ZERO;
        } else if (fp_fz(n, fpcr)) {
            u.type = FPT_ZERO;
            *fpsr |= FPSR_IDC;
        } else {
            /* Denormal: frac * 2^(1 - bias - F), normalised. */
            int lz = clz64(frac);
            u.type = FPT_NUM;
            u.sig = frac << lz;
            u.exp = 1 - FP_BIAS(n) - FP_F(n) + (63 - lz);
        }
    } else if (e == FP_EMAX_FIELD(n) && !(n == 16 && (fpcr & FPCR_AHP))) {
        if (frac == 0)
            u.type = FPT_INF;
        else
            u.type = (frac & FP_QUIET_BIT(n)) ? FPT_QNAN : FPT_SNAN;
    } else {
        u.type = FPT_NUM;
        u.sig = (frac | (1ull << FP_F(n))) << (63 - FP_F(n));
        u.exp = (int)e - FP_BIAS(n);
    }
    return u;
}

/* FPProcessNaN: quiet a signalling NaN (IOC), or give the default NaN
 * under FPCR.DN. */
FPU_INLINE uint64_t fp_process_nan(int n, uint64_t x, uint32_t fpcr, uint32_t *fpsr)
{
    if (!(x & FP_QUIET_BIT(n))) {
        *fpsr |= FPSR_IOC;
        x |= FP_QUIET_BIT(n);
    }
    if (fpcr & FPCR_DN)
        return fp_default_nan(n);
    return x;
}

/* FPProcessNaNs: signalling NaNs first (op1 then op2), then quiet ones. */
FPU_INLINE bool fp_process_nans(int n, const fpunp_t *u1, const fpunp_t *u2, uint64_t op1,
                                uint64_t op2, uint32_t fpcr, uint32_t *fpsr, uint64_t *res)
{
    if (u1->type == FPT_SNAN)
        *res = fp_process_nan(n, op1, fpcr, fpsr);
    else if (u2->type == FPT_SNAN)
        *res = fp_process_nan(n, op2, fpcr, fpsr);
    else if (u1->type == FPT_QNAN)
        *res = fp_process_nan(n, op1, fpcr, fpsr);
    else if (u2->type == FPT_QNAN)
        *res = fp_process_nan(n, op2, fpcr, fpsr);
    else
        return false;
    return true;
}

/* FPRound / FPRoundCV: round value = sig * 2^(exp - 63) (sig normalised,
 * its bit 0 possibly a sticky "jammed" bit) to format n.
 *  - FPCR.FZ (not for halves): a value below the smallest normal *before*
 *    rounding becomes zero with UFC and no IXC;
 *  - tininess is detected before rounding: UFC when the unrounded value is
 *    below the smallest normal and the result is inexact;
 *  - overflow gives Inf or the largest normal by the rounding direction,
 *    with OFC and IXC; in the alternative half format (AHP) it gives the
 *    largest AHP value with IOC instead;
 *  - FPROUND_ODD (FCVTXN) truncates and sets the lsb when inexact. */
FPU_INLINE uint64_t fp_round_pack(int n, bool sign, int exp, uint64_t sig, uint32_t fpcr,
                                  fpround_t mode, uint32_t *fpsr)
{
    const int F = FP_F(n), min_exp = 1 - FP_BIAS(n);
    uint64_t sbit = sign ? FP_SIGN(n) : 0;
    int biased;
    if (exp < min_exp) {
        if (fp_fz(n, fpcr)) {
            *fpsr |= FPSR_UFC;
            return sbit;
        }
        biased = 0;
        sig = shr_jam64(sig, min_exp - exp);
    } else {
        biased = exp + FP_BIAS(n);
    }
    /* int_mant = the top F+1 bits; rem = what lies below them. */
    const int rs = 63 - F;
    uint64_t mant = sig >> rs;
    uint64_t rem = sig & ((1ull << rs) - 1);
    uint64_t half = 1ull << (rs - 1);
    if (biased == 0 && rem != 0)
        *fpsr |= FPSR_UFC;
    bool up, ovf_inf;
    switch (mode) {
    case FPROUND_TIEEVEN: up = rem > half || (rem == half && (mant & 1)); ovf_inf = true; break;
    case FPROUND_POSINF: up = rem != 0 && !sign; ovf_inf = !sign; break;
    case FPROUND_NEGINF: up = rem != 0 && sign; ovf_inf = sign; break;
    case FPROUND_TIEAWAY: up = rem >= half; ovf_inf = true; break;
    case FPROUND_ODD: up = false; ovf_inf = false; mant |= rem != 0; break;
    default: up = false; ovf_inf = false; break;
    }
    if (up) {
        mant++;
        if (biased == 0) {
            if (mant == (1ull << F))
                biased = 1;
        } else if (mant == (2ull << F)) {
            mant >>= 1;
            biased++;
        }
    }
    if (n == 16 && (fpcr & FPCR_AHP)) {
        if (biased >= 32) {
            *fpsr |= FPSR_IOC;
            return sbit | 0x7fff;
        }
    } else if (biased >= (int)FP_EMAX_FIELD(n)) {
        *fpsr |= FPSR_OFC | FPSR_IXC;
        return ovf_inf ? fp_inf(n, sign) : fp_max_normal(n, sign);
    }
    if (rem != 0)
        *fpsr |= FPSR_IXC;
    return sbit | ((uint64_t)biased << F) | (mant & FP_FRAC_MASK(n));
}

/* Normalise a nonzero sig whose value is sig * 2^scale, then round. */
FPU_INLINE uint64_t fp_norm_round_pack(int n, bool sign, int scale, uint64_t sig, uint32_t fpcr,
                                       fpround_t mode, uint32_t *fpsr)
{
    int lz = clz64(sig);
    return fp_round_pack(n, sign, scale + 63 - lz, sig << lz, fpcr, mode, fpsr);
}

/* The same for a 128-bit significand: value = sig * 2^scale, sig != 0. */
FPU_INLINE uint64_t fp_norm_round_pack128(int n, bool sign, int scale, u128 sig, uint32_t fpcr,
                                          fpround_t mode, uint32_t *fpsr)
{
    uint64_t hi = (uint64_t)(sig >> 64);
    int lz = hi ? clz64(hi) : 64 + clz64((uint64_t)sig);
    sig <<= lz;
    uint64_t s = (uint64_t)(sig >> 64) | ((uint64_t)sig != 0);
    return fp_round_pack(n, sign, scale + 127 - lz, s, fpcr, mode, fpsr);
}

/* ---- the host's IEEE types, for the fast paths ------------------------------ */

/* The host must evaluate float and double arithmetic in their own formats
 * (not x87 extended precision, which would round twice). */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define FP_HOST_FAST 1
#else
#define FP_HOST_FAST 0
#endif

/* Round-to-nearest and FPSR.IXC already set: a host result that is provably
 * Arm's (normal or zero operands, a normal or exact-zero result) needs no
 * flags, since inexact is the only one such an operation can raise. */
FPU_INLINE bool fp_host_fast_mode(uint32_t fpcr, uint32_t fpsr)
{
    return FP_HOST_FAST && (fpsr & FPSR_IXC) && !(fpcr & (3u << FPCR_RMODE_SHIFT));
}

FPU_INLINE float f32_host(uint32_t x) { float f; memcpy(&f, &x, 4); return f; }
FPU_INLINE double f64_host(uint64_t x) { double d; memcpy(&d, &x, 8); return d; }
FPU_INLINE uint32_t f32_bits(float f) { uint32_t x; memcpy(&x, &f, 4); return x; }
FPU_INLINE uint64_t f64_bits(double d) { uint64_t x; memcpy(&x, &d, 8); return x; }

/* A result the host may return without the software path's checks: normal
 * (strictly above the smallest normal, which could be a rounded-up tiny
 * value) and finite. */
FPU_INLINE bool f32_res_ok(uint32_t r)
{
    uint32_t a = r & 0x7fffffffu;
    return a > 0x00800000u && a < 0x7f800000u;
}
FPU_INLINE bool f64_res_ok(uint64_t r)
{
    uint64_t a = r & 0x7fffffffffffffffull;
    return a > 0x0010000000000000ull && a < 0x7ff0000000000000ull;
}

/* The two-operand operations with a host fast path. */
typedef enum { FP_HOST_ADD, FP_HOST_SUB, FP_HOST_MUL, FP_HOST_DIV } fp_host_op_t;

/* May the host's result r of a <k> b (computed under fp_host_fast_mode)
 * be returned as Arm's FPAdd/FPSub/FPMul/FPDiv, with no flag to add?
 *  - r normal and strictly above the smallest normal (a result equal to it
 *    may be a rounded-up tiny value: Arm detects tininess before rounding),
 *    or an exact zero: a zero sum of finite numbers (its sign is the
 *    round-to-nearest one on both), a zero product from a zero operand, a
 *    zero quotient from a zero dividend (0 / Inf included: no flags);
 *  - under FPCR.FZ, no denormal operand (Arm flushes it, with IDC).
 * A NaN or infinite operand gives a NaN or infinite result, or (x / Inf)
 * a zero from a nonzero dividend: all refused. Without FZ a denormal
 * operand is an ordinary number to both Arm and the host (which does not
 * run with DAZ) and raises no flag of its own. simd_fp_fast.h applies the
 * same rule to whole vectors. */
FPU_INLINE bool fp_host_result_ok(int n, fp_host_op_t k, uint64_t a, uint64_t b, uint64_t r,
                                  uint32_t fpcr)
{
    const uint64_t abs = FP_SIGN(n) - 1, minn = 1ull << FP_F(n);
    const uint64_t inf = (uint64_t)FP_EMAX_FIELD(n) << FP_F(n);
    uint64_t ar = r & abs;
    bool ok = ar - (minn + 1) < inf - (minn + 1); /* minn < ar < inf */
    if (__builtin_expect(!ok, 0)) {
        switch (k) {
        case FP_HOST_ADD:
        case FP_HOST_SUB: ok = ar == 0; break;
        case FP_HOST_MUL: ok = ar == 0 && (!(a & abs) || !(b & abs)); break;
        default: ok = ar == 0 && !(a & abs); break;
        }
    }
    if (__builtin_expect(fp_fz(n, fpcr), 0)) {
        uint64_t aa = a & abs, ab = b & abs;
        ok = ok && (aa >= minn || aa == 0) && (ab >= minn || ab == 0);
    }
    return ok;
}

/* fpu_misc.c: RecipEstimate(a) - 256 for a = 256..511 and
 * RecipSqrtEstimate(a) - 256 for a = 128..511. */
extern const uint8_t fpu_recip_estimate_table[256];
extern const uint8_t fpu_rsqrt_estimate_table[384];

#endif
