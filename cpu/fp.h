/* fp.h - the scalar floating-point instructions (fp_*.c).
 *
 * decode_fp_scalar() decodes the "Floating-point" classes of the A64
 * SIMD&FP group (op0 = x111 with insn<30> == 0 and insn<28> == 1):
 * conversions between FP and fixed-point or integer (incl. FMOV general),
 * data-processing with 1, 2 and 3 sources, compare, conditional compare,
 * conditional select and FMOV (immediate). decode_simd_fp() (simd_decode.c)
 * hands those encodings here; the contract is decode.h's: fill op and
 * return true (setting dc->uses_fp), or return false for an unallocated or
 * unimplemented encoding (UNDEFINED).
 */
#ifndef TINYVM_CPU_FP_H
#define TINYVM_CPU_FP_H

#include "decode.h"

bool decode_fp_scalar(dc_t *dc, uint32_t insn, op_t *op);

#endif
