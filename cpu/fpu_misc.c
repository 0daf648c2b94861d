/* fpu_misc.c - the rest of the Arm FP library: FPCompare (scalar and the
 * vector compare forms), FPMax/FPMin/FPMaxNum/FPMinNum, FPRecipEstimate,
 * FPRSqrtEstimate, FPRecpX and the unsigned estimates (URECPE, URSQRTE).
 */
#include "fpu_internal.h"

/* ---- ordering of unpacked non-NaN values ------------------------------------ */

/* A signed key that orders every non-NaN value: zeros (of either sign) are
 * 0, numbers grow with (exp, sig), Inf is beyond every number. */
FPU_INLINE __int128 order_key(const fpunp_t *u)
{
    __int128 mag;
    if (u->type == FPT_ZERO)
        return 0;
    if (u->type == FPT_INF)
        mag = (__int128)1 << 100;
    else
        mag = ((__int128)(u->exp + 4096) << 64) | u->sig;
    return u->sign ? -mag : mag;
}

/* ---- FPCompare ---------------------------------------------------------------- */

/* Result: -1 (less), 0 (equal), 1 (greater), 2 (unordered); IOC for a
 * signalling NaN, or any NaN when signaling. */
FPU_INLINE int soft_cmp(int n, uint64_t a, uint64_t b, bool signaling, uint32_t fpcr, uint32_t *fpsr)
{
    /* Fast path: no NaN, and no denormal that FZ would flush (with IDC):
     * the host's comparison is exact and raises nothing. */
    if (!fp_is_nan(n, a) && !fp_is_nan(n, b) &&
        (!(fpcr & FPCR_FZ) || ((fp_exp_field(n, a) != 0 || !(a & FP_FRAC_MASK(n))) &&
                               (fp_exp_field(n, b) != 0 || !(b & FP_FRAC_MASK(n)))))) {
        if (n == 32) {
            float x = f32_host((uint32_t)a), y = f32_host((uint32_t)b);
            return x < y ? -1 : x > y;
        }
        double x = f64_host(a), y = f64_host(b);
        return x < y ? -1 : x > y;
    }
    fpunp_t ua = fp_unpack(n, a, fpcr, fpsr), ub = fp_unpack(n, b, fpcr, fpsr);
    if (ua.type >= FPT_QNAN || ub.type >= FPT_QNAN) {
        if (signaling || ua.type == FPT_SNAN || ub.type == FPT_SNAN)
            *fpsr |= FPSR_IOC;
        return 2;
    }
    __int128 ka = order_key(&ua), kb = order_key(&ub);
    return ka == kb ? 0 : ka < kb ? -1 : 1;
}

/* FPCompare's NZCV: equal 0110, less 1000, greater 0010, unordered 0011. */
static const uint32_t cmp_nzcv[4] = { 0x80000000u, 0x60000000u, 0x20000000u, 0x30000000u };

#define DEF_COMPARE(n, T)                                                                  \
    uint32_t fpu_compare##n(T a, T b, bool signaling, uint32_t fpcr, uint32_t *fpsr)      \
    {                                                                                      \
        return cmp_nzcv[soft_cmp(n, a, b, signaling, fpcr, fpsr) + 1];                     \
    }                                                                                      \
    /* FPCompareEQ: quiet (IOC for signalling NaNs only). */                                \
    bool fpu_cmp_eq##n(T a, T b, uint32_t fpcr, uint32_t *fpsr)                            \
    {                                                                                      \
        return soft_cmp(n, a, b, false, fpcr, fpsr) == 0;                                   \
    }                                                                                      \
    /* FPCompareGE / FPCompareGT: any NaN raises IOC. */                                    \
    bool fpu_cmp_ge##n(T a, T b, uint32_t fpcr, uint32_t *fpsr)                            \
    {                                                                                      \
        int r = soft_cmp(n, a, b, true, fpcr, fpsr);                                        \
        return r == 0 || r == 1;                                                           \
    }                                                                                      \
    bool fpu_cmp_gt##n(T a, T b, uint32_t fpcr, uint32_t *fpsr)                            \
    {                                                                                      \
        return soft_cmp(n, a, b, true, fpcr, fpsr) == 1;                                    \
    }
