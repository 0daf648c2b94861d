/* simd_shift.c - Advanced SIMD shifts by immediate that keep the element
 * size (vector and scalar): SSHR/USHR, SSRA/USRA, SRSHR/URSHR, SRSRA/URSRA,
 * SRI, SHL, SLI, SQSHL/UQSHL/SQSHLU (immediate). The narrowing and
 * lengthening shifts are in simd_wide.c, the shifts by register in
 * simd_int.c.
 *
 * Operands: a = the shift amount (1..esize for right shifts, 0..esize-1 for
 * left shifts), the pure ones mask with imm/imm2, the saturating ones do
 * op->b lanes (simd.h).
 */
#include "simd.h"
#include "simd_lane.h"

/* Shift-amount-parameterised variants of the simd_lane.h generators. */
#define DEF_SHIFT(name, bits, EXPR)                                          \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        LANE_TYPES(bits);                                                    \
        const vreg_t *vn = &cpu->v[op->rn], *vd = &cpu->v[op->rd];           \
        unsigned sh = op->a;                                                 \
        vreg_t r;                                                            \
        for (unsigned i = 0; i < 128 / (bits); i++) {                        \
            U n = EL(vn, bits, i), d = EL(vd, bits, i);                      \
            (void)d;                                                         \
            EL(&r, bits, i) = (U)(EXPR);                                     \
        }                                                                    \
        return simd_put_masked(cpu, op, &r);                                 \
    }
#define DEF_SHIFT_ALL(name, EXPR) \
    DEF_SHIFT(name, 8, EXPR) DEF_SHIFT(name, 16, EXPR) DEF_SHIFT(name, 32, EXPR) DEF_SHIFT(name, 64, EXPR)

#define DEF_SHIFT_SAT(name, bits, EXPR)                                      \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        LANE_TYPES(bits);                                                    \
        const vreg_t *vn = &cpu->v[op->rn];                                  \
        unsigned sh = op->a;                                                 \
        vreg_t r = { .d = { 0, 0 } };                                        \
        bool qc = false;                                                     \
        for (unsigned i = 0; i < op->b; i++) {                               \
            U n = EL(vn, bits, i);                                           \
            EL(&r, bits, i) = (U)(EXPR);                                     \
        }                                                                    \
        if (qc)                                                              \
            simd_set_qc(cpu);                                                \
        cpu->v[op->rd] = r;                                                  \
        return op + 1;                                                       \
    }
#define DEF_SHIFT_SAT_ALL(name, EXPR) \
    DEF_SHIFT_SAT(name, 8, EXPR) DEF_SHIFT_SAT(name, 16, EXPR) \
    DEF_SHIFT_SAT(name, 32, EXPR) DEF_SHIFT_SAT(name, 64, EXPR)

/* Right shifts by 1..esize: in two steps (sh - 1, then 1), so that a
 * shift by the whole element is defined C and every lane shifts by the same
 * amount (the compiler vectorises the loop). Rounding (RShr) adds
 * 2^(sh-1) before shifting: (x + 2^(sh-1)) >> sh = (x >> sh) + bit sh-1 of
 * x, exactly and without the carry out of the element. */
#define SAR(x) (U)(((S)(x) >> (sh - 1)) >> 1)
#define SHR(x) (U)(((U)(x) >> (sh - 1)) >> 1)
#define RBIT(x) (U)(((U)(x) >> (sh - 1)) & 1)
#define RSAR(x) (U)(SAR(x) + RBIT(x))
#define RSHR(x) (U)(SHR(x) + RBIT(x))

DEF_SHIFT_ALL(v_sshr, SAR(n))
DEF_SHIFT_ALL(v_ushr, SHR(n))
DEF_SHIFT_ALL(v_ssra, d + (U)SAR(n))
DEF_SHIFT_ALL(v_usra, d + (U)SHR(n))
DEF_SHIFT_ALL(v_srshr, RSAR(n))
DEF_SHIFT_ALL(v_urshr, RSHR(n))
DEF_SHIFT_ALL(v_srsra, d + (U)RSAR(n))
DEF_SHIFT_ALL(v_ursra, d + (U)RSHR(n))
/* SRI: the top sh bits of each element of Vd stay. */
DEF_SHIFT_ALL(v_sri, (d & ~(U)SHR((U)-1)) | (U)SHR(n))
DEF_SHIFT_ALL(v_shl, (uint64_t)n << sh)
/* SLI: the low sh bits of each element of Vd stay. */
DEF_SHIFT_ALL(v_sli, (d & (U)~((uint64_t)(U)-1 << sh)) | (U)((uint64_t)n << sh))

DEF_SHIFT_SAT_ALL(v_sqshli, SSAT((__int128)(S)n * ((__int128)1 << sh)))
DEF_SHIFT_SAT_ALL(v_uqshli, USAT((__int128)n << sh))
DEF_SHIFT_SAT_ALL(v_sqshlu, USAT((__int128)(S)n * ((__int128)1 << sh)))
