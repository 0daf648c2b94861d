/* simd_decode.c - the SIMD&FP encoding group (op0 = x111): the class
 * dispatch, and the decoders of the "three same", "three different",
 * "two-register miscellaneous", "across lanes" and scalar pairwise classes
 * (Arm ARM C4.1.6 "Data Processing -- Scalar Floating-Point and Advanced
 * SIMD"). The other AdvSIMD classes are decoded in simd_decode_imm.c, the
 * floating-point parts of all of them in simd_fp_decode.c, and the scalar
 * "Floating-point" classes in fp_*.c (decode_fp_scalar).
 *
 * Reserved field values that the Arm decode pseudocode rejects return false
 * (UNDEFINED); each is noted where it is checked. They were checked against
 * aarch64-linux-gnu-objdump and qemu-aarch64 -cpu cortex-a57 (an Armv8.0 +
 * crypto CPU) by tests/simddiff.
 */
#include "fp.h"
#include "simd.h"

#define K(name) OP_##name
#define KS(name, size) ((enum op_kind)(OP_##name + (size)))

static inline void regs3(op_t *op, uint32_t insn)
{
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = (uint8_t)bits(insn, 5, 5);
    op->rm = (uint8_t)bits(insn, 16, 5);
}

/* ---- the group's class dispatch (op0 = bits 31:28, op1 = 24:23,
 * op2 = 22:19, op3 = 18:10) ---- */

static bool decode_advsimd(dc_t *dc, uint32_t insn, op_t *op)
{
    bool scalar = bits(insn, 28, 1);
    if (bits(insn, 31, 1))
        return false; /* op0 = 1xxx: SHA512/SHA3/SM3/SM4 (not Armv8.0) */
    if (scalar && !bits(insn, 30, 1))
        return false; /* handled by the caller (floating-point) */

    if (bits(insn, 24, 1)) {
        /* op1 = 1x: by element (op3<0> = 0), shift by immediate or
         * modified immediate (op1 = 10, op3<0> = 1). */
        if (!bits(insn, 10, 1))
            return simd_decode_elem(dc, insn, op, scalar);
        if (bits(insn, 23, 1))
            return false;
        if (bits(insn, 19, 4) == 0)
            return scalar ? false : simd_decode_modimm(dc, insn, op);
        return simd_decode_shift_imm(dc, insn, op, scalar);
    }
    if (bits(insn, 21, 1)) {
        if (bits(insn, 10, 1))
            return simd_decode_three_same(dc, insn, op, scalar);
        if (!bits(insn, 11, 1))
            return simd_decode_three_diff(dc, insn, op, scalar);
        switch (bits(insn, 17, 4)) {
        case 0x0:
            return simd_decode_two_misc(dc, insn, op, scalar);
        case 0x8:
            return scalar ? simd_decode_pairwise_scalar(dc, insn, op) : simd_decode_across(dc, insn, op);
        case 0x4:
            /* Crypto AES (0100 1110 ..) and two-register SHA (0101 1110 ..). */
            if (bits(insn, 29, 1) || !bits(insn, 30, 1))
                return false;
            return scalar ? simd_decode_crypto_sha2(dc, insn, op) : simd_decode_crypto_aes(dc, insn, op);
        default:
            return false; /* FP16 two-register misc and others: not Armv8.0 */
        }
    }
    /* op2<2> = 0 (bit 21 clear). */
    if (bits(insn, 10, 1)) {
        /* Copy (op3 = xxx0xxx1 with bits 23:21 = 000); three-same FP16
         * and three-register extension are not Armv8.0. */
        if (bits(insn, 21, 3) != 0 || bits(insn, 15, 1))
            return false;
        return simd_decode_copy(dc, insn, op, scalar);
    }
    if (scalar) {
        /* Three-register SHA: 0101 1110 xx0 Rm 0 opc 00. */
        if (bits(insn, 29, 1) || bits(insn, 15, 1) || bits(insn, 11, 1))
            return false;
        return simd_decode_crypto_sha3(dc, insn, op);
    }
    if (bits(insn, 15, 1))
        return false;
    if (bits(insn, 29, 1))
        return simd_decode_extract(dc, insn, op);
    if (bits(insn, 11, 1))
        return simd_decode_permute(dc, insn, op);
    return simd_decode_table(dc, insn, op);
}

