/* simd_decode_imm.c - decoders of the AdvSIMD classes with immediates or
 * element indexes: copy (DUP/INS/UMOV/SMOV), permute, extract, table
 * lookup, modified immediate, shift by immediate, by element; and the
 * cryptographic classes (AES, three- and two-register SHA).
 *
 * Reserved combinations follow the Arm decode pseudocode and were checked
 * against qemu-aarch64 -cpu cortex-a57 by tests/simddiff.
 */
#include "simd.h"

#define K(name) OP_##name
#define KS(name, size) ((enum op_kind)(OP_##name + (size)))

static inline void regs2(op_t *op, uint32_t insn)
{
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = (uint8_t)bits(insn, 5, 5);
}

/* ---- copy: 0 Q op 01110000 imm5 0 imm4 1 Rn Rd (scalar: 01 0 11110000 ..) ---- */

bool simd_decode_copy(dc_t *dc, uint32_t insn, op_t *op, bool scalar)
{
    (void)dc;
    bool q = bits(insn, 30, 1), opb = bits(insn, 29, 1);
    unsigned imm5 = bits(insn, 16, 5), imm4 = bits(insn, 11, 4);
    if ((imm5 & 0xf) == 0)
        return false; /* no element size */
    unsigned size = (unsigned)__builtin_ctz(imm5);
    unsigned index = imm5 >> (size + 1);
    uint32_t rd = bits(insn, 0, 5), rn = bits(insn, 5, 5);
    op->a = (uint8_t)index;
    if (scalar) {
        /* DUP (element), scalar: MOV Bd/Hd/Sd/Dd, Vn.T[index]. */
        if (opb || imm4 != 0)
            return false;
        op->rd = (uint8_t)rd;
        op->rn = (uint8_t)rn;
        simd_masks(op, false, 8u << size);
        op_set(op, KS(v_dup_e8, size));
        return true;
    }
    if (opb) {
        /* INS (element): Q = 1 only; the source index is imm4<3:size>. */
        if (!q)
            return false;
        op->rd = (uint8_t)rd;
        op->rn = (uint8_t)rn;
        op->c = (uint8_t)(imm4 >> size);
        op_set(op, KS(v_ins_e8, size));
        return true;
    }
    switch (imm4) {
    case 0x0: /* DUP (element) */
    case 0x1: /* DUP (general) */
        if (size == 3 && !q)
            return false;
        op->rd = (uint8_t)rd;
        op->rn = imm4 ? reg_or_zr(rn) : (uint8_t)rn;
        simd_masks(op, q, 0);
        op_set(op, imm4 ? KS(v_dup_g8, size) : KS(v_dup_e8, size));
        return true;
    case 0x3: /* INS (general) */
        if (!q)
            return false;
        op->rd = (uint8_t)rd;
        op->rn = reg_or_zr(rn);
        op_set(op, KS(v_ins_g8, size));
        return true;
    case 0x5: /* SMOV: to W from B/H, to X from B/H/S */
        op->rd = dst_or_zr(rd);
        op->rn = (uint8_t)rn;
        if (q) {
            static const uint16_t k[3] = { OP_v_smov8x, OP_v_smov16x, OP_v_smov32x };
            if (size > 2)
                return false;
            op_set(op, (enum op_kind)k[size]);
        } else {
            if (size > 1)
                return false;
            op_set(op, size ? K(v_smov16w) : K(v_smov8w));
        }
        return true;
    case 0x7: /* UMOV: to W from B/H/S, to X from D */
        if (q ? size != 3 : size == 3)
            return false;
        op->rd = dst_or_zr(rd);
        op->rn = (uint8_t)rn;
        op_set(op, KS(v_umov8, size));
        return true;
    default:
        return false;
    }
}

/* ---- permute: 0 Q 001110 size 0 Rm 0 opcode 10 Rn Rd ---- */

bool simd_decode_permute(dc_t *dc, uint32_t insn, op_t *op)
{
    (void)dc;
    bool q = bits(insn, 30, 1);
    unsigned size = bits(insn, 22, 2), opc = bits(insn, 12, 3);
    if (size == 3 && !q)
        return false;
    static const uint16_t k[8] = { 0, OP_v_uzp18, OP_v_trn18, OP_v_zip18,
                                   0, OP_v_uzp28, OP_v_trn28, OP_v_zip28 };
    if (!k[opc])
        return false;
    regs2(op, insn);
    op->rm = (uint8_t)bits(insn, 16, 5);
    op->b = (uint8_t)((q ? 16 : 8) >> size);
    op_set(op, (enum op_kind)(k[opc] + size));
    return true;
}

