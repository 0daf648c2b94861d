/* fpu.c - IEEE 754 arithmetic with Arm's rules: FPAdd, FPSub, FPMul,
 * FPMulX, FPDiv, FPSqrt, FPMulAdd, FPRecipStepFused, FPRSqrtStepFused.
 *
 * Two paths per operation (the "hardfloat" idea):
 *  - a fast path on the host's IEEE arithmetic for the overwhelmingly common
 *    case where it is provably bit-identical to Arm: round-to-nearest, a
 *    normal (or exact-zero) result, no operand Arm would flush to zero (for
 *    add/sub/mul/div fp_host_result_ok() has the rule; the others want
 *    normal or zero operands), and FPSR.IXC already set, so the only flag
 *    the operation could raise is already there. The host is never asked for its flags and its MXCSR is
 *    never changed (tinyvm never leaves round-to-nearest, and does not
 *    enable FTZ/DAZ);
 *  - the exact software path (fpu_internal.h: unpack, integer arithmetic
 *    with a sticky bit, fp_round_pack = FPRound) for everything else, which
 *    is where all the Arm-specific behaviour lives: NaN propagation order,
 *    default NaN, flush-to-zero, tininess before rounding, flags.
 * The fast path only ever declines (falls back); it never computes a value
 * the slow path would not.
 */
#include <float.h>
#include <math.h>

#include "fpu_internal.h"

/* ---- host fast path ------------------------------------------------------ */

/* Round-to-nearest and IXC already set (fpu_internal.h). */
static inline bool fast_mode(uint32_t fpcr, uint32_t fpsr) { return fp_host_fast_mode(fpcr, fpsr); }

/* Normal or zero (not denormal, Inf or NaN): exponent field not 0 and not
 * all-ones, or the value is zero. */
static inline bool f32_nz(uint32_t x)
{
    uint32_t e = (x >> 23) & 0xff;
    return (e - 1) < 0xfe || !(x << 1);
}
static inline bool f64_nz(uint64_t x)
{
    uint64_t e = (x >> 52) & 0x7ff;
    return (e - 1) < 0x7fe || !(x << 1);
}
static inline bool is_zero32(uint32_t x) { return !(x << 1); }
static inline bool is_zero64(uint64_t x) { return !(x << 1); }

/* ---- FPAdd / FPSub --------------------------------------------------------- */