bool decode_simd_fp(dc_t *dc, uint32_t insn, op_t *op)
{
    /* "Floating-point" classes: op0 = x0x1. */
    if (!bits(insn, 30, 1) && bits(insn, 28, 1))
        return decode_fp_scalar(dc, insn, op);
    if (!simd_have_advsimd(dc))
        return false;
    dc->uses_fp = true;
    return decode_advsimd(dc, insn, op);
}

/* ---- AdvSIMD (scalar) three same ---- */

bool simd_decode_three_same(dc_t *dc, uint32_t insn, op_t *op, bool scalar)
{
    bool q = bits(insn, 30, 1), u = bits(insn, 29, 1);
    unsigned size = bits(insn, 22, 2), opc = bits(insn, 11, 5);
    if (opc >= 0x18)
        return simd_fp_decode_three_same(dc, insn, op, scalar);
    regs3(op, insn);
    simd_masks(op, q, scalar ? 8u << size : 0);
    op->b = (uint8_t)(scalar ? 1 : (q ? 16 : 8) >> size);
    /* Vector forms with all four sizes: size:Q = 110 (a 64-bit vector of
     * 64-bit elements) is reserved. Scalar forms of the non-saturating
     * ops exist for 64-bit elements only. */
    bool res_110 = !scalar && size == 3 && !q;
    bool not_d = scalar ? size != 3 : res_110;
    bool no64 = scalar || size == 3; /* vector-only ops without 64-bit elements */
    enum op_kind k;
    switch (opc) {
    case 0x00: if (no64) return false; k = u ? KS(v_uhadd8, size) : KS(v_shadd8, size); break;
    case 0x01: if (res_110) return false; k = u ? KS(v_uqadd8, size) : KS(v_sqadd8, size); break;
    case 0x02: if (no64) return false; k = u ? KS(v_urhadd8, size) : KS(v_srhadd8, size); break;
    case 0x03:
        if (scalar)
            return false;
        if (!u) {
            static const uint16_t logic[4] = { OP_v_and, OP_v_bic, OP_v_orr, OP_v_orn };
            k = (enum op_kind)logic[size];
            if (q && size == 0)
                k = K(v_and_q);
            else if (size == 2 && op->rn == op->rm)
                k = K(v_mov);
            else if (q && size == 2)
                k = K(v_orr_q);
        } else {
            static const uint16_t logic[4] = { OP_v_eor, OP_v_bsl, OP_v_bit, OP_v_bif };
            k = (enum op_kind)logic[size];
            if (q && size == 0)
                k = K(v_eor_q);
        }
        break;
    case 0x04: if (no64) return false; k = u ? KS(v_uhsub8, size) : KS(v_shsub8, size); break;
    case 0x05: if (res_110) return false; k = u ? KS(v_uqsub8, size) : KS(v_sqsub8, size); break;
    case 0x06: if (not_d) return false; k = u ? KS(v_cmhi8, size) : KS(v_cmgt8, size); break;
    case 0x07: if (not_d) return false; k = u ? KS(v_cmhs8, size) : KS(v_cmge8, size); break;
    case 0x08: if (not_d) return false; k = u ? KS(v_ushl8, size) : KS(v_sshl8, size); break;
    case 0x09: if (res_110) return false; k = u ? KS(v_uqshl8, size) : KS(v_sqshl8, size); break;
    case 0x0a: if (not_d) return false; k = u ? KS(v_urshl8, size) : KS(v_srshl8, size); break;
    case 0x0b: if (res_110) return false; k = u ? KS(v_uqrshl8, size) : KS(v_sqrshl8, size); break;
    case 0x0c: if (no64) return false; k = u ? KS(v_umax8, size) : KS(v_smax8, size); break;
    case 0x0d: if (no64) return false; k = u ? KS(v_umin8, size) : KS(v_smin8, size); break;
    case 0x0e: if (no64) return false; k = u ? KS(v_uabd8, size) : KS(v_sabd8, size); break;
    case 0x0f: if (no64) return false; k = u ? KS(v_uaba8, size) : KS(v_saba8, size); break;
    case 0x10: if (not_d) return false; k = u ? KS(v_sub8, size) : KS(v_add8, size); break;
    case 0x11:
        if (not_d)
            return false;
        k = u ? KS(v_cmeq8, size) : KS(v_cmtst8, size);
        if (u && q && size == 0)
            k = K(v_cmeq8_q);
        break;
    case 0x12: if (no64) return false; k = u ? KS(v_mls8, size) : KS(v_mla8, size); break;
    case 0x13:
        if (no64)
            return false;
        if (u) {
            if (size != 0)
                return false; /* PMUL: bytes only */
            k = K(v_pmul8);
        } else {
            k = KS(v_mul8, size);
        }
        break;
    case 0x14: case 0x15: {
        if (no64)
            return false;
        static const uint16_t pair[4] = { OP_v_smaxp8, OP_v_umaxp8, OP_v_sminp8, OP_v_uminp8 };
        k = (enum op_kind)(pair[(opc & 1) << 1 | u] + size);
        if (k == OP_v_umaxp8 && q)
            k = K(v_umaxp8_q);
        break;
    }
    case 0x16:
        if (size == 0 || size == 3)
            return false; /* SQDMULH/SQRDMULH: 16- and 32-bit elements only */
        k = u ? KS(v_sqrdmulh16, size - 1) : KS(v_sqdmulh16, size - 1);
        break;
    case 0x17:
        if (u || scalar || res_110)
            return false; /* ADDP (vector); the scalar one is "pairwise" */
        k = q && size == 0 ? K(v_addp8_q) : KS(v_addp8, size);
        break;
    default:
        return false;
    }
    op_set(op, k);
    return true;
}

