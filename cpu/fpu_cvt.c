/* fpu_cvt.c - conversions of the Arm FP library: FPRoundInt (FRINT*),
 * FPToFixed (FCVT*S/U, fixed-point and integer), FixedToFP (SCVTF/UCVTF)
 * and FPConvert between half, single and double precision (FCVT, FCVTXN,
 * with the alternative half-precision format under FPCR.AHP).
 */
#include "fpu_internal.h"

/* Whether to round a magnitude up, from its discarded fraction: rem is that
 * fraction as a 64-bit binary fraction (2^63 = one half), with a sticky
 * bit in bit 0 where bits were lost. Works on magnitudes: the directed
 * modes look at the sign. */
FPU_INLINE bool round_up_mag(fpround_t mode, bool sign, uint64_t mag, uint64_t rem)
{
    const uint64_t half = 1ull << 63;
    switch (mode) {
    case FPROUND_TIEEVEN: return rem > half || (rem == half && (mag & 1));
    case FPROUND_POSINF: return rem != 0 && !sign;
    case FPROUND_NEGINF: return rem != 0 && sign;
    case FPROUND_TIEAWAY: return rem >= half;
    default: return false;
    }
}

/* Split a number (value = sig * 2^(e - 63)) into its integer magnitude
 * (saturated to 2^64 - 1 with *big when it doesn't fit) and the fraction. */
FPU_INLINE uint64_t split_int(uint64_t sig, int e, uint64_t *rem, bool *big)
{
    *big = false;
    if (e >= 64) {
        *big = true;
        *rem = 0;
        return ~0ull;
    }
    if (e >= 63) {
        *rem = 0;
        return sig;
    }
    if (e >= 0) {
        *rem = sig << (e + 1);
        return sig >> (63 - e);
    }
    *rem = shr_jam64(sig, -e - 1);
    return 0;
}

/* ---- FPRoundInt --------------------------------------------------------------- */

FPU_INLINE uint64_t soft_round_int(int n, uint64_t op, fpround_t mode, bool exact, uint32_t fpcr,
                                   uint32_t *fpsr)
{
    fpunp_t u = fp_unpack(n, op, fpcr, fpsr);
    if (u.type == FPT_QNAN || u.type == FPT_SNAN)
        return fp_process_nan(n, op, fpcr, fpsr);
    if (u.type == FPT_INF)
        return fp_inf(n, u.sign);
    if (u.type == FPT_ZERO)
        return fp_zero(n, u.sign);
    if (u.exp >= FP_F(n)) /* already integral */
        return op;
    uint64_t rem;
    bool big;
    uint64_t mag = split_int(u.sig, u.exp, &rem, &big);
    if (round_up_mag(mode, u.sign, mag, rem))
        mag++;
    if (rem != 0 && exact)
        *fpsr |= FPSR_IXC;
    if (mag == 0) /* zero keeps the operand's sign */
        return fp_zero(n, u.sign);
    /* an integer below 2^F: exact, never tiny */
    return fp_norm_round_pack(n, u.sign, 0, mag, fpcr, FPROUND_ZERO, fpsr);
}

uint32_t fpu_round_int32(uint32_t a, fpround_t mode, bool exact, uint32_t fpcr, uint32_t *fpsr)
{
    return (uint32_t)soft_round_int(32, a, mode, exact, fpcr, fpsr);
}
uint64_t fpu_round_int64(uint64_t a, fpround_t mode, bool exact, uint32_t fpcr, uint32_t *fpsr)
{
    return soft_round_int(64, a, mode, exact, fpcr, fpsr);
}

/* ---- FPToFixed ------------------------------------------------------------------ */

/* The result is the int_bits-wide two's complement pattern, zero-extended to
 * 64 bits. Out-of-range values saturate with IOC (and no IXC); NaN gives 0
 * with IOC. */
