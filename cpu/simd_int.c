/* simd_int.c - Advanced SIMD integer arithmetic on same-size elements:
 * the "three same" integer class (vector and scalar), its by-element forms
 * (MUL/MLA/MLS/SQDMULH/SQRDMULH by element), and the integer "two-register
 * miscellaneous" operations that keep the element size.
 *
 * Op names end in the element size in bits (add8 .. add64); the decoder
 * picks OP_<name>8 + size. Two families (simd.h):
 *   pure ops compute all 16 bytes and mask the result (imm, imm2);
 *   saturating ops (FPSR.QC) compute op->b lanes into a zeroed result.
 * By-element ops read the element Vm[op->a] once (VecElem of the Arm
 * pseudocode's "by element" forms) and use it for every lane.
 */
#include "simd.h"
#include "simd_lane.h"

#define ONES(c) ((U) - (U)(c)) /* all ones when c, else zero (compare results) */

/* Absolute difference of two elements as an unsigned value (AbsDiff). */
#define ABSD_S(n, m) ((S)(n) > (S)(m) ? (U)((n) - (m)) : (U)((m) - (n)))
#define ABSD_U(n, m) ((n) > (m) ? (U)((n) - (m)) : (U)((m) - (n)))

DEF_PURE2_ALL(v_add, n + m)
DEF_PURE2_ALL(v_sub, n - m)
DEF_PURE2_ALL(v_mul, (uint64_t)n * m)
DEF_PURE2_ALL(v_mla, d + (uint64_t)n * m)
DEF_PURE2_ALL(v_mls, d - (uint64_t)n * m)
DEF_PURE2_ALL(v_cmgt, ONES((S)n > (S)m))
DEF_PURE2_ALL(v_cmhi, ONES(n > m))
DEF_PURE2_ALL(v_cmge, ONES((S)n >= (S)m))
DEF_PURE2_ALL(v_cmhs, ONES(n >= m))
DEF_PURE2_ALL(v_cmeq, ONES(n == m))
DEF_PURE2_ALL(v_cmtst, ONES((n & m) != 0))
DEF_PURE2_ALL(v_smax, (S)n > (S)m ? n : m)
DEF_PURE2_ALL(v_umax, n > m ? n : m)
DEF_PURE2_ALL(v_smin, (S)n < (S)m ? n : m)
DEF_PURE2_ALL(v_umin, n < m ? n : m)
DEF_PURE2_ALL(v_sabd, ABSD_S(n, m))
DEF_PURE2_ALL(v_uabd, ABSD_U(n, m))
DEF_PURE2_ALL(v_saba, d + ABSD_S(n, m))
DEF_PURE2_ALL(v_uaba, d + ABSD_U(n, m))
/* Halving adds/subtracts: the sum is formed with one more bit. */
DEF_PURE2_ALL(v_shadd, ((__int128)(S)n + (S)m) >> 1)
DEF_PURE2_ALL(v_uhadd, ((__int128)n + m) >> 1)
DEF_PURE2_ALL(v_srhadd, ((__int128)(S)n + (S)m + 1) >> 1)
DEF_PURE2_ALL(v_urhadd, ((__int128)n + m + 1) >> 1)
DEF_PURE2_ALL(v_shsub, ((__int128)(S)n - (S)m) >> 1)
DEF_PURE2_ALL(v_uhsub, ((__int128)n - (__int128)m) >> 1)

DEF_PURE2_ELEM(v_mul_e, 16, (uint64_t)n * m)
DEF_PURE2_ELEM(v_mul_e, 32, (uint64_t)n * m)
DEF_PURE2_ELEM(v_mla_e, 16, d + (uint64_t)n * m)
DEF_PURE2_ELEM(v_mla_e, 32, d + (uint64_t)n * m)
DEF_PURE2_ELEM(v_mls_e, 16, d - (uint64_t)n * m)
DEF_PURE2_ELEM(v_mls_e, 32, d - (uint64_t)n * m)