/* ---- AdvSIMD (scalar) three different ---- */

bool simd_decode_three_diff(dc_t *dc, uint32_t insn, op_t *op, bool scalar)
{
    bool q = bits(insn, 30, 1), u = bits(insn, 29, 1);
    unsigned size = bits(insn, 22, 2), opc = bits(insn, 12, 4);
    regs3(op, insn);
    if (opc == 0xe) {
        /* PMULL/PMULL2: bytes, or (with FEAT_PMULL) doublewords. */
        if (scalar || u)
            return false;
        if (size == 0) {
            op->b = 8;
            op->c = q ? 8 : 0;
            op_set(op, K(v_pmull8));
            return true;
        }
        if (size != 3 || !SIMD_HAVE_PMULL(dc))
            return false;
        op->c = q;
        op_set(op, K(v_pmull64));
        return true;
    }
    if (size == 3 || opc == 0xf)
        return false;
    /* Long ops: result lanes b, first source lane c. */
    op->b = (uint8_t)(scalar ? 1 : 8 >> size);
    op->c = (uint8_t)(q && !scalar ? 8 >> size : 0);
    if (opc == 0x9 || opc == 0xb || opc == 0xd) {
        /* SQDMLAL/SQDMLSL/SQDMULL: 16- and 32-bit sources, signed only. */
        if (u || size == 0)
            return false;
        enum op_kind k = opc == 0x9 ? K(v_sqdmlal16) : opc == 0xb ? K(v_sqdmlsl16) : K(v_sqdmull16);
        op_set(op, (enum op_kind)(k + size - 1));
        return true;
    }
    if (scalar)
        return false;
    static const uint16_t ops[2][16] = {
        { OP_v_saddl8, OP_v_saddw8, OP_v_ssubl8, OP_v_ssubw8, OP_v_addhn8, OP_v_sabal8,
          OP_v_subhn8, OP_v_sabdl8, OP_v_smlal8, 0, OP_v_smlsl8, 0, OP_v_smull8, 0, 0, 0 },
        { OP_v_uaddl8, OP_v_uaddw8, OP_v_usubl8, OP_v_usubw8, OP_v_raddhn8, OP_v_uabal8,
          OP_v_rsubhn8, OP_v_uabdl8, OP_v_umlal8, 0, OP_v_umlsl8, 0, OP_v_umull8, 0, 0, 0 },
    };
    if (opc == 0x4 || opc == 0x6) {
        /* ADDHN/RADDHN/SUBHN/RSUBHN: narrow result; "2" writes the upper half. */
        op->b = (uint8_t)(8 >> size);
        op->c = (uint8_t)(q ? 8 >> size : 0);
    }
    op_set(op, (enum op_kind)(ops[u][opc] + size));
    return true;
}

