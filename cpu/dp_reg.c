/* dp_reg.c - decoder for the A64 "Data Processing -- Register" group
 * (op0 = x101). The handlers live in dp_alu.c (add/sub, logical, carry,
 * conditional compare/select) and dp_misc.c (1-, 2- and 3-source).
 *
 * Register 31 means different things per instruction, exactly as the
 * encoding says: in the extended-register add/subtract forms Rn is SP and so
 * is Rd of ADD/SUB; everywhere else in this group 31 is XZR.
 *
 * Implemented: Armv8.0-A plus CRC32/CRC32C. Encodings of later extensions
 * in this space (FlagM's RMIF/SETF, PAuth, MTE's SUBP/IRG/GMI, CSSC) are
 * UNDEFINED, as on a CPU that does not have them.
 */
#include "decode.h"
#include "dp.h"

/* Logical (shifted register): sf opc 01010 shift N Rm imm6 Rn Rd. */
static bool decode_logic_reg(uint32_t insn, op_t *op)
{
    static const uint16_t lsl64[8] = {
        OP_and_lsl64, OP_bic_lsl64, OP_orr_lsl64, OP_orn_lsl64,
        OP_eor_lsl64, OP_eon_lsl64, OP_ands_lsl64, OP_bics_lsl64,
    };
    static const uint16_t lsl32[8] = {
        OP_and_lsl32, OP_bic_lsl32, OP_orr_lsl32, OP_orn_lsl32,
        OP_eor_lsl32, OP_eon_lsl32, OP_ands_lsl32, OP_bics_lsl32,
    };
    bool sf = insn >> 31;
    unsigned opc_n = bits(insn, 29, 2) << 1 | bits(insn, 21, 1);
    unsigned shift = bits(insn, 22, 2), amount = bits(insn, 10, 6), rn = bits(insn, 5, 5);
    if (!sf && amount >= 32)
        return false;
    op->rd = dst_or_zr(bits(insn, 0, 5));
    op->rn = reg_or_zr(rn);
    op->rm = reg_or_zr(bits(insn, 16, 5));
    op->a = (uint8_t)amount;
    op->b = (uint8_t)shift;
    op->c = (uint8_t)opc_n;
    op->sf = sf;
    /* [shift - 1][opc:N][sf]: the non-flag-setting LSR/ASR/ROR forms. */
    static const uint16_t shifted[3][6][2] = {
        { { OP_and_lsr32, OP_and_lsr64 }, { OP_bic_lsr32, OP_bic_lsr64 },
          { OP_orr_lsr32, OP_orr_lsr64 }, { OP_orn_lsr32, OP_orn_lsr64 },
          { OP_eor_lsr32, OP_eor_lsr64 }, { OP_eon_lsr32, OP_eon_lsr64 } },
        { { OP_and_asr32, OP_and_asr64 }, { OP_bic_asr32, OP_bic_asr64 },
          { OP_orr_asr32, OP_orr_asr64 }, { OP_orn_asr32, OP_orn_asr64 },
          { OP_eor_asr32, OP_eor_asr64 }, { OP_eon_asr32, OP_eon_asr64 } },
        { { OP_and_ror32, OP_and_ror64 }, { OP_bic_ror32, OP_bic_ror64 },
          { OP_orr_ror32, OP_orr_ror64 }, { OP_orn_ror32, OP_orn_ror64 },
          { OP_eor_ror32, OP_eor_ror64 }, { OP_eon_ror32, OP_eon_ror64 } },
    };
    if (shift != 0 && opc_n < 6)
        op_set(op, shifted[shift - 1][opc_n][sf]);
    else if (shift != 0)
        op_set(op, OP_logic_shift); /* ANDS, BICS */
    else if (opc_n == 2 && rn == 31 && amount == 0) /* MOV (register) */
        op_set(op, sf ? OP_mov64 : OP_mov32);
    else
        op_set(op, sf ? lsl64[opc_n] : lsl32[opc_n]);
    return true;
}

/* Add/subtract (shifted register): sf op S 01011 shift 0 Rm imm6 Rn Rd.
 * Rd and Rn are XZR when 31 (NEG, NEGS, CMP, CMN aliases). */