DEF_COMPARE(32, uint32_t)
DEF_COMPARE(64, uint64_t)

/* ---- FPMax / FPMin / FPMaxNum / FPMinNum ---------------------------------------- */

FPU_INLINE uint64_t soft_minmax(int n, uint64_t a, uint64_t b, bool is_max, bool num,
                                uint32_t fpcr, uint32_t *fpsr)
{
    if (num) {
        /* FPMaxNum/FPMinNum: a quiet NaN against anything that isn't one
         * becomes the infinity that loses (a signalling NaN still wins
         * below, through FPProcessNaNs). */
        bool qa = fp_is_nan(n, a) && !fp_is_snan(n, a);
        bool qb = fp_is_nan(n, b) && !fp_is_snan(n, b);
        if (qa && !qb)
            a = fp_inf(n, is_max);
        else if (!qa && qb)
            b = fp_inf(n, is_max);
    }
    fpunp_t ua = fp_unpack(n, a, fpcr, fpsr), ub = fp_unpack(n, b, fpcr, fpsr);
    uint64_t res;
    if (fp_process_nans(n, &ua, &ub, a, b, fpcr, fpsr, &res))
        return res;
    __int128 ka = order_key(&ua), kb = order_key(&ub);
    bool take_a = is_max ? ka > kb : ka < kb;
    const fpunp_t *u = take_a ? &ua : &ub;
    if (u->type == FPT_ZERO) /* max: +0 unless both -0; min: -0 if either is */
        return fp_zero(n, is_max ? (ua.sign && ub.sign) : (ua.sign || ub.sign));
    /* A number or Inf comes back unchanged: FPRound of it is exact (a
     * denormal reaching here was not flushed, so FZ is 0). */
    return take_a ? a : b;
}

#define DEF_MINMAX(n, T)                                                                   \
    T fpu_max##n(T a, T b, uint32_t fpcr, uint32_t *fpsr)                                  \
    {                                                                                      \
        return (T)soft_minmax(n, a, b, true, false, fpcr, fpsr);                           \
    }                                                                                      \
    T fpu_min##n(T a, T b, uint32_t fpcr, uint32_t *fpsr)                                  \
    {                                                                                      \
        return (T)soft_minmax(n, a, b, false, false, fpcr, fpsr);                          \
    }                                                                                      \
    T fpu_maxnm##n(T a, T b, uint32_t fpcr, uint32_t *fpsr)                                \
    {                                                                                      \
        return (T)soft_minmax(n, a, b, true, true, fpcr, fpsr);                            \
    }                                                                                      \
    T fpu_minnm##n(T a, T b, uint32_t fpcr, uint32_t *fpsr)                                \
    {                                                                                      \
        return (T)soft_minmax(n, a, b, false, true, fpcr, fpsr);                           \
    }
DEF_MINMAX(32, uint32_t)
DEF_MINMAX(64, uint64_t)

/* ---- estimate tables ------------------------------------------------------------ */

/* RecipEstimate(a) - 256 for a = 256..511, and RecipSqrtEstimate(a) - 256
 * for a = 128..511, computed with the pseudocode's integer algorithms:
 *   RecipEstimate:     a = 2a+1; b = 2^19 DIV a; r = (b+1) DIV 2
 *   RecipSqrtEstimate: a < 256 ? a = 2a+1 : a = 2((a>>1<<1)+1);
 *                      b = largest b >= 512 with a(b+1)^2 < 2^28 ... b+1;
 *                      r = (b+1) DIV 2
 * (tests/unit/test_fpu.c recomputes both and compares.) */