/* ---- AdvSIMD (scalar) two-register miscellaneous ---- */

bool simd_decode_two_misc(dc_t *dc, uint32_t insn, op_t *op, bool scalar)
{
    bool q = bits(insn, 30, 1), u = bits(insn, 29, 1);
    unsigned size = bits(insn, 22, 2), opc = bits(insn, 12, 5);
    /* The FP opcodes: 0x0c-0x0f with size<1> = 1, 0x16/0x17 (FCVTN,
     * FCVTL, FCVTXN), 0x18-0x1f (except URECPE/URSQRTE, below). */
    /* The FP opcodes (0x0c-0x0f, 0x16/0x17 FCVTN/FCVTL/FCVTXN, 0x18-0x1f)
     * and URECPE/URSQRTE, which use the FP estimate tables. */
    if ((opc >= 0x0c && opc <= 0x0f) || opc == 0x16 || opc == 0x17 || opc >= 0x18)
        return simd_fp_decode_two_misc(dc, insn, op, scalar);
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = (uint8_t)bits(insn, 5, 5);
    simd_masks(op, q, scalar ? 8u << size : 0);
    op->b = (uint8_t)(scalar ? 1 : (q ? 16 : 8) >> size);
    bool res_110 = !scalar && size == 3 && !q;
    bool not_d = scalar ? size != 3 : res_110;
    enum op_kind k;
    switch (u << 5 | opc) {
    case 0x00: /* REV64 */
        if (scalar || size == 3)
            return false;
        if (size == 0) {
            op_set(op, K(v_rev64_8));
            return true;
        }
        op->a = (uint8_t)(1u << size);
        op->c = 8;
        op_set(op, K(v_rev));
        return true;
    case 0x01: /* REV16 */
    case 0x20: /* REV32 */
        if (scalar || size > (opc == 0 ? 1u : 0u))
            return false;
        op->a = (uint8_t)(1u << size);
        op->c = opc == 0 ? 4 : 2;
        op_set(op, K(v_rev));
        return true;
    case 0x02: case 0x22: case 0x06: case 0x26: /* SADDLP/UADDLP/SADALP/UADALP */
        if (scalar || size == 3)
            return false;
        op->b = (uint8_t)((q ? 8 : 4) >> size);
        k = opc == 2 ? (u ? K(v_uaddlp8) : K(v_saddlp8)) : (u ? K(v_uadalp8) : K(v_sadalp8));
        op_set(op, (enum op_kind)(k + size));
        return true;
    case 0x03: if (res_110) return false; k = KS(v_suqadd8, size); break;
    case 0x23: if (res_110) return false; k = KS(v_usqadd8, size); break;
    case 0x04: if (scalar || size == 3) return false; k = KS(v_cls8, size); break;
    case 0x24: if (scalar || size == 3) return false; k = KS(v_clz8, size); break;
    case 0x05: if (scalar || size != 0) return false; k = K(v_cnt8); break;
    case 0x25:
        if (scalar || size > 1)
            return false;
        k = size == 0 ? K(v_not) : K(v_rbit8);
        break;
    case 0x07: if (res_110) return false; k = KS(v_sqabs8, size); break;
    case 0x27: if (res_110) return false; k = KS(v_sqneg8, size); break;
    case 0x08: if (not_d) return false; k = KS(v_cmgt08, size); break;
    case 0x28: if (not_d) return false; k = KS(v_cmge08, size); break;
    case 0x09: if (not_d) return false; k = KS(v_cmeq08, size); break;
    case 0x29: if (not_d) return false; k = KS(v_cmle08, size); break;
    case 0x0a: if (not_d) return false; k = KS(v_cmlt08, size); break;
    case 0x0b: if (not_d) return false; k = KS(v_abs8, size); break;
    case 0x2b: if (not_d) return false; k = KS(v_neg8, size); break;
    case 0x12: case 0x32: case 0x14: case 0x34: /* XTN/SQXTUN/SQXTN/UQXTN */
        if (size == 3 || (scalar && opc == 0x12 && !u))
            return false;
        op->b = (uint8_t)(scalar ? 1 : 8 >> size);
        op->c = (uint8_t)(q && !scalar ? 8 >> size : 0);
        k = opc == 0x12 ? (u ? K(v_sqxtun8) : K(v_xtn8)) : (u ? K(v_uqxtn8) : K(v_sqxtn8));
        op_set(op, (enum op_kind)(k + size));
        return true;
    case 0x33: /* SHLL/SHLL2 */
        if (scalar || size == 3)
            return false;
        op->b = (uint8_t)(8 >> size);
        op->c = (uint8_t)(q ? 8 >> size : 0);
        op_set(op, KS(v_shll8, size));
        return true;
    default:
        return false;
    }
    op_set(op, k);
    return true;
}