/* ---- extract: 0 Q 101110 op2 0 Rm 0 imm4 0 Rn Rd ---- */

bool simd_decode_extract(dc_t *dc, uint32_t insn, op_t *op)
{
    (void)dc;
    bool q = bits(insn, 30, 1);
    unsigned imm4 = bits(insn, 11, 4);
    if (bits(insn, 22, 2) != 0 || (!q && imm4 >= 8))
        return false;
    regs2(op, insn);
    op->rm = (uint8_t)bits(insn, 16, 5);
    op->a = (uint8_t)imm4;
    op->b = q ? 16 : 8;
    op_set(op, K(v_ext));
    return true;
}

/* ---- table lookup: 0 Q 001110 op2 0 Rm 0 len op 00 Rn Rd ---- */

bool simd_decode_table(dc_t *dc, uint32_t insn, op_t *op)
{
    (void)dc;
    bool q = bits(insn, 30, 1), tbx = bits(insn, 12, 1);
    if (bits(insn, 22, 2) != 0)
        return false;
    regs2(op, insn);
    op->rm = (uint8_t)bits(insn, 16, 5);
    op->a = (uint8_t)(bits(insn, 13, 2) + 1);
    op->b = q ? 16 : 8;
    op_set(op, tbx ? K(v_tbx) : q && op->a == 1 ? K(v_tbl1_q) : K(v_tbl));
    return true;
}

/* ---- modified immediate: 0 Q op 0111100000 abc cmode o2 1 defgh Rd ---- */

static uint64_t rep32(uint64_t v) { return (v & 0xffffffffull) * 0x0000000100000001ull; }
static uint64_t rep16(uint64_t v) { return (v & 0xffff) * 0x0001000100010001ull; }

/* AdvSIMDExpandImm(op, cmode, imm8). */
static uint64_t expand_imm(unsigned opb, unsigned cmode, uint64_t imm8)
{
    switch (cmode >> 1) {
    case 0: return rep32(imm8);
    case 1: return rep32(imm8 << 8);
    case 2: return rep32(imm8 << 16);
    case 3: return rep32(imm8 << 24);
    case 4: return rep16(imm8);
    case 5: return rep16(imm8 << 8);
    case 6: return rep32(cmode & 1 ? imm8 << 16 | 0xffff : imm8 << 8 | 0xff);
    default:
        break;
    }
    uint64_t b6 = imm8 >> 6 & 1;
    if (!(cmode & 1)) {
        if (!opb)
            return imm8 * 0x0101010101010101ull;
        uint64_t r = 0;
        for (int i = 0; i < 8; i++)
            if (imm8 >> i & 1)
                r |= 0xffull << 8 * i;
        return r;
    }
    if (!opb) /* single-precision FMOV */
        return rep32((imm8 >> 7) << 31 | (b6 ^ 1) << 30 | (b6 ? 0x1full : 0) << 25 | (imm8 & 0x3f) << 19);
    return (imm8 >> 7) << 63 | (b6 ^ 1) << 62 | (b6 ? 0xffull : 0) << 54 | (imm8 & 0x3f) << 48;
}

bool simd_decode_modimm(dc_t *dc, uint32_t insn, op_t *op)
{
    (void)dc;
    bool q = bits(insn, 30, 1), opb = bits(insn, 29, 1);
    unsigned cmode = bits(insn, 12, 4);
    if (bits(insn, 11, 1))
        return false; /* o2 = 1: FMOV (vector, immediate) half-precision, FEAT_FP16 */
    if (cmode == 0xf && opb && !q)
        return false; /* FMOV Vd.1D is not an encoding */
    uint64_t imm8 = bits(insn, 16, 3) << 5 | bits(insn, 5, 5);
    uint64_t imm = expand_imm(opb, cmode, imm8);
    op->rd = (uint8_t)bits(insn, 0, 5);
    if ((cmode & 1) && cmode < 12) {
        /* ORR/BIC (vector, immediate), 32- and 16-bit forms. */
        op->imm = imm;
        op->b = q;
        op_set(op, opb ? K(v_bici) : K(v_orri));
        return true;
    }
    if (opb && cmode < 14)
        imm = ~imm; /* MVNI */
    op->imm = imm;
    op->imm2 = q ? imm : 0;
    op_set(op, K(v_movi));
    return true;
}

/* ---- shift by immediate: 0 Q U 011110 immh immb opcode 1 Rn Rd
 *      (scalar: 01 U 111110 immh immb opcode 1 Rn Rd) ---- */