/* PMUL: polynomial (carry-less) multiply of bytes, low 8 bits kept. */
static inline uint8_t pmul8(uint8_t a, uint8_t b)
{
    unsigned r = 0;
    for (int i = 0; i < 8; i++)
        if (b >> i & 1)
            r ^= (unsigned)a << i;
    return (uint8_t)r;
}
DEF_PURE2(v_pmul, 8, pmul8(n, m))

/* Bitwise ops work on doublewords whatever the arrangement. */
#define DEF_BITWISE(name, EXPR)                                              \
    SIMD_HANDLER(name)                                                       \
    {                                                                        \
        const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];           \
        vreg_t *vd = &cpu->v[op->rd];                                        \
        vreg_t r;                                                            \
        for (int i = 0; i < 2; i++) {                                        \
            uint64_t n = vn->d[i], m = vm->d[i], d = vd->d[i];               \
            (void)d;                                                         \
            r.d[i] = (EXPR);                                                 \
        }                                                                    \
        return simd_put_masked(cpu, op, &r);                                 \
    }
DEF_BITWISE(v_and, n & m)
DEF_BITWISE(v_bic, n & ~m)
DEF_BITWISE(v_orr, n | m)
DEF_BITWISE(v_orn, n | ~m)
DEF_BITWISE(v_eor, n ^ m)
DEF_BITWISE(v_bsl, (d & n) | (~d & m))  /* select by Vd: n where Vd set */
DEF_BITWISE(v_bit, (m & n) | (~m & d))  /* insert n where Vm set */
DEF_BITWISE(v_bif, (~m & n) | (m & d))  /* insert n where Vm clear */

/* The common 128-bit forms without masking (decoded when Q = 1). */
SIMD_HANDLER(v_eor_q)
{
    vreg_t *d = &cpu->v[op->rd];
    const vreg_t *n = &cpu->v[op->rn], *m = &cpu->v[op->rm];
    uint64_t r0 = n->d[0] ^ m->d[0], r1 = n->d[1] ^ m->d[1];
    d->d[0] = r0;
    d->d[1] = r1;
    return op + 1;
}
SIMD_HANDLER(v_and_q)
{
    vreg_t *d = &cpu->v[op->rd];
    const vreg_t *n = &cpu->v[op->rn], *m = &cpu->v[op->rm];
    uint64_t r0 = n->d[0] & m->d[0], r1 = n->d[1] & m->d[1];
    d->d[0] = r0;
    d->d[1] = r1;
    return op + 1;
}
SIMD_HANDLER(v_orr_q)
{
    vreg_t *d = &cpu->v[op->rd];
    const vreg_t *n = &cpu->v[op->rn], *m = &cpu->v[op->rm];
    uint64_t r0 = n->d[0] | m->d[0], r1 = n->d[1] | m->d[1];
    d->d[0] = r0;
    d->d[1] = r1;
    return op + 1;
}
/* MOV Vd, Vn (ORR Vd, Vn, Vn). */
SIMD_HANDLER(v_mov)
{
    vreg_t r = cpu->v[op->rn];
    return simd_put_masked(cpu, op, &r);
}
SIMD_HANDLER(v_cmeq8_q)
{
    const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];
    vreg_t r;
    for (int i = 0; i < 16; i++)
        r.b[i] = (uint8_t)-(vn->b[i] == vm->b[i]);
    cpu->v[op->rd] = r;
    return op + 1;
}

/* ---- shifts by a register (SSHL, USHL, SRSHL, URSHL and the saturating
 * SQSHL, UQSHL, SQRSHL, UQRSHL): the shift is the signed low byte of each
 * element of Vm; negative shifts go right, optionally rounding. ---- */

static inline __int128 lane_value(uint64_t x, int bits, bool is_unsigned)
{
    if (is_unsigned)
        return (__int128)(x & simd_mask((unsigned)bits));
    return (__int128)((int64_t)(x << (64 - bits)) >> (64 - bits));
}

/* The element value of the pseudocode's
 *   element = (Int(element1, unsigned) + round_const) << shift
 * before it is truncated or saturated to esize bits. Shifts beyond the
 * element are clamped to amounts with the same outcome: a left shift of
 * esize or more leaves no low bits (and saturates unless the value is 0);
 * a right shift by more than esize + 1 gives what esize + 1 gives. */