/* ---- AdvSIMD across lanes ---- */

bool simd_decode_across(dc_t *dc, uint32_t insn, op_t *op)
{
    bool q = bits(insn, 30, 1), u = bits(insn, 29, 1);
    unsigned size = bits(insn, 22, 2), opc = bits(insn, 12, 5);
    if (opc == 0x0c || opc == 0x0f)
        return simd_fp_decode_across(dc, insn, op);
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = (uint8_t)bits(insn, 5, 5);
    /* size = 11, and size:Q = 100 (a reduction over two words) are
     * reserved. */
    if (size == 3 || (size == 2 && !q))
        return false;
    op->b = (uint8_t)((q ? 16 : 8) >> size);
    enum op_kind k;
    switch (u << 5 | opc) {
    case 0x03: k = KS(v_saddlv8, size); break;
    case 0x23: k = KS(v_uaddlv8, size); break;
    case 0x0a: k = KS(v_smaxv8, size); break;
    case 0x2a: k = q && size == 0 ? K(v_umaxv8_q) : KS(v_umaxv8, size); break;
    case 0x1a: k = KS(v_sminv8, size); break;
    case 0x3a: k = q && size == 0 ? K(v_uminv8_q) : KS(v_uminv8, size); break;
    case 0x1b: k = KS(v_addv8, size); break;
    default: return false;
    }
    op_set(op, k);
    return true;
}

/* ---- AdvSIMD scalar pairwise ---- */

bool simd_decode_pairwise_scalar(dc_t *dc, uint32_t insn, op_t *op)
{
    bool u = bits(insn, 29, 1);
    unsigned size = bits(insn, 22, 2), opc = bits(insn, 12, 5);
    if (u)
        return simd_fp_decode_pairwise(dc, insn, op);
    if (opc != 0x1b || size != 3)
        return false; /* ADDP Dd, Vn.2D only; U = 0 FP forms are FP16 */
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = op->rm = (uint8_t)bits(insn, 5, 5);
    op->b = 1;
    op_set(op, K(v_addp64));
    return true;
}