bool simd_decode_shift_imm(dc_t *dc, uint32_t insn, op_t *op, bool scalar)
{
    bool q = bits(insn, 30, 1), u = bits(insn, 29, 1);
    unsigned immh = bits(insn, 19, 4), immb = bits(insn, 16, 3), opc = bits(insn, 11, 5);
    if (opc == 0x1c || opc == 0x1f)
        return simd_fp_decode_shift_conv(dc, insn, op, scalar);
    unsigned size = 31u - (unsigned)__builtin_clz(immh); /* HighestSetBit(immh) */
    unsigned esize = 8u << size, immhb = immh << 3 | immb;
    unsigned rsh = 2 * esize - immhb, lsh = immhb - esize;
    regs2(op, insn);
    if (opc <= 0x0e && !(opc & 1)) {
        /* Same-size shifts. Vector: size:Q = 110 reserved. Scalar: only
         * the saturating left shifts have sizes other than 64 bits. */
        bool sat = opc >= 0x0c;
        if (scalar ? (!sat && size != 3) : (size == 3 && !q))
            return false;
        simd_masks(op, q, scalar ? esize : 0);
        op->b = (uint8_t)(scalar ? 1 : (q ? 16 : 8) >> size);
        enum op_kind k;
        switch (opc) {
        case 0x00: k = u ? K(v_ushr8) : K(v_sshr8); op->a = (uint8_t)rsh; break;
        case 0x02: k = u ? K(v_usra8) : K(v_ssra8); op->a = (uint8_t)rsh; break;
        case 0x04: k = u ? K(v_urshr8) : K(v_srshr8); op->a = (uint8_t)rsh; break;
        case 0x06: k = u ? K(v_ursra8) : K(v_srsra8); op->a = (uint8_t)rsh; break;
        case 0x08:
            if (!u)
                return false;
            k = K(v_sri8);
            op->a = (uint8_t)rsh;
            break;
        case 0x0a: k = u ? K(v_sli8) : K(v_shl8); op->a = (uint8_t)lsh; break;
        case 0x0c:
            if (!u)
                return false;
            k = K(v_sqshlu8);
            op->a = (uint8_t)lsh;
            break;
        default: k = u ? K(v_uqshli8) : K(v_sqshli8); op->a = (uint8_t)lsh; break;
        }
        op_set(op, (enum op_kind)(k + size));
        return true;
    }
    if (opc >= 0x10 && opc <= 0x13) {
        /* Narrowing shifts: immh<3> = 1 reserved; scalar SHRN/RSHRN do
         * not exist. */
        if (size == 3 || (scalar && !u && opc <= 0x11))
            return false;
        static const uint16_t k[2][4] = {
            { OP_v_shrn8, OP_v_rshrn8, OP_v_sqshrn8, OP_v_sqrshrn8 },
            { OP_v_sqshrun8, OP_v_sqrshrun8, OP_v_uqshrn8, OP_v_uqrshrn8 },
        };
        op->a = (uint8_t)rsh;
        op->b = (uint8_t)(scalar ? 1 : 8 >> size);
        op->c = (uint8_t)(q && !scalar ? 8 >> size : 0);
        op_set(op, (enum op_kind)(k[u][opc - 0x10] + size));
        return true;
    }
    if (opc == 0x14) {
        /* SSHLL/USHLL (SXTL/UXTL). */
        if (scalar || size == 3)
            return false;
        op->a = (uint8_t)lsh;
        op->c = (uint8_t)(q ? 8 >> size : 0);
        op_set(op, (enum op_kind)((u ? K(v_ushll8) : K(v_sshll8)) + size));
        return true;
    }
    return false;
}

/* ---- by element: 0 Q U 01111 size L M Rm opcode H 0 Rn Rd
 *      (scalar: 01 U 11111 size L M Rm opcode H 0 Rn Rd) ---- */