FPU_INLINE uint64_t soft_to_int(int n, uint64_t op, int fbits, bool is_unsigned, int int_bits,
                                fpround_t mode, uint32_t fpcr, uint32_t *fpsr)
{
    fpunp_t u = fp_unpack(n, op, fpcr, fpsr);
    uint64_t mask = int_bits == 64 ? ~0ull : (1ull << int_bits) - 1;
    uint64_t smax = mask >> 1; /* 2^(int_bits-1) - 1 */
    if (u.type == FPT_QNAN || u.type == FPT_SNAN) {
        *fpsr |= FPSR_IOC;
        return 0;
    }
    if (u.type == FPT_ZERO)
        return 0;
    uint64_t mag, rem = 0;
    bool big;
    if (u.type == FPT_INF) {
        mag = ~0ull;
        big = true;
    } else {
        mag = split_int(u.sig, u.exp + fbits, &rem, &big);
        if (round_up_mag(mode, u.sign, mag, rem)) {
            if (mag == ~0ull)
                big = true;
            else
                mag++;
        }
    }
    /* SatQ */
    if (is_unsigned) {
        if (u.sign && mag != 0) {
            *fpsr |= FPSR_IOC;
            return 0;
        }
        if (big || mag > mask) {
            *fpsr |= FPSR_IOC;
            return mask;
        }
    } else if (!u.sign) {
        if (big || mag > smax) {
            *fpsr |= FPSR_IOC;
            return smax;
        }
    } else {
        if (big || mag > smax + 1) {
            *fpsr |= FPSR_IOC;
            return (smax + 1) & mask; /* the most negative value */
        }
        mag = (0 - mag) & mask;
    }
    if (rem != 0)
        *fpsr |= FPSR_IXC;
    return mag;
}

/* Fast path for the C cast (FCVTZS/FCVTZU, no fraction bits): a normal or
 * zero operand comfortably inside the range truncates on the host; it was
 * inexact iff converting back differs (exact below 2^53, and above that
 * the operand is an integer). NaNs fail the range comparisons. */
FPU_INLINE bool to_int_fast(double x, bool is_unsigned, int int_bits, uint64_t *res,
                            uint32_t *fpsr)
{
    if (is_unsigned) {
        if (!(x >= 0.0 && x < (int_bits == 64 ? 0x1p64 : 0x1p32)))
            return false;
        uint64_t u = (uint64_t)x;
        if ((double)u != x)
            *fpsr |= FPSR_IXC;
        *res = u;
        return true;
    }
    double lim = int_bits == 64 ? 0x1p63 : 0x1p31;
    if (!(x > -lim && x < lim))
        return false;
    int64_t i = (int64_t)x;
    if ((double)i != x)
        *fpsr |= FPSR_IXC;
    *res = int_bits == 64 ? (uint64_t)i : (uint32_t)i;
    return true;
}

uint64_t fpu_to_int32(uint32_t a, int fbits, bool is_unsigned, int int_bits, fpround_t mode,
                      uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t r;
    if (mode == FPROUND_ZERO && fbits == 0 && ((a >> 23) & 0xff) != 0 &&
        to_int_fast((double)f32_host(a), is_unsigned, int_bits, &r, fpsr))
        return r;
    return soft_to_int(32, a, fbits, is_unsigned, int_bits, mode, fpcr, fpsr);
}
uint64_t fpu_to_int64(uint64_t a, int fbits, bool is_unsigned, int int_bits, fpround_t mode,
                      uint32_t fpcr, uint32_t *fpsr)
{
    uint64_t r;
    if (mode == FPROUND_ZERO && fbits == 0 && ((a >> 52) & 0x7ff) != 0 &&
        to_int_fast(f64_host(a), is_unsigned, int_bits, &r, fpsr))
        return r;
    return soft_to_int(64, a, fbits, is_unsigned, int_bits, mode, fpcr, fpsr);
}

/* ---- FixedToFP --------------------------------------------------------------------- */

FPU_INLINE uint64_t soft_from_int(int n, uint64_t v, int fbits, bool is_unsigned, fpround_t mode,
                                  uint32_t fpcr, uint32_t *fpsr)
{
    bool sign = !is_unsigned && (v >> 63);
    uint64_t mag = sign ? 0 - v : v;
    if (mag == 0)
        return 0; /* +0 */
    return fp_norm_round_pack(n, sign, -fbits, mag, fpcr, mode, fpsr);
}

/* Fast path: an integer of at most F+1 bits converts exactly on the host
 * (no rounding, no flags). */