FPU_INLINE uint64_t soft_add(int n, uint64_t op1, uint64_t op2, bool sub, uint32_t fpcr,
                             uint32_t *fpsr)
{
    fpround_t mode = fpcr_rounding(fpcr);
    fpunp_t a = fp_unpack(n, op1, fpcr, fpsr), b = fp_unpack(n, op2, fpcr, fpsr);
    uint64_t res;
    if (fp_process_nans(n, &a, &b, op1, op2, fpcr, fpsr, &res))
        return res;
    b.sign ^= sub;
    if (a.type == FPT_INF && b.type == FPT_INF && a.sign != b.sign) {
        *fpsr |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if (a.type == FPT_INF)
        return fp_inf(n, a.sign);
    if (b.type == FPT_INF)
        return fp_inf(n, b.sign);
    if (a.type == FPT_ZERO && b.type == FPT_ZERO && a.sign == b.sign)
        return fp_zero(n, a.sign);
    if (a.type == FPT_ZERO && b.type == FPT_ZERO)
        return fp_zero(n, mode == FPROUND_NEGINF);
    if (a.type == FPT_ZERO)
        return fp_round_pack(n, b.sign, b.exp, b.sig, fpcr, mode, fpsr);
    if (b.type == FPT_ZERO)
        return fp_round_pack(n, a.sign, a.exp, a.sig, fpcr, mode, fpsr);
    /* Order by magnitude so a - b is never negative. */
    if (a.exp < b.exp || (a.exp == b.exp && a.sig < b.sig)) {
        fpunp_t t = a;
        a = b;
        b = t;
    }
    /* Significands have at most 53 bits at the top: the shift to leave a
     * carry bit is exact. */
    uint64_t sa = a.sig >> 1, sb = shr_jam64(b.sig >> 1, a.exp - b.exp);
    uint64_t s;
    if (a.sign == b.sign) {
        s = sa + sb;
    } else {
        s = sa - sb;
        if (s == 0) /* exact cancellation: sign from the rounding mode */
            return fp_zero(n, mode == FPROUND_NEGINF);
    }
    return fp_norm_round_pack(n, a.sign, a.exp - 62, s, fpcr, mode, fpsr);
}

/* ---- FPMul / FPMulX ------------------------------------------------------------ */

FPU_INLINE uint64_t soft_mul(int n, uint64_t op1, uint64_t op2, bool mulx, uint32_t fpcr,
                             uint32_t *fpsr)
{
    fpround_t mode = fpcr_rounding(fpcr);
    fpunp_t a = fp_unpack(n, op1, fpcr, fpsr), b = fp_unpack(n, op2, fpcr, fpsr);
    uint64_t res;
    if (fp_process_nans(n, &a, &b, op1, op2, fpcr, fpsr, &res))
        return res;
    bool sign = a.sign ^ b.sign;
    if ((a.type == FPT_INF && b.type == FPT_ZERO) || (a.type == FPT_ZERO && b.type == FPT_INF)) {
        if (mulx) /* FPMulX: 0 * Inf = 2.0 with the product's sign */
            return (sign ? FP_SIGN(n) : 0) | ((uint64_t)(FP_BIAS(n) + 1) << FP_F(n));
        *fpsr |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if (a.type == FPT_INF || b.type == FPT_INF)
        return fp_inf(n, sign);
    if (a.type == FPT_ZERO || b.type == FPT_ZERO)
        return fp_zero(n, sign);
    u128 p = (u128)a.sig * b.sig; /* value = p * 2^(a.exp + b.exp - 126) */
    return fp_norm_round_pack128(n, sign, a.exp + b.exp - 126, p, fpcr, mode, fpsr);
}

/* ---- FPDiv ----------------------------------------------------------------------- */

FPU_INLINE uint64_t soft_div(int n, uint64_t op1, uint64_t op2, uint32_t fpcr, uint32_t *fpsr)
{
    fpround_t mode = fpcr_rounding(fpcr);
    fpunp_t a = fp_unpack(n, op1, fpcr, fpsr), b = fp_unpack(n, op2, fpcr, fpsr);
    uint64_t res;
    if (fp_process_nans(n, &a, &b, op1, op2, fpcr, fpsr, &res))
        return res;
    bool sign = a.sign ^ b.sign;
    if ((a.type == FPT_INF && b.type == FPT_INF) || (a.type == FPT_ZERO && b.type == FPT_ZERO)) {
        *fpsr |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if (a.type == FPT_INF || b.type == FPT_ZERO) {
        if (a.type != FPT_INF)
            *fpsr |= FPSR_DZC;
        return fp_inf(n, sign);
    }
    if (a.type == FPT_ZERO || b.type == FPT_INF)
        return fp_zero(n, sign);
    if (n != 64) {
        /* 24-bit (or 11-bit) significands: a 64-bit division gives 40+
         * quotient bits, plenty for rounding plus the sticky remainder. */
        uint64_t na = (a.sig >> 40) << 40, db = b.sig >> 40;
        uint64_t q = na / db, r = na % db;
        return fp_norm_round_pack(n, sign, a.exp - b.exp - 40, q | (r != 0), fpcr, mode, fpsr);
    }
    /* (a.sig << 63) / b.sig lies in (2^62, 2^64): 62+ quotient bits. */
    u128 na = (u128)a.sig << 63;
    uint64_t q = (uint64_t)(na / b.sig);
    bool inexact = (uint64_t)(na - (u128)q * b.sig) != 0;
    return fp_norm_round_pack(n, sign, a.exp - b.exp - 63, q | inexact, fpcr, mode, fpsr);
}

/* ---- FPSqrt ----------------------------------------------------------------------- */

/* floor(sqrt(x)) for x < 2^120, and whether it is exact. The host's double
 * square root is only a starting point; one integer Newton step and a final
 * correction make the result exact. */
static uint64_t isqrt128(u128 x, bool *exact)
{
    uint64_t r = (uint64_t)sqrt((double)x);
    if (r == 0)
        r = 1;
    r = (uint64_t)((r + x / r) >> 1);
    while ((u128)r * r > x)
        r--;
    while ((u128)(r + 1) * (r + 1) <= x)
        r++;
    *exact = (u128)r * r == x;
    return r;
}

FPU_INLINE uint64_t soft_sqrt(int n, uint64_t op, uint32_t fpcr, uint32_t *fpsr)
{
    fpunp_t a = fp_unpack(n, op, fpcr, fpsr);
    if (a.type == FPT_QNAN || a.type == FPT_SNAN)
        return fp_process_nan(n, op, fpcr, fpsr);
    if (a.type == FPT_ZERO)
        return fp_zero(n, a.sign);
    if (a.sign) {
        *fpsr |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if (a.type == FPT_INF)
        return fp_inf(n, false);
    /* value = m * 2^k with m the (F+1)-bit significand and k even. */
    const int F = FP_F(n);
    uint64_t m = a.sig >> (63 - F);
    int k = a.exp - F;
    if (k & 1) {
        m <<= 1;
        k--;
    }
    /* sqrt(m << s) has >= F+3 bits: enough for rounding; s is even. */
    const int s = n == 64 ? 64 : 38;
    bool exact;
    uint64_t r = isqrt128((u128)m << s, &exact);
    return fp_norm_round_pack(n, false, (k - s) / 2, r | !exact, fpcr, fpcr_rounding(fpcr), fpsr);
}

/* ---- FPMulAdd ---------------------------------------------------------------------- */

/* The exact product of two numbers as P * 2^(ep - 126) with P's leading bit
 * at bit 126, leaving bit 127 for the carry of an addition. The significands
 * have at most 53 bits each, so shifting the 128-bit product down loses
 * nothing. */
FPU_INLINE int product(const fpunp_t *a, const fpunp_t *b, u128 *p)
{
    u128 x = (u128)a->sig * b->sig; /* leading bit at 126 or 127 */
    int ep = a->exp + b->exp;
    if (x >> 127) {
        x >>= 1;
        ep++;
    }
    *p = x;
    return ep;
}

/* The sum of (-1)^sp * p * 2^ep and (-1)^sq * q * 2^eq, the smaller
 * magnitude aligned to the larger one's exponent with its shifted-out bits
 * jammed into the lowest bit (sticky), into *p, *ep, *sp. Returns false
 * when the sum is exactly zero (its sign is then the rounding mode's). */
FPU_INLINE bool add_signed128(u128 *p, int *ep, bool *sp, u128 q, int eq, bool sq)
{
    /* Make P the larger magnitude. */
    if (*ep < eq || (*ep == eq && *p < q)) {
        u128 t = *p; *p = q; q = t;
        int te = *ep; *ep = eq; eq = te;
        bool ts = *sp; *sp = sq; sq = ts;
    }
    q = shr_jam128(q, *ep - eq);
    if (*sp == sq) {
        *p += q;
        return true;
    }
    *p -= q;
    return *p != 0;
}

/* addend + op1 * op2 with a single rounding. FPProcessNaNs3 order: addend,
 * op1, op2 (signalling first); a quiet-NaN addend with Inf * 0 gives the
 * default NaN and IOC. */
FPU_INLINE uint64_t soft_muladd(int n, uint64_t addend, uint64_t op1, uint64_t op2, uint32_t fpcr,
                                uint32_t *fpsr)
{
    fpround_t mode = fpcr_rounding(fpcr);
    fpunp_t c = fp_unpack(n, addend, fpcr, fpsr);
    fpunp_t a = fp_unpack(n, op1, fpcr, fpsr), b = fp_unpack(n, op2, fpcr, fpsr);
    bool inf_zero = (a.type == FPT_INF && b.type == FPT_ZERO) ||
                    (a.type == FPT_ZERO && b.type == FPT_INF);
    if (c.type == FPT_SNAN)
        return fp_process_nan(n, addend, fpcr, fpsr);
    if (a.type == FPT_SNAN)
        return fp_process_nan(n, op1, fpcr, fpsr);
    if (b.type == FPT_SNAN)
        return fp_process_nan(n, op2, fpcr, fpsr);
    if (c.type == FPT_QNAN) {
        if (inf_zero) {
            *fpsr |= FPSR_IOC;
            return fp_default_nan(n);
        }
        return fp_process_nan(n, addend, fpcr, fpsr);
    }
    if (a.type == FPT_QNAN)
        return fp_process_nan(n, op1, fpcr, fpsr);
    if (b.type == FPT_QNAN)
        return fp_process_nan(n, op2, fpcr, fpsr);
    bool sp = a.sign ^ b.sign;
    bool infp = a.type == FPT_INF || b.type == FPT_INF;
    bool zerop = a.type == FPT_ZERO || b.type == FPT_ZERO;
    if (inf_zero || (c.type == FPT_INF && infp && c.sign != sp)) {
        *fpsr |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if (c.type == FPT_INF)
        return fp_inf(n, c.sign);
    if (infp)
        return fp_inf(n, sp);
    if (c.type == FPT_ZERO && zerop)
        return fp_zero(n, c.sign == sp ? c.sign : mode == FPROUND_NEGINF);
    if (zerop) /* exact addend (rounded again only for FZ/denormal rules) */
        return fp_round_pack(n, c.sign, c.exp, c.sig, fpcr, mode, fpsr);
    u128 p;
    int ep = product(&a, &b, &p);
    if (c.type == FPT_ZERO)
        return fp_norm_round_pack128(n, sp, ep - 126, p, fpcr, mode, fpsr);
    u128 q = (u128)c.sig << 63; /* value = Q * 2^(c.exp - 126) */
    int eq = c.exp;
    bool sq = c.sign;
    if (!add_signed128(&p, &ep, &sp, q, eq, sq))
        return fp_zero(n, mode == FPROUND_NEGINF);
    return fp_norm_round_pack128(n, sp, ep - 126, p, fpcr, mode, fpsr);
}

/* FPRecipStepFused (2 - op1*op2) and FPRSqrtStepFused ((3 - op1*op2) / 2):
 * op1 is negated first (so a NaN op1 comes back with its sign flipped),
 * Inf * 0 gives exactly 2.0 / 1.5, and the result is rounded once. */
FPU_INLINE uint64_t soft_step(int n, uint64_t op1, uint64_t op2, bool rsqrt, uint32_t fpcr,
                              uint32_t *fpsr)
{
    fpround_t mode = fpcr_rounding(fpcr);
    op1 ^= FP_SIGN(n);
    fpunp_t a = fp_unpack(n, op1, fpcr, fpsr), b = fp_unpack(n, op2, fpcr, fpsr);
    uint64_t res;
    if (fp_process_nans(n, &a, &b, op1, op2, fpcr, fpsr, &res))
        return res;
    const int F = FP_F(n), bias = FP_BIAS(n);
    if ((a.type == FPT_INF && b.type == FPT_ZERO) || (a.type == FPT_ZERO && b.type == FPT_INF)) {
        if (rsqrt) /* 1.5 */
            return ((uint64_t)bias << F) | (1ull << (F - 1));
        return (uint64_t)(bias + 1) << F; /* 2.0 */
    }
    if (a.type == FPT_INF || b.type == FPT_INF)
        return fp_inf(n, a.sign ^ b.sign);
    /* constant 2.0 or 3.0 as value = k * 2^(1 - 126) in P's scale below */
    bool sp = a.sign ^ b.sign;
    if (a.type == FPT_ZERO || b.type == FPT_ZERO) {
        /* 2 + 0 or (3 + 0) / 2: exact. */
        return rsqrt ? ((uint64_t)bias << F) | (1ull << (F - 1)) : (uint64_t)(bias + 1) << F;
    }
    u128 p;
    int ep = product(&a, &b, &p);
    /* the constant: 2 = 1.0 * 2^1; 3 = 1.1b * 2^1 */
    u128 q = (u128)(rsqrt ? 0xc000000000000000ull : 0x8000000000000000ull) << 63;
    int eq = 1;
    bool sq = false;
    if (!add_signed128(&p, &ep, &sp, q, eq, sq))
        return fp_zero(n, mode == FPROUND_NEGINF);
    /* the halving of FRSQRTS is exact: it only moves the exponent */
    return fp_norm_round_pack128(n, sp, ep - 126 - rsqrt, p, fpcr, mode, fpsr);
}

/* ---- exported functions ------------------------------------------------------ */

/* Each operation: the fast path inline, the software path out of line so it
 * doesn't burden the fast one. */
#define SLOW2(name, n, T, call)                                                        \
    static __attribute__((noinline)) T name(T a, T b, uint32_t fpcr, uint32_t *fpsr)   \
    {                                                                                  \
        return (T)call;                                                                \
    }
SLOW2(add32_slow, 32, uint32_t, soft_add(32, a, b, false, fpcr, fpsr))
SLOW2(sub32_slow, 32, uint32_t, soft_add(32, a, b, true, fpcr, fpsr))
SLOW2(mul32_slow, 32, uint32_t, soft_mul(32, a, b, false, fpcr, fpsr))
SLOW2(div32_slow, 32, uint32_t, soft_div(32, a, b, fpcr, fpsr))
SLOW2(add64_slow, 64, uint64_t, soft_add(64, a, b, false, fpcr, fpsr))
SLOW2(sub64_slow, 64, uint64_t, soft_add(64, a, b, true, fpcr, fpsr))
SLOW2(mul64_slow, 64, uint64_t, soft_mul(64, a, b, false, fpcr, fpsr))
SLOW2(div64_slow, 64, uint64_t, soft_div(64, a, b, fpcr, fpsr))

/* Fast-path bodies, shared by both widths (W): the host's result when
 * fp_host_result_ok() accepts it. */
#define FAST_BIN(W, oper, K, slow)                                                     \
    if (fast_mode(fpcr, *fpsr)) {                                                      \
        uint##W##_t r = f##W##_bits(f##W##_host(a) oper f##W##_host(b));               \
        if (fp_host_result_ok(W, K, a, b, r, fpcr))                                    \
            return r;                                                                  \
    }                                                                                  \
    return slow(a, b, fpcr, fpsr);

uint32_t fpu_add32(uint32_t a, uint32_t b, uint32_t fpcr, uint32_t *fpsr) { FAST_BIN(32, +, FP_HOST_ADD, add32_slow) }
uint32_t fpu_sub32(uint32_t a, uint32_t b, uint32_t fpcr, uint32_t *fpsr) { FAST_BIN(32, -, FP_HOST_SUB, sub32_slow) }
uint64_t fpu_add64(uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr) { FAST_BIN(64, +, FP_HOST_ADD, add64_slow) }
uint64_t fpu_sub64(uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr) { FAST_BIN(64, -, FP_HOST_SUB, sub64_slow) }
uint32_t fpu_mul32(uint32_t a, uint32_t b, uint32_t fpcr, uint32_t *fpsr) { FAST_BIN(32, *, FP_HOST_MUL, mul32_slow) }
uint64_t fpu_mul64(uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr) { FAST_BIN(64, *, FP_HOST_MUL, mul64_slow) }
#define FAST_MUL(W, slow) FAST_BIN(W, *, FP_HOST_MUL, slow)

/* FMULX differs from FMUL only for Inf * 0, which never takes the fast path. */
static __attribute__((noinline)) uint32_t mulx32_slow(uint32_t a, uint32_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return (uint32_t)soft_mul(32, a, b, true, fpcr, fpsr);
}
static __attribute__((noinline)) uint64_t mulx64_slow(uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return soft_mul(64, a, b, true, fpcr, fpsr);
}
uint32_t fpu_mulx32(uint32_t a, uint32_t b, uint32_t fpcr, uint32_t *fpsr) { FAST_MUL(32, mulx32_slow) }
uint64_t fpu_mulx64(uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr) { FAST_MUL(64, mulx64_slow) }

/* Division by zero raises DZC or IOC: its Inf or NaN result is refused. */
uint32_t fpu_div32(uint32_t a, uint32_t b, uint32_t fpcr, uint32_t *fpsr) { FAST_BIN(32, /, FP_HOST_DIV, div32_slow) }
uint64_t fpu_div64(uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr) { FAST_BIN(64, /, FP_HOST_DIV, div64_slow) }

/* Square root of a normal positive number is normal; of a zero, itself. */
static __attribute__((noinline)) uint32_t sqrt32_slow(uint32_t a, uint32_t fpcr, uint32_t *fpsr)
{
    return (uint32_t)soft_sqrt(32, a, fpcr, fpsr);
}
static __attribute__((noinline)) uint64_t sqrt64_slow(uint64_t a, uint32_t fpcr, uint32_t *fpsr)
{
    return soft_sqrt(64, a, fpcr, fpsr);
}
uint32_t fpu_sqrt32(uint32_t a, uint32_t fpcr, uint32_t *fpsr)
{
    if (fast_mode(fpcr, *fpsr) && f32_nz(a) && (!(a >> 31) || is_zero32(a)))
        return f32_bits(__builtin_sqrtf(f32_host(a)));
    return sqrt32_slow(a, fpcr, fpsr);
}
uint64_t fpu_sqrt64(uint64_t a, uint32_t fpcr, uint32_t *fpsr)
{
    if (fast_mode(fpcr, *fpsr) && f64_nz(a) && (!(a >> 63) || is_zero64(a)))
        return f64_bits(__builtin_sqrt(f64_host(a)));
    return sqrt64_slow(a, fpcr, fpsr);
}

/* Fused multiply-add on the host's fma()/fmaf() (correctly rounded by C17
 * 7.12.13.1; glibc picks its FMA3 version at load time on hosts that have
 * it, measured as fast as an inline vfmadd). Zero results are left to the
 * software path: their sign depends on exactness. */
static __attribute__((noinline)) uint32_t muladd32_slow(uint32_t c, uint32_t a, uint32_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return (uint32_t)soft_muladd(32, c, a, b, fpcr, fpsr);
}
static __attribute__((noinline)) uint64_t muladd64_slow(uint64_t c, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return soft_muladd(64, c, a, b, fpcr, fpsr);
}
uint32_t fpu_muladd32(uint32_t c, uint32_t a, uint32_t b, uint32_t fpcr, uint32_t *fpsr)
{
    if (fast_mode(fpcr, *fpsr) && f32_nz(a) && f32_nz(b) && f32_nz(c)) {
        uint32_t r = f32_bits(fmaf(f32_host(a), f32_host(b), f32_host(c)));
        if (f32_res_ok(r))
            return r;
    }
    return muladd32_slow(c, a, b, fpcr, fpsr);
}
uint64_t fpu_muladd64(uint64_t c, uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    if (fast_mode(fpcr, *fpsr) && f64_nz(a) && f64_nz(b) && f64_nz(c)) {
        uint64_t r = f64_bits(fma(f64_host(a), f64_host(b), f64_host(c)));
        if (f64_res_ok(r))
            return r;
    }
    return muladd64_slow(c, a, b, fpcr, fpsr);
}

uint32_t fpu_recps32(uint32_t a, uint32_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return (uint32_t)soft_step(32, a, b, false, fpcr, fpsr);
}
uint64_t fpu_recps64(uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return soft_step(64, a, b, false, fpcr, fpsr);
}
uint32_t fpu_rsqrts32(uint32_t a, uint32_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return (uint32_t)soft_step(32, a, b, true, fpcr, fpsr);
}
uint64_t fpu_rsqrts64(uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return soft_step(64, a, b, true, fpcr, fpsr);
}

/* FABD: FPAbs(FPSub(a, b)); the absolute value applies to a NaN result too. */
uint32_t fpu_abd32(uint32_t a, uint32_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return fpu_sub32(a, b, fpcr, fpsr) & 0x7fffffffu;
}
uint64_t fpu_abd64(uint64_t a, uint64_t b, uint32_t fpcr, uint32_t *fpsr)
{
    return fpu_sub64(a, b, fpcr, fpsr) & 0x7fffffffffffffffull;
}