const uint8_t fpu_recip_estimate_table[256] = {
    255, 253, 251, 249, 247, 245, 243, 241, 240, 238, 236, 234, 232, 230, 229, 227,
    225, 223, 221, 220, 218, 216, 215, 213, 211, 210, 208, 206, 205, 203, 201, 200,
    198, 197, 195, 194, 192, 191, 189, 188, 186, 185, 183, 182, 180, 179, 177, 176,
    174, 173, 172, 170, 169, 167, 166, 165, 163, 162, 161, 159, 158, 157, 156, 154,
    153, 152, 150, 149, 148, 147, 145, 144, 143, 142, 141, 139, 138, 137, 136, 135,
    134, 132, 131, 130, 129, 128, 127, 126, 124, 123, 122, 121, 120, 119, 118, 117,
    116, 115, 114, 113, 112, 111, 110, 109, 108, 107, 106, 105, 104, 103, 102, 101,
    100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 89, 88, 88, 87, 86,
    85, 84, 83, 82, 81, 81, 80, 79, 78, 77, 76, 75, 75, 74, 73, 72,
    71, 70, 70, 69, 68, 67, 66, 66, 65, 64, 63, 63, 62, 61, 60, 59,
    59, 58, 57, 56, 56, 55, 54, 53, 53, 52, 51, 51, 50, 49, 48, 48,
    47, 46, 46, 45, 44, 44, 43, 42, 42, 41, 40, 40, 39, 38, 38, 37,
    36, 36, 35, 34, 34, 33, 32, 32, 31, 30, 30, 29, 29, 28, 27, 27,
    26, 26, 25, 24, 24, 23, 23, 22, 21, 21, 20, 20, 19, 18, 18, 17,
    17, 16, 16, 15, 15, 14, 13, 13, 12, 12, 11, 11, 10, 10, 9, 9,
    8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0,
};
const uint8_t fpu_rsqrt_estimate_table[384] = {
    255, 253, 251, 249, 247, 245, 243, 242, 240, 238, 236, 234, 233, 231, 229, 228,
    226, 224, 223, 221, 219, 218, 216, 215, 213, 212, 210, 209, 207, 206, 204, 203,
    201, 200, 198, 197, 196, 194, 193, 192, 190, 189, 188, 186, 185, 184, 183, 181,
    180, 179, 178, 176, 175, 174, 173, 172, 170, 169, 168, 167, 166, 165, 164, 163,
    162, 160, 159, 158, 157, 156, 155, 154, 153, 152, 151, 150, 149, 148, 147, 146,
    145, 144, 143, 142, 141, 140, 140, 139, 138, 137, 136, 135, 134, 133, 132, 131,
    131, 130, 129, 128, 127, 126, 126, 125, 124, 123, 122, 121, 121, 120, 119, 118,
    118, 117, 116, 115, 114, 114, 113, 112, 111, 111, 110, 109, 109, 108, 107, 106,
    105, 105, 104, 104, 103, 103, 101, 101, 100, 100, 99, 99, 97, 97, 96, 96,
    95, 95, 93, 93, 92, 92, 91, 91, 90, 90, 88, 88, 87, 87, 86, 86,
    85, 85, 84, 84, 82, 82, 81, 81, 80, 80, 79, 79, 78, 78, 77, 77,
    76, 76, 75, 75, 74, 74, 72, 72, 71, 71, 70, 70, 69, 69, 68, 68,
    67, 67, 66, 66, 65, 65, 64, 64, 63, 63, 62, 62, 61, 61, 60, 60,
    60, 60, 59, 59, 58, 58, 57, 57, 56, 56, 55, 55, 54, 54, 53, 53,
    52, 52, 51, 51, 51, 51, 50, 50, 49, 49, 48, 48, 47, 47, 46, 46,
    46, 46, 45, 45, 44, 44, 43, 43, 42, 42, 42, 42, 41, 41, 40, 40,
    39, 39, 38, 38, 38, 38, 37, 37, 36, 36, 35, 35, 35, 35, 34, 34,
    33, 33, 33, 33, 32, 32, 31, 31, 30, 30, 30, 30, 29, 29, 28, 28,
    28, 28, 27, 27, 26, 26, 26, 26, 25, 25, 24, 24, 24, 24, 23, 23,
    22, 22, 22, 22, 21, 21, 20, 20, 20, 20, 19, 19, 19, 19, 18, 18,
    17, 17, 17, 17, 16, 16, 16, 16, 15, 15, 14, 14, 14, 14, 13, 13,
    13, 13, 12, 12, 11, 11, 11, 11, 10, 10, 10, 10, 9, 9, 9, 9,
    8, 8, 8, 8, 7, 7, 6, 6, 6, 6, 5, 5, 5, 5, 4, 4,
    4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0,
};