uint32_t fpu_from_int32(uint64_t v, int fbits, bool is_unsigned, fpround_t mode, uint32_t fpcr,
                        uint32_t *fpsr)
{
    if (fbits == 0 && (is_unsigned ? v <= (1ull << 24) : v + (1ull << 24) <= (2ull << 24)))
        return f32_bits(is_unsigned ? (float)v : (float)(int64_t)v);
    return (uint32_t)soft_from_int(32, v, fbits, is_unsigned, mode, fpcr, fpsr);
}
uint64_t fpu_from_int64(uint64_t v, int fbits, bool is_unsigned, fpround_t mode, uint32_t fpcr,
                        uint32_t *fpsr)
{
    if (fbits == 0 && (is_unsigned ? v <= (1ull << 53) : v + (1ull << 53) <= (2ull << 53)))
        return f64_bits(is_unsigned ? (double)v : (double)(int64_t)v);
    return soft_from_int(64, v, fbits, is_unsigned, mode, fpcr, fpsr);
}

/* ---- FPConvert -------------------------------------------------------------------------- */

/* From format n to format m. A NaN keeps its sign and the top of its
 * payload (FPConvertNaN) unless FPCR.DN; converting to the alternative half
 * format, which has no NaN or Inf, gives zero / the largest value with IOC. */
FPU_INLINE uint64_t soft_convert(int m, int n, uint64_t op, fpround_t mode, uint32_t fpcr,
                                 uint32_t *fpsr)
{
    bool alt_hp = m == 16 && (fpcr & FPCR_AHP);
    fpunp_t u = fp_unpack(n, op, fpcr, fpsr);
    if (u.type == FPT_QNAN || u.type == FPT_SNAN) {
        uint64_t r;
        if (alt_hp)
            r = fp_zero(m, u.sign);
        else if (fpcr & FPCR_DN)
            r = fp_default_nan(m);
        else {
            uint64_t frac = op & FP_FRAC_MASK(n);
            frac = FP_F(m) > FP_F(n) ? frac << (FP_F(m) - FP_F(n)) : frac >> (FP_F(n) - FP_F(m));
            r = fp_inf(m, u.sign) | FP_QUIET_BIT(m) | frac;
        }
        if (u.type == FPT_SNAN || alt_hp)
            *fpsr |= FPSR_IOC;
        return r;
    }
    if (u.type == FPT_INF) {
        if (alt_hp) {
            *fpsr |= FPSR_IOC;
            return fp_zero(m, u.sign) | 0x7fff;
        }
        return fp_inf(m, u.sign);
    }
    if (u.type == FPT_ZERO)
        return fp_zero(m, u.sign);
    return fp_round_pack(m, u.sign, u.exp, u.sig, fpcr, mode, fpsr);
}

uint32_t fpu_f16_to_f32(uint16_t a, uint32_t fpcr, uint32_t *fpsr)
{
    return (uint32_t)soft_convert(32, 16, a, fpcr_rounding(fpcr), fpcr, fpsr);
}
uint64_t fpu_f16_to_f64(uint16_t a, uint32_t fpcr, uint32_t *fpsr)
{
    return soft_convert(64, 16, a, fpcr_rounding(fpcr), fpcr, fpsr);
}
uint16_t fpu_f32_to_f16(uint32_t a, uint32_t fpcr, uint32_t *fpsr)
{
    return (uint16_t)soft_convert(16, 32, a, fpcr_rounding(fpcr), fpcr, fpsr);
}
uint16_t fpu_f64_to_f16(uint64_t a, uint32_t fpcr, uint32_t *fpsr)
{
    return (uint16_t)soft_convert(16, 64, a, fpcr_rounding(fpcr), fpcr, fpsr);
}
/* Fast paths: widening a normal number is exact; narrowing one to a normal
 * result in round-to-nearest is the host's conversion, inexact iff it
 * doesn't convert back. */
uint64_t fpu_f32_to_f64(uint32_t a, uint32_t fpcr, uint32_t *fpsr)
{
    if (((a >> 23) & 0xff) - 1u < 0xfeu)
        return f64_bits((double)f32_host(a));
    return soft_convert(64, 32, a, fpcr_rounding(fpcr), fpcr, fpsr);
}
uint32_t fpu_f64_to_f32(uint64_t a, fpround_t mode, uint32_t fpcr, uint32_t *fpsr)
{
    if (mode == FPROUND_TIEEVEN && ((a >> 52) & 0x7ff) - 1u < 0x7feu) {
        double x = f64_host(a);
        float r = (float)x;
        if (f32_res_ok(f32_bits(r))) {
            if ((double)r != x)
                *fpsr |= FPSR_IXC;
            return f32_bits(r);
        }
    }
    return (uint32_t)soft_convert(32, 64, a, mode, fpcr, fpsr);
}
