/* simd_decode.c - the SIMD&FP encoding group (op0 = x111).
 * The scalar floating-point classes (bit 30 = 0, bit 28 = 1) are decoded by
 * fp_scalar.c. The Advanced SIMD classes are UNDEFINED until the SIMD work
 * lands (ID_AA64PFR0_EL1.AdvSIMD says not implemented). */
#include "decode.h"
#include "fp.h"

bool decode_simd_fp(dc_t *dc, uint32_t insn, op_t *op)
{
    if (bits(insn, 30, 1) == 0 && bits(insn, 28, 1) == 1)
        return decode_fp_scalar(dc, insn, op);
    return false;
}