static bool decode_addsub_shifted(uint32_t insn, op_t *op)
{
    static const uint16_t lsl_ops[2][4] = { /* [sf][op:S] */
        { OP_add_lsl32, OP_adds_lsl32, OP_sub_lsl32, OP_subs_lsl32 },
        { OP_add_lsl64, OP_adds_lsl64, OP_sub_lsl64, OP_subs_lsl64 },
    };
    bool sf = insn >> 31;
    unsigned op_s = bits(insn, 29, 2), shift = bits(insn, 22, 2), amount = bits(insn, 10, 6);
    if (shift == 3 || (!sf && amount >= 32))
        return false;
    op->rd = dst_or_zr(bits(insn, 0, 5));
    op->rn = reg_or_zr(bits(insn, 5, 5));
    op->rm = reg_or_zr(bits(insn, 16, 5));
    op->a = (uint8_t)amount;
    op->b = (uint8_t)shift;
    op->c = (uint8_t)((op_s >> 1) | (op_s & 1) << 1); /* bit 0 sub, bit 1 set flags */
    op->sf = sf;
    /* [shift - 1][op][sf]: ADD/SUB with LSR/ASR (ADDS/SUBS share one op). */
    static const uint16_t shifted[2][2][2] = {
        { { OP_add_lsr32, OP_add_lsr64 }, { OP_sub_lsr32, OP_sub_lsr64 } },
        { { OP_add_asr32, OP_add_asr64 }, { OP_sub_asr32, OP_sub_asr64 } },
    };
    if (shift == 0)
        op_set(op, lsl_ops[sf][op_s]);
    else if (!(op_s & 1))
        op_set(op, shifted[shift - 1][op_s >> 1][sf]);
    else
        op_set(op, OP_addsub_shift);
    return true;
}

/* Add/subtract (extended register): sf op S 01011 opt 1 Rm option imm3 Rn Rd.
 * ExtendReg(Rm, option, imm3): a = 64 - size of the extended part, so that
 * (x << a) >> a extends it; b = imm3 (0..4; larger is reserved). */
static bool decode_addsub_extended(uint32_t insn, op_t *op)
{
    static const uint16_t uxt_ops[2][4] = {
        { OP_add_uxt32, OP_adds_uxt32, OP_sub_uxt32, OP_subs_uxt32 },
        { OP_add_uxt64, OP_adds_uxt64, OP_sub_uxt64, OP_subs_uxt64 },
    };
    static const uint16_t sxt_ops[2][4] = {
        { OP_add_sxt32, OP_adds_sxt32, OP_sub_sxt32, OP_subs_sxt32 },
        { OP_add_sxt64, OP_adds_sxt64, OP_sub_sxt64, OP_subs_sxt64 },
    };
    bool sf = insn >> 31;
    unsigned op_s = bits(insn, 29, 2), option = bits(insn, 13, 3), imm3 = bits(insn, 10, 3);
    unsigned rd = bits(insn, 0, 5);
    if (bits(insn, 22, 2) != 0 || imm3 > 4)
        return false;
    op->rd = (op_s & 1) ? dst_or_zr(rd) : reg_or_sp(rd);
    op->rn = reg_or_sp(bits(insn, 5, 5));
    op->rm = reg_or_zr(bits(insn, 16, 5));
    op->a = (uint8_t)(64 - (8u << (option & 3)));
    op->b = (uint8_t)imm3;
    op->c = (uint8_t)option;
    op->sf = sf;
    /* SXTX extends nothing: the unsigned handler does the same. */
    bool sign = option >= 4 && (option & 3) != 3;
    op_set(op, sign ? sxt_ops[sf][op_s] : uxt_ops[sf][op_s]);
    return true;
}

/* Add/subtract (with carry): sf op S 11010000 Rm 000000 Rn Rd. */
static bool decode_addsub_carry(uint32_t insn, op_t *op)
{
    static const uint16_t ops[2][4] = {
        { OP_adc32, OP_adcs32, OP_sbc32, OP_sbcs32 },
        { OP_adc64, OP_adcs64, OP_sbc64, OP_sbcs64 },
    };
    bool sf = insn >> 31;
    if (bits(insn, 10, 6) != 0)
        return false; /* RMIF, SETF8/16: FEAT_FlagM, not implemented */
    op->rd = dst_or_zr(bits(insn, 0, 5));
    op->rn = reg_or_zr(bits(insn, 5, 5));
    op->rm = reg_or_zr(bits(insn, 16, 5));
    op->sf = sf;
    op_set(op, ops[sf][bits(insn, 29, 2)]);
    return true;
}