bool simd_decode_elem(dc_t *dc, uint32_t insn, op_t *op, bool scalar)
{
    bool q = bits(insn, 30, 1), u = bits(insn, 29, 1);
    unsigned size = bits(insn, 22, 2), opc = bits(insn, 12, 4);
    unsigned l = bits(insn, 21, 1), m = bits(insn, 20, 1), h = bits(insn, 11, 1);
    if ((!u && (opc == 0x1 || opc == 0x5 || opc == 0x9)) || (u && opc == 0x9))
        return simd_fp_decode_elem(dc, insn, op, scalar);
    /* Integer forms: 16-bit elements index H:L:M of V0-V15, 32-bit
     * elements index H:L of V0-V31. */
    if (size == 1) {
        op->a = (uint8_t)(h << 2 | l << 1 | m);
        op->rm = (uint8_t)bits(insn, 16, 4);
    } else if (size == 2) {
        op->a = (uint8_t)(h << 1 | l);
        op->rm = (uint8_t)(m << 4 | bits(insn, 16, 4));
    } else {
        return false;
    }
    regs2(op, insn);
    unsigned sz = size - 1;
    unsigned lanes = (q ? 16 : 8) >> size;
    switch (u << 4 | opc) {
    case 0x08: /* MUL */
    case 0x10: /* MLA */
    case 0x14: /* MLS */
        if (scalar)
            return false;
        simd_masks(op, q, 0);
        op_set(op, opc == 0x8 ? KS(v_mul_e16, sz) : opc == 0x0 ? KS(v_mla_e16, sz)
                                                               : KS(v_mls_e16, sz));
        return true;
    case 0x0c: /* SQDMULH */
    case 0x0d: /* SQRDMULH */
        op->b = (uint8_t)(scalar ? 1 : lanes);
        op_set(op, opc == 0xc ? KS(v_sqdmulh_e16, sz) : KS(v_sqrdmulh_e16, sz));
        return true;
    case 0x03: case 0x07: case 0x0b: /* SQDMLAL, SQDMLSL, SQDMULL */
        op->b = (uint8_t)(scalar ? 1 : 8 >> size);
        op->c = (uint8_t)(q && !scalar ? 8 >> size : 0);
        op_set(op, opc == 0x3 ? KS(v_sqdmlal_e16, sz) : opc == 0x7 ? KS(v_sqdmlsl_e16, sz)
                                                                  : KS(v_sqdmull_e16, sz));
        return true;
    case 0x02: case 0x06: case 0x0a: case 0x12: case 0x16: case 0x1a: {
        /* SMLAL/SMLSL/SMULL, UMLAL/UMLSL/UMULL */
        if (scalar)
            return false;
        op->b = (uint8_t)(8 >> size);
        op->c = (uint8_t)(q ? 8 >> size : 0);
        enum op_kind k;
        switch (u << 4 | opc) {
        case 0x02: k = K(v_smlal_e16); break;
        case 0x06: k = K(v_smlsl_e16); break;
        case 0x0a: k = K(v_smull_e16); break;
        case 0x12: k = K(v_umlal_e16); break;
        case 0x16: k = K(v_umlsl_e16); break;
        default: k = K(v_umull_e16); break;
        }
        op_set(op, (enum op_kind)(k + sz));
        return true;
    }
    default:
        return false; /* SDOT/UDOT, SQRDMLAH/SQRDMLSH: not Armv8.0 */
    }
}

/* ---- cryptographic ---- */

/* AES: 01001110 size 10100 opcode 10 Rn Rd. */
bool simd_decode_crypto_aes(dc_t *dc, uint32_t insn, op_t *op)
{
    unsigned opc = bits(insn, 12, 5);
    if (bits(insn, 22, 2) != 0 || opc < 4 || opc > 7 || !SIMD_HAVE_AES(dc))
        return false;
    regs2(op, insn);
    static const uint16_t k[4] = { OP_v_aese, OP_v_aesd, OP_v_aesmc, OP_v_aesimc };
    op_set(op, (enum op_kind)k[opc - 4]);
    return true;
}

/* Three-register SHA: 01011110 size 0 Rm 0 opcode 00 Rn Rd. */
bool simd_decode_crypto_sha3(dc_t *dc, uint32_t insn, op_t *op)
{
    unsigned opc = bits(insn, 12, 3);
    if (bits(insn, 22, 2) != 0 || opc == 7)
        return false;
    if (opc <= 3 ? !SIMD_HAVE_SHA1(dc) : !SIMD_HAVE_SHA256(dc))
        return false;
    regs2(op, insn);
    op->rm = (uint8_t)bits(insn, 16, 5);
    static const uint16_t k[7] = { OP_v_sha1c, OP_v_sha1p, OP_v_sha1m, OP_v_sha1su0,
                                   OP_v_sha256h, OP_v_sha256h2, OP_v_sha256su1 };
    op_set(op, (enum op_kind)k[opc]);
    return true;
}

/* Two-register SHA: 01011110 size 10100 opcode 10 Rn Rd. */
bool simd_decode_crypto_sha2(dc_t *dc, uint32_t insn, op_t *op)
{
    unsigned opc = bits(insn, 12, 5);
    if (bits(insn, 22, 2) != 0 || opc > 2)
        return false;
    if (opc <= 1 ? !SIMD_HAVE_SHA1(dc) : !SIMD_HAVE_SHA256(dc))
        return false;
    regs2(op, insn);
    static const uint16_t k[3] = { OP_v_sha1h, OP_v_sha1su1, OP_v_sha256su0 };
    op_set(op, (enum op_kind)k[opc]);
    return true;
}