static inline __int128 shift_reg_value(__int128 e, int shift, int bits, bool round)
{
    if (shift >= 0) {
        if (shift >= bits)
            return e == 0 ? 0 : e > 0 ? (__int128)1 << 100 : -((__int128)1 << 100);
        return e * ((__int128)1 << shift);
    }
    int s = -shift > bits + 1 ? bits + 1 : -shift;
    if (round)
        e += (__int128)1 << (s - 1);
    return e >> s;
}

#define DEF_SHL_REG(name, bits, UNS, ROUND)                                  \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];           \
        vreg_t r;                                                            \
        for (unsigned i = 0; i < 128 / (bits); i++) {                        \
            __int128 e = lane_value(EL(vn, bits, i), bits, UNS);             \
            int sh = (int8_t)EL(vm, bits, i);                                \
            EL(&r, bits, i) = (uint##bits##_t)shift_reg_value(e, sh, bits, ROUND); \
        }                                                                    \
        return simd_put_masked(cpu, op, &r);                                 \
    }
#define DEF_SHL_REG_ALL(name, UNS, ROUND) \
    DEF_SHL_REG(name, 8, UNS, ROUND) DEF_SHL_REG(name, 16, UNS, ROUND) \
    DEF_SHL_REG(name, 32, UNS, ROUND) DEF_SHL_REG(name, 64, UNS, ROUND)
DEF_SHL_REG_ALL(v_sshl, false, false)
DEF_SHL_REG_ALL(v_ushl, true, false)
DEF_SHL_REG_ALL(v_srshl, false, true)
DEF_SHL_REG_ALL(v_urshl, true, true)

/* ---- saturating ops: op->b lanes, FPSR.QC ---- */

DEF_SAT2_ALL(v_sqadd, SSAT((__int128)(S)n + (S)m))
DEF_SAT2_ALL(v_uqadd, USAT((__int128)n + m))
DEF_SAT2_ALL(v_sqsub, SSAT((__int128)(S)n - (S)m))
DEF_SAT2_ALL(v_uqsub, USAT((__int128)n - (__int128)m))
/* SUQADD: Vd (signed) + Vn (unsigned), signed saturation; USQADD the
 * other way round. */
DEF_SAT2_ALL(v_suqadd, SSAT((__int128)(S)d + n))
DEF_SAT2_ALL(v_usqadd, USAT((__int128)d + (S)n))
DEF_SAT2_ALL(v_sqshl, SSAT(shift_reg_value((S)n, (int8_t)m, BITS_OF(U), false)))
DEF_SAT2_ALL(v_uqshl, USAT(shift_reg_value(n, (int8_t)m, BITS_OF(U), false)))
DEF_SAT2_ALL(v_sqrshl, SSAT(shift_reg_value((S)n, (int8_t)m, BITS_OF(U), true)))
DEF_SAT2_ALL(v_uqrshl, USAT(shift_reg_value(n, (int8_t)m, BITS_OF(U), true)))

/* SQDMULH / SQRDMULH: high half of the doubled product, optionally
 * rounded, saturated (only -min * -min overflows). */
#define DMULH(n, m) SSAT((2 * (__int128)(S)(n) * (S)(m)) >> BITS_OF(U))
#define RDMULH(n, m) SSAT((2 * (__int128)(S)(n) * (S)(m) + ((__int128)1 << (BITS_OF(U) - 1))) >> BITS_OF(U))
DEF_SAT2(v_sqdmulh, 16, DMULH(n, m))
DEF_SAT2(v_sqdmulh, 32, DMULH(n, m))
DEF_SAT2(v_sqrdmulh, 16, RDMULH(n, m))
DEF_SAT2(v_sqrdmulh, 32, RDMULH(n, m))
DEF_SAT2_ELEM(v_sqdmulh_e, 16, DMULH(n, m))
DEF_SAT2_ELEM(v_sqdmulh_e, 32, DMULH(n, m))
DEF_SAT2_ELEM(v_sqrdmulh_e, 16, RDMULH(n, m))
DEF_SAT2_ELEM(v_sqrdmulh_e, 32, RDMULH(n, m))

