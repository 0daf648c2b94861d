/* fpu.h - IEEE 754 arithmetic with the Arm rules (the pseudocode's FPAdd,
 * FPMul, FPMulAdd, FPDiv, FPSqrt, FPCompare, FPMax/Min(NM), FPRecipEstimate,
 * FPRSqrtEstimate, FPRecipStepFused, FPRSqrtStepFused, FPRecpX, FPRoundInt,
 * FPToFixed, FixedToFP, FPConvert).
 *
 * Values travel as raw bit patterns (uint16_t/uint32_t/uint64_t for half,
 * single, double), so no host floating-point state leaks in or out. Every
 * function takes the guest's FPCR (rounding mode, FZ, DN, AHP) and ORs the
 * cumulative exception flags it raises into *fpsr (IOC, DZC, OFC, UFC, IXC,
 * IDC in FPSR bits 0-4 and 7). Scalar FP (fp_*.c) and vector FP
 * (simd_*.c) both call these: one place implements each rule.
 */
#ifndef TINYVM_CPU_FPU_H
#define TINYVM_CPU_FPU_H

#include <stdbool.h>
#include <stdint.h>

/* FPSR cumulative flag bits. */
enum {
    FPSR_IOC = 1u << 0, FPSR_DZC = 1u << 1, FPSR_OFC = 1u << 2,
    FPSR_UFC = 1u << 3, FPSR_IXC = 1u << 4, FPSR_IDC = 1u << 7,
    FPSR_QC = 1u << 27,
};
/* FPCR fields. */
enum {
    FPCR_AHP = 1u << 26, FPCR_DN = 1u << 25, FPCR_FZ = 1u << 24,
    FPCR_RMODE_SHIFT = 22,
};
/* Rounding modes (FPCR.RMode values, plus ties-away for FCVTA/FRINTA and
 * round-to-odd for FCVTXN). */
typedef enum {
    FPROUND_TIEEVEN = 0, FPROUND_POSINF = 1, FPROUND_NEGINF = 2, FPROUND_ZERO = 3,
    FPROUND_TIEAWAY = 4, FPROUND_ODD = 5,
} fpround_t;

static inline fpround_t fpcr_rounding(uint32_t fpcr)
{
    return (fpround_t)((fpcr >> FPCR_RMODE_SHIFT) & 3);
}

/* Binary arithmetic: T fpu_<op><bits>(T a, T b, uint32_t fpcr, uint32_t *fpsr). */
#define FPU_DECLARE_BINARY(bits, T)                                                \
    T fpu_add##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr);                      \
    T fpu_sub##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr);                      \
    T fpu_mul##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr);                      \
    T fpu_mulx##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr); /* FMULX */         \
    T fpu_div##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr);                      \
    T fpu_max##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr);                      \
    T fpu_min##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr);                      \
    T fpu_maxnm##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr);                    \
    T fpu_minnm##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr);                    \
    T fpu_abd##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr); /* |a - b| */        \
    T fpu_recps##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr); /* 2 - a*b, fused */ \
    T fpu_rsqrts##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr); /* (3 - a*b)/2 */ \
    /* a + n*m with one rounding (FMADD; FMSUB/FNMADD/FNMSUB negate operands    \
     * first: the negation is exact and never signals). */                        \
    T fpu_muladd##bits(T addend, T n, T m, uint32_t fpcr, uint32_t *fpsr);        \
    T fpu_sqrt##bits(T a, uint32_t fpcr, uint32_t *fpsr);                          \
    T fpu_recpe##bits(T a, uint32_t fpcr, uint32_t *fpsr);                         \
    T fpu_rsqrte##bits(T a, uint32_t fpcr, uint32_t *fpsr);                        \
    T fpu_recpx##bits(T a, uint32_t fpcr, uint32_t *fpsr);                         \
    /* FRINT*: round to an integral value; exact = FRINTX (signals inexact). */   \
    T fpu_round_int##bits(T a, fpround_t mode, bool exact, uint32_t fpcr, uint32_t *fpsr); \
    /* FCMP/FCMPE: NZCV in bits 31:28; signaling = FCMPE (any NaN -> IOC). */     \
    uint32_t fpu_compare##bits(T a, T b, bool signaling, uint32_t fpcr, uint32_t *fpsr); \
    /* Vector compares (FCMEQ quiet; FCMGE/FCMGT/FACGE/FACGT signaling). */       \
    bool fpu_cmp_eq##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr);               \
    bool fpu_cmp_ge##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr);               \
    bool fpu_cmp_gt##bits(T a, T b, uint32_t fpcr, uint32_t *fpsr);               \
    /* FPToFixed: to a signed/unsigned integer of 32 or 64 bits with fbits       \
     * fraction bits, saturating, NaN -> 0 (IOC). The result is the int_bits-wide \
     * pattern, zero-extended to 64 bits. */                                      \
    uint64_t fpu_to_int##bits(T a, int fbits, bool is_unsigned, int int_bits, fpround_t mode, \
                              uint32_t fpcr, uint32_t *fpsr);                     \
    /* FixedToFP: from a signed/unsigned 64-bit value with fbits fraction bits  \
     * (a 32-bit source is sign- or zero-extended by the caller first). */         \
    T fpu_from_int##bits(uint64_t v, int fbits, bool is_unsigned, fpround_t mode, \
                         uint32_t fpcr, uint32_t *fpsr);

FPU_DECLARE_BINARY(32, uint32_t)
FPU_DECLARE_BINARY(64, uint64_t)

/* FPConvert between precisions (FCVT). Half precision uses FPCR.AHP for the
 * alternative format; f64 -> f32 with FPROUND_ODD is FCVTXN. */
uint32_t fpu_f16_to_f32(uint16_t a, uint32_t fpcr, uint32_t *fpsr);
uint64_t fpu_f16_to_f64(uint16_t a, uint32_t fpcr, uint32_t *fpsr);
uint16_t fpu_f32_to_f16(uint32_t a, uint32_t fpcr, uint32_t *fpsr);
uint16_t fpu_f64_to_f16(uint64_t a, uint32_t fpcr, uint32_t *fpsr);
uint64_t fpu_f32_to_f64(uint32_t a, uint32_t fpcr, uint32_t *fpsr);
uint32_t fpu_f64_to_f32(uint64_t a, fpround_t mode, uint32_t fpcr, uint32_t *fpsr);

/* UnsignedRecipEstimate / UnsignedRSqrtEstimate (URECPE, URSQRTE): the same
 * estimate tables on 32-bit fixed-point inputs. */
uint32_t fpu_urecpe(uint32_t a);
uint32_t fpu_ursqrte(uint32_t a);

#endif
