/* simd_decode.c - the SIMD&FP encoding group (op0 = x111). TEMPORARY: every
 * encoding is UNDEFINED until the FP/SIMD work lands, which matches the ID
 * registers (ID_AA64PFR0_EL1.FP = AdvSIMD = 0xF, not implemented). */
#include "decode.h"

bool decode_simd_fp(dc_t *dc, uint32_t insn, op_t *op)
{
    (void)dc; (void)insn; (void)op;
    return false;
}