/* Saturating unary ops (SQABS, SQNEG). */
DEF_SAT2_ALL(v_sqabs, SSAT((S)n < 0 ? -(__int128)(S)n : (__int128)(S)n))
DEF_SAT2_ALL(v_sqneg, SSAT(-(__int128)(S)n))

/* ---- unary pure ops ---- */

DEF_PURE1_ALL(v_abs, (S)n < 0 ? (U)-n : n)
DEF_PURE1_ALL(v_neg, (U)-n)
DEF_PURE1_ALL(v_cmgt0, ONES((S)n > 0))
DEF_PURE1_ALL(v_cmge0, ONES((S)n >= 0))
DEF_PURE1_ALL(v_cmeq0, ONES(n == 0))
DEF_PURE1_ALL(v_cmle0, ONES((S)n <= 0))
DEF_PURE1_ALL(v_cmlt0, ONES((S)n < 0))

/* CountLeadingZeroBits / CountLeadingSignBits of an element. */
static inline unsigned clz_bits(uint64_t x, unsigned bits)
{
    return x == 0 ? bits : (unsigned)__builtin_clzll(x) - (64 - bits);
}
DEF_PURE1(v_clz, 8, clz_bits(n, 8))
DEF_PURE1(v_clz, 16, clz_bits(n, 16))
DEF_PURE1(v_clz, 32, clz_bits(n, 32))
DEF_PURE1(v_cls, 8, clz_bits((uint8_t)(n ^ (U)((S)n >> 7)), 8) - 1)
DEF_PURE1(v_cls, 16, clz_bits((uint16_t)(n ^ (U)((S)n >> 15)), 16) - 1)
DEF_PURE1(v_cls, 32, clz_bits((uint32_t)(n ^ (U)((S)n >> 31)), 32) - 1)
/* CNT: per-byte population counts, SWAR on doublewords (no per-byte
 * popcount calls on hosts without a popcount instruction). */
SIMD_HANDLER(v_cnt8)
{
    vreg_t r = cpu->v[op->rn];
    for (int i = 0; i < 2; i++) {
        uint64_t x = r.d[i];
        x = x - (x >> 1 & 0x5555555555555555ull);
        x = (x & 0x3333333333333333ull) + (x >> 2 & 0x3333333333333333ull);
        r.d[i] = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    }
    return simd_put_masked(cpu, op, &r);
}
static inline uint8_t rbit8(uint8_t x)
{
    x = (uint8_t)((x & 0xf0) >> 4 | (x & 0x0f) << 4);
    x = (uint8_t)((x & 0xcc) >> 2 | (x & 0x33) << 2);
    return (uint8_t)((x & 0xaa) >> 1 | (x & 0x55) << 1);
}
DEF_PURE1(v_rbit, 8, rbit8(n))

SIMD_HANDLER(v_not)
{
    vreg_t r = cpu->v[op->rn];
    r.d[0] = ~r.d[0];
    r.d[1] = ~r.d[1];
    return simd_put_masked(cpu, op, &r);
}

/* REV16/REV32/REV64: reverse the elements of size op->a bytes within each
 * container of op->c bytes (op->c > op->a). */
SIMD_HANDLER(v_rev)
{
    const vreg_t *vn = &cpu->v[op->rn];
    vreg_t r;
    unsigned es = op->a, cs = op->c;
    for (unsigned i = 0; i < 16; i += cs)
        for (unsigned j = 0; j < cs; j += es)
            for (unsigned k = 0; k < es; k++)
                r.b[i + j + k] = vn->b[i + cs - es - j + k];
    return simd_put_masked(cpu, op, &r);
}
/* REV64 of bytes, the common case (byte-swapping 64-bit words). */
SIMD_HANDLER(v_rev64_8)
{
    vreg_t r = cpu->v[op->rn];
    r.d[0] = __builtin_bswap64(r.d[0]);
    r.d[1] = __builtin_bswap64(r.d[1]);
    return simd_put_masked(cpu, op, &r);
}