static inline unsigned recip_estimate(unsigned a) { return 256 + fpu_recip_estimate_table[a - 256]; }
static inline unsigned rsqrt_estimate(unsigned a) { return 256 + fpu_rsqrt_estimate_table[a - 128]; }

/* ---- FPRecipEstimate ---------------------------------------------------------------- */

FPU_INLINE uint64_t soft_recpe(int n, uint64_t op, uint32_t fpcr, uint32_t *fpsr)
{
    const int F = FP_F(n);
    fpunp_t u = fp_unpack(n, op, fpcr, fpsr);
    if (u.type == FPT_QNAN || u.type == FPT_SNAN)
        return fp_process_nan(n, op, fpcr, fpsr);
    if (u.type == FPT_INF)
        return fp_zero(n, u.sign);
    if (u.type == FPT_ZERO) {
        *fpsr |= FPSR_DZC;
        return fp_inf(n, u.sign);
    }
    /* |value| < 2^-(bias+1) (2^-128, 2^-1024): the reciprocal overflows. */
    if (u.exp < -FP_BIAS(n) - 1) {
        fpround_t mode = fpcr_rounding(fpcr);
        bool to_inf = mode == FPROUND_TIEEVEN || (mode == FPROUND_POSINF && !u.sign) ||
                      (mode == FPROUND_NEGINF && u.sign);
        *fpsr |= FPSR_OFC | FPSR_IXC;
        return to_inf ? fp_inf(n, u.sign) : fp_max_normal(n, u.sign);
    }
    /* |value| >= 2^(bias-1) (2^126, 2^1022) with FZ: the result would be
     * denormal; it is flushed (UFC). */
    if (fp_fz(n, fpcr) && u.exp >= FP_BIAS(n) - 1) {
        *fpsr |= FPSR_UFC;
        return fp_zero(n, u.sign);
    }
    /* Scale to 0.5 <= x < 1.0 in steps of 1/512 (a 52-bit fraction as in
     * the pseudocode, which works on the double-precision layout). */
    uint64_t fraction = (op & FP_FRAC_MASK(n)) << (52 - F);
    int exp = (int)fp_exp_field(n, op);
    if (exp == 0) {
        if (!(fraction >> 51 & 1)) {
            exp = -1;
            fraction = (fraction << 2) & ((1ull << 52) - 1);
        } else {
            fraction = (fraction << 1) & ((1ull << 52) - 1);
        }
    }
    unsigned scaled = 256 | (unsigned)(fraction >> 44);
    int result_exp = 2 * FP_BIAS(n) - 1 - exp; /* 253 - exp, 2045 - exp */
    unsigned est = recip_estimate(scaled);
    fraction = (uint64_t)(est & 0xff) << 44;
    if (result_exp == 0) {
        fraction = (1ull << 51) | (fraction >> 1);
    } else if (result_exp == -1) {
        fraction = (1ull << 50) | (fraction >> 2);
        result_exp = 0;
    }
    return (u.sign ? FP_SIGN(n) : 0) | ((uint64_t)result_exp << F) | (fraction >> (52 - F));
}