/* Conditional compare (register / immediate):
 * sf op 1 11010010 Rm|imm5 cond R o2 Rn o3 nzcv (R = bit 11: immediate). */
static bool decode_cond_compare(uint32_t insn, op_t *op)
{
    bool sf = insn >> 31;
    if (!bits(insn, 29, 1) || bits(insn, 10, 1) || bits(insn, 4, 1))
        return false;
    op->rn = reg_or_zr(bits(insn, 5, 5));
    if (bits(insn, 11, 1)) {
        op->rm = REG_ZR;
        op->imm = bits(insn, 16, 5);
    } else {
        op->rm = reg_or_zr(bits(insn, 16, 5));
    }
    op->a = (uint8_t)bits(insn, 12, 4);
    op->b = (uint8_t)bits(insn, 0, 4);
    op->sf = sf;
    if (bits(insn, 30, 1))
        op_set(op, sf ? OP_ccmp64 : OP_ccmp32);
    else
        op_set(op, sf ? OP_ccmn64 : OP_ccmn32);
    return true;
}

#define CSEL_CMP_NEXT(k) OP_##k##_cmp == OP_##k + 1 &&
_Static_assert(CSEL_CMP_NEXT(csel64) CSEL_CMP_NEXT(csel32) CSEL_CMP_NEXT(csinc64)
               CSEL_CMP_NEXT(csinc32) CSEL_CMP_NEXT(csinv64) CSEL_CMP_NEXT(csinv32)
               CSEL_CMP_NEXT(csneg64) CSEL_CMP_NEXT(csneg32) 1,
               "each *_cmp conditional-select op follows its general op");

/* Conditional select: sf op S 11010100 Rm cond op2 Rn Rd. */
static bool decode_cond_select(uint32_t insn, op_t *op)
{
    static const uint16_t ops[2][4] = { /* [sf][op:op2<0>] */
        { OP_csel32, OP_csinc32, OP_csinv32, OP_csneg32 },
        { OP_csel64, OP_csinc64, OP_csinv64, OP_csneg64 },
    };
    bool sf = insn >> 31;
    unsigned op2 = bits(insn, 10, 2);
    if (bits(insn, 29, 1) || op2 > 1)
        return false;
    op->rd = dst_or_zr(bits(insn, 0, 5));
    op->rn = reg_or_zr(bits(insn, 5, 5));
    op->rm = reg_or_zr(bits(insn, 16, 5));
    op->a = (uint8_t)bits(insn, 12, 4);
    op->sf = sf;
    op_set(op, ops[sf][bits(insn, 30, 1) << 1 | op2]);
    /* Conditions a compare decides: the variant with the truth table. */
    op->b = dp_cond_cmp_table(op->a);
    if (op->b)
        op_set(op, (enum op_kind)(op->kind + 1));
    return true;
}

/* Data-processing (2 source): sf 0 S 11010110 Rm opcode Rn Rd. */
static bool decode_dp_2src(uint32_t insn, op_t *op)
{
    static const uint16_t crc_ops[8] = {
        OP_crc32b, OP_crc32h, OP_crc32w, OP_crc32x,
        OP_crc32cb, OP_crc32ch, OP_crc32cw, OP_crc32cx,
    };
    bool sf = insn >> 31;
    unsigned opcode = bits(insn, 10, 6);
    if (bits(insn, 29, 1))
        return false; /* SUBPS: FEAT_MTE */
    op->rd = dst_or_zr(bits(insn, 0, 5));
    op->rn = reg_or_zr(bits(insn, 5, 5));
    op->rm = reg_or_zr(bits(insn, 16, 5));
    op->sf = sf;
    switch (opcode) {
    case 0x02: op_set(op, sf ? OP_udiv64 : OP_udiv32); return true;
    case 0x03: op_set(op, sf ? OP_sdiv64 : OP_sdiv32); return true;
    case 0x08: op_set(op, sf ? OP_lslv64 : OP_lslv32); return true;
    case 0x09: op_set(op, sf ? OP_lsrv64 : OP_lsrv32); return true;
    case 0x0a: op_set(op, sf ? OP_asrv64 : OP_asrv32); return true;
    case 0x0b: op_set(op, sf ? OP_rorv64 : OP_rorv32); return true;
    case 0x10: case 0x11: case 0x12: case 0x13:
    case 0x14: case 0x15: case 0x16: case 0x17: {
        /* CRC32: opcode = 010 C sz; the X form (sz = 11) needs sf = 1 and
         * only it may have sf = 1. */
        unsigned sz = opcode & 3;
        if (sf != (sz == 3))
            return false;
        dp_crc_init();
        op_set(op, crc_ops[opcode & 7]);
        return true;
    }
    default:
        return false; /* SUBP, IRG, GMI (MTE), PACGA (PAuth), CSSC: not implemented */
    }
}

