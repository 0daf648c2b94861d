/* Ops of the data-processing files (dp_*.c). Naming: <insn>_<shape><width>,
 * e.g. adds_lsl32 = ADDS (shifted register, LSL) on W registers; ops without
 * a width serve both (the decoder folds the width into their immediates). */
#include "op_list_fuse.h"

#define OP_LIST_DP(X) \
    /* dp_imm.c */ \
    X(nop) X(mov_imm) X(movk) \
    X(add_imm64) X(add_imm32) X(adds_imm64) X(adds_imm32) X(subs_imm64) X(subs_imm32) \
    X(and_imm) X(orr_imm64) X(orr_imm32) X(eor_imm64) X(eor_imm32) \
    X(ands_imm64) X(ands_imm32) \
    X(ubfm) X(sbfm) X(bfm) X(extr64) X(extr32) \
    X(lsl_imm64) X(lsl_imm32) X(lsr_imm64) X(lsr_imm32) X(asr_imm64) X(asr_imm32) X(sxtw) \
    /* dp_alu.c: add/sub (shifted register LSL, extended register) */ \
    X(add_lsl64) X(add_lsl32) X(sub_lsl64) X(sub_lsl32) \
    X(adds_lsl64) X(adds_lsl32) X(subs_lsl64) X(subs_lsl32) \
    X(add_uxt64) X(add_uxt32) X(sub_uxt64) X(sub_uxt32) \
    X(adds_uxt64) X(adds_uxt32) X(subs_uxt64) X(subs_uxt32) \
    X(add_sxt64) X(add_sxt32) X(sub_sxt64) X(sub_sxt32) \
    X(adds_sxt64) X(adds_sxt32) X(subs_sxt64) X(subs_sxt32) \
    X(addsub_shift) \
    /* dp_alu.c: logical (shifted register) */ \
    X(and_lsl64) X(and_lsl32) X(bic_lsl64) X(bic_lsl32) \
    X(orr_lsl64) X(orr_lsl32) X(orn_lsl64) X(orn_lsl32) \
    X(eor_lsl64) X(eor_lsl32) X(eon_lsl64) X(eon_lsl32) \
    X(ands_lsl64) X(ands_lsl32) X(bics_lsl64) X(bics_lsl32) \
    X(mov64) X(mov32) X(logic_shift) \
    /* dp_alu.c: logical and add/sub (shifted register, LSR/ASR/ROR, no flags) */ \
    X(and_lsr64) X(and_lsr32) X(bic_lsr64) X(bic_lsr32) X(orr_lsr64) X(orr_lsr32) \
    X(orn_lsr64) X(orn_lsr32) X(eor_lsr64) X(eor_lsr32) X(eon_lsr64) X(eon_lsr32) \
    X(and_asr64) X(and_asr32) X(bic_asr64) X(bic_asr32) X(orr_asr64) X(orr_asr32) \
    X(orn_asr64) X(orn_asr32) X(eor_asr64) X(eor_asr32) X(eon_asr64) X(eon_asr32) \
    X(and_ror64) X(and_ror32) X(bic_ror64) X(bic_ror32) X(orr_ror64) X(orr_ror32) \
    X(orn_ror64) X(orn_ror32) X(eor_ror64) X(eor_ror32) X(eon_ror64) X(eon_ror32) \
    X(add_lsr64) X(add_lsr32) X(add_asr64) X(add_asr32) \
    X(sub_lsr64) X(sub_lsr32) X(sub_asr64) X(sub_asr32) \
    /* dp_alu.c: carry, conditional compare, conditional select (each *_cmp, \
     * the form for conditions a compare decides, right after its general op) */ \
    X(adc64) X(adc32) X(sbc64) X(sbc32) X(adcs64) X(adcs32) X(sbcs64) X(sbcs32) \
    X(ccmp64) X(ccmp32) X(ccmn64) X(ccmn32) \
    X(csel64) X(csel64_cmp) X(csel32) X(csel32_cmp) X(csinc64) X(csinc64_cmp) \
    X(csinc32) X(csinc32_cmp) X(csinv64) X(csinv64_cmp) X(csinv32) X(csinv32_cmp) \
    X(csneg64) X(csneg64_cmp) X(csneg32) X(csneg32_cmp) \
    /* dp_misc.c: 2-source */ \
    X(lslv64) X(lslv32) X(lsrv64) X(lsrv32) X(asrv64) X(asrv32) X(rorv64) X(rorv32) \
    X(udiv64) X(udiv32) X(sdiv64) X(sdiv32) \
    X(crc32b) X(crc32h) X(crc32w) X(crc32x) X(crc32cb) X(crc32ch) X(crc32cw) X(crc32cx) \
    /* dp_misc.c: 3-source */ \
    X(madd64) X(madd32) X(msub64) X(msub32) X(mul64) X(mul32) \
    X(smaddl) X(smsubl) X(umaddl) X(umsubl) X(smulh) X(umulh) \
    /* dp_misc.c: 1-source */ \
    X(rbit64) X(rbit32) X(rev16_64) X(rev16_32) X(rev32_64) X(rev32) X(rev64) \
    X(clz64) X(clz32) X(cls64) X(cls32) \
    /* dp_fuse.c, ldst.c: fused pairs (op_list_fuse.h) */ \
    OP_LIST_FUSE(X)