/* ---- FPRSqrtEstimate ------------------------------------------------------------------ */

FPU_INLINE uint64_t soft_rsqrte(int n, uint64_t op, uint32_t fpcr, uint32_t *fpsr)
{
    const int F = FP_F(n);
    fpunp_t u = fp_unpack(n, op, fpcr, fpsr);
    if (u.type == FPT_QNAN || u.type == FPT_SNAN)
        return fp_process_nan(n, op, fpcr, fpsr);
    if (u.type == FPT_ZERO) {
        *fpsr |= FPSR_DZC;
        return fp_inf(n, u.sign);
    }
    if (u.sign) {
        *fpsr |= FPSR_IOC;
        return fp_default_nan(n);
    }
    if (u.type == FPT_INF)
        return fp_zero(n, false);
    /* Scale to 0.25 <= x < 1.0 keeping the exponent's parity. */
    uint64_t fraction = (op & FP_FRAC_MASK(n)) << (52 - F);
    int exp = (int)fp_exp_field(n, op);
    if (exp == 0) {
        while (!(fraction >> 51 & 1)) {
            fraction <<= 1;
            exp--;
        }
        fraction = (fraction << 1) & ((1ull << 52) - 1);
    }
    unsigned scaled = (exp & 1) ? 128 | (unsigned)(fraction >> 45) : 256 | (unsigned)(fraction >> 44);
    /* (380 - exp) DIV 2, (3068 - exp) DIV 2: 3 * bias - 1 */
    int result_exp = (3 * FP_BIAS(n) - 1 - exp) / 2;
    unsigned est = rsqrt_estimate(scaled);
    return ((uint64_t)result_exp << F) | ((uint64_t)(est & 0xff) << (F - 8));
}

/* ---- FPRecpX ------------------------------------------------------------------------------ */

FPU_INLINE uint64_t soft_recpx(int n, uint64_t op, uint32_t fpcr, uint32_t *fpsr)
{
    fpunp_t u = fp_unpack(n, op, fpcr, fpsr); /* for IDC and the NaN type */
    if (u.type == FPT_QNAN || u.type == FPT_SNAN)
        return fp_process_nan(n, op, fpcr, fpsr);
    unsigned e = fp_exp_field(n, op), emax = FP_EMAX_FIELD(n);
    /* zeros and denormals: the largest finite exponent; else NOT(exp). */
    unsigned re = e == 0 ? emax - 1 : (~e & emax);
    return (op & FP_SIGN(n)) | ((uint64_t)re << FP_F(n));
}

#define DEF_ESTIMATES(n, T)                                                                \
    T fpu_recpe##n(T a, uint32_t fpcr, uint32_t *fpsr) { return (T)soft_recpe(n, a, fpcr, fpsr); } \
    T fpu_rsqrte##n(T a, uint32_t fpcr, uint32_t *fpsr) { return (T)soft_rsqrte(n, a, fpcr, fpsr); } \
    T fpu_recpx##n(T a, uint32_t fpcr, uint32_t *fpsr) { return (T)soft_recpx(n, a, fpcr, fpsr); }
DEF_ESTIMATES(32, uint32_t)
DEF_ESTIMATES(64, uint64_t)

/* UnsignedRecipEstimate (URECPE): inputs below 0.5 give all ones. */
uint32_t fpu_urecpe(uint32_t a)
{
    if (!(a >> 31))
        return 0xffffffffu;
    return (uint32_t)recip_estimate(a >> 23) << 23;
}

/* UnsignedRSqrtEstimate (URSQRTE): inputs below 0.25 give all ones. */
uint32_t fpu_ursqrte(uint32_t a)
{
    if (!(a >> 30))
        return 0xffffffffu;
    return (uint32_t)rsqrt_estimate(a >> 23) << 23;
}