/* Data-processing (1 source): sf 1 S 11010110 opcode2 opcode Rn Rd. */
static bool decode_dp_1src(uint32_t insn, op_t *op)
{
    bool sf = insn >> 31;
    if (bits(insn, 29, 1) || bits(insn, 16, 5) != 0)
        return false; /* opcode2 = 00001: PAuth */
    op->rd = dst_or_zr(bits(insn, 0, 5));
    op->rn = reg_or_zr(bits(insn, 5, 5));
    op->sf = sf;
    switch (bits(insn, 10, 6)) {
    case 0: op_set(op, sf ? OP_rbit64 : OP_rbit32); return true;
    case 1: op_set(op, sf ? OP_rev16_64 : OP_rev16_32); return true;
    case 2: op_set(op, sf ? OP_rev32_64 : OP_rev32); return true;
    case 3:
        if (!sf)
            return false;
        op_set(op, OP_rev64);
        return true;
    case 4: op_set(op, sf ? OP_clz64 : OP_clz32); return true;
    case 5: op_set(op, sf ? OP_cls64 : OP_cls32); return true;
    default: return false;
    }
}

/* Data-processing (3 source): sf op54 11011 op31 Rm o0 Ra Rn Rd. */
static bool decode_dp_3src(uint32_t insn, op_t *op)
{
    bool sf = insn >> 31;
    unsigned op31 = bits(insn, 21, 3), o0 = bits(insn, 15, 1), ra = bits(insn, 10, 5);
    if (bits(insn, 29, 2) != 0)
        return false;
    op->rd = dst_or_zr(bits(insn, 0, 5));
    op->rn = reg_or_zr(bits(insn, 5, 5));
    op->rm = reg_or_zr(bits(insn, 16, 5));
    op->ra = reg_or_zr(ra);
    op->sf = sf;
    if (op31 == 0) {
        if (o0)
            op_set(op, sf ? OP_msub64 : OP_msub32);
        else if (ra == 31) /* MUL */
            op_set(op, sf ? OP_mul64 : OP_mul32);
        else
            op_set(op, sf ? OP_madd64 : OP_madd32);
        return true;
    }
    if (!sf)
        return false;
    switch (op31 << 1 | o0) {
    case 0x2: op_set(op, OP_smaddl); return true;
    case 0x3: op_set(op, OP_smsubl); return true;
    case 0x4: op_set(op, OP_smulh); return true; /* Ra is ignored ((1)(1)(1)(1)(1)) */
    case 0xa: op_set(op, OP_umaddl); return true;
    case 0xb: op_set(op, OP_umsubl); return true;
    case 0xc: op_set(op, OP_umulh); return true;
    default: return false;
    }
}

/* Group op0 = x101, split by op0 = bit 30, op1 = bit 28, op2 = bits 24:21. */
bool decode_dp_reg(dc_t *dc, uint32_t insn, op_t *op)
{
    (void)dc;
    unsigned op1 = bits(insn, 28, 1), op2 = bits(insn, 21, 4);
    if (!op1) {
        if (!(op2 & 8))
            return decode_logic_reg(insn, op);
        return op2 & 1 ? decode_addsub_extended(insn, op) : decode_addsub_shifted(insn, op);
    }
    if (op2 & 8)
        return decode_dp_3src(insn, op);
    switch (op2) {
    case 0x0: return decode_addsub_carry(insn, op);
    case 0x2: return decode_cond_compare(insn, op);
    case 0x4: return decode_cond_select(insn, op);
    case 0x6: return bits(insn, 30, 1) ? decode_dp_1src(insn, op) : decode_dp_2src(insn, op);
    default: return false;
    }
}
