/* simd_fp_decode.c - the floating-point parts of the AdvSIMD classes
 * (their integer parts are decoded in simd_decode.c/simd_decode_imm.c):
 * three same (opcodes 11xxx), two-register miscellaneous, across lanes,
 * scalar pairwise, shift by immediate (fixed-point conversions) and by
 * element. Single and double precision; the half-precision arithmetic
 * encodings are FEAT_FP16 (not Armv8.0) and UNDEFINED here.
 *
 * sz = insn<22> picks single/double; a vector of doubles needs Q = 1
 * (sz:Q = 10 is reserved).
 */
#include "simd.h"

#define K(name) OP_##name
#define SD(name, sz) ((enum op_kind)(OP_##name##32 + (sz)))

static inline void regs(op_t *op, uint32_t insn)
{
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = (uint8_t)bits(insn, 5, 5);
    op->rm = (uint8_t)bits(insn, 16, 5);
}

/* Active lanes of a vector (q) or scalar of precision sz. */
static inline uint8_t fp_lanes(bool scalar, bool q, unsigned sz)
{
    return (uint8_t)(scalar ? 1 : (q ? 4 : 2) >> sz);
}

bool simd_fp_decode_three_same(dc_t *dc, uint32_t insn, op_t *op, bool scalar)
{
    (void)dc;
    bool q = bits(insn, 30, 1), u = bits(insn, 29, 1);
    unsigned a = bits(insn, 23, 1), sz = bits(insn, 22, 1), opc = bits(insn, 11, 5) & 7;
    if (!scalar && sz && !q)
        return false;
    regs(op, insn);
    op->b = fp_lanes(scalar, q, sz);
    enum op_kind k;
    /* Index: U:a:opcode<2:0>. */
    switch (u << 4 | a << 3 | opc) {
    case 0x00: k = SD(v_fmaxnm, sz); break;
    case 0x01: k = SD(v_fmla, sz); break;
    case 0x02: k = SD(v_fadd, sz); break;
    case 0x03: k = SD(v_fmulx, sz); break;
    case 0x04: k = SD(v_fcmeq, sz); break;
    case 0x06: k = SD(v_fmax, sz); break;
    case 0x07: k = SD(v_frecps, sz); break;
    case 0x08: k = SD(v_fminnm, sz); break;
    case 0x09: k = SD(v_fmls, sz); break;
    case 0x0a: k = SD(v_fsub, sz); break;
    case 0x0e: k = SD(v_fmin, sz); break;
    case 0x0f: k = SD(v_frsqrts, sz); break;
    case 0x10: k = SD(v_fmaxnmp, sz); break;
    case 0x12: k = SD(v_faddp, sz); break;
    case 0x13: k = SD(v_fmul, sz); break;
    case 0x14: k = SD(v_fcmge, sz); break;
    case 0x15: k = SD(v_facge, sz); break;
    case 0x16: k = SD(v_fmaxp, sz); break;
    case 0x17: k = SD(v_fdiv, sz); break;
    case 0x18: k = SD(v_fminnmp, sz); break;
    case 0x1a: k = SD(v_fabd, sz); break;
    case 0x1c: k = SD(v_fcmgt, sz); break;
    case 0x1d: k = SD(v_facgt, sz); break;
    case 0x1e: k = SD(v_fminp, sz); break;
    default: return false; /* FMLAL/FMLSL (FEAT_FHM) and unallocated */
    }
    if (scalar) {
        /* Scalar forms: FMULX, FCMEQ, FRECPS, FRSQRTS, FCMGE, FACGE, FABD,
         * FCMGT, FACGT. */
        switch (u << 4 | a << 3 | opc) {
        case 0x03: case 0x04: case 0x07: case 0x0f: case 0x14: case 0x15: case 0x1a: case 0x1c:
        case 0x1d:
            break;
        default:
            return false;
        }
    }
    op_set(op, k);
    return true;
}

bool simd_fp_decode_two_misc(dc_t *dc, uint32_t insn, op_t *op, bool scalar)
{
    (void)dc;
    bool q = bits(insn, 30, 1), u = bits(insn, 29, 1);
    unsigned a = bits(insn, 23, 1), sz = bits(insn, 22, 1), opc = bits(insn, 12, 5);
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = (uint8_t)bits(insn, 5, 5);

    /* Conversions between precisions: Q selects the half, no sz:Q rule. */
    if (opc == 0x16 || opc == 0x17) {
        if (a)
            return false;
        if (opc == 0x17) { /* FCVTL/FCVTL2 */
            if (scalar || u)
                return false;
            op->b = (uint8_t)(sz ? 2 : 4);
            op->c = (uint8_t)(q ? op->b : 0);
            op_set(op, sz ? K(v_fcvtl32) : K(v_fcvtl16));
            return true;
        }
        if (u) { /* FCVTXN/FCVTXN2: double to single, round to odd */
            if (!sz)
                return false;
            op->b = (uint8_t)(scalar ? 1 : 2);
            op->c = (uint8_t)(q && !scalar ? 2 : 0);
            op_set(op, K(v_fcvtxn64));
            return true;
        }
        if (scalar)
            return false;
        op->b = (uint8_t)(sz ? 2 : 4); /* FCVTN/FCVTN2 */
        op->c = (uint8_t)(q ? op->b : 0);
        op_set(op, sz ? K(v_fcvtn64) : K(v_fcvtn32));
        return true;
    }
    /* URECPE/URSQRTE: 32-bit integer lanes (size = 10). */
    if (opc == 0x1c && a) {
        if (scalar || sz)
            return false;
        op->b = (uint8_t)(q ? 4 : 2);
        op_set(op, u ? K(v_ursqrte32) : K(v_urecpe32));
        return true;
    }
    if (!scalar && sz && !q)
        return false;
    op->b = fp_lanes(scalar, q, sz);
    enum op_kind k;
    bool vector_only = false;
    switch (u << 6 | a << 5 | opc) {
    /* size<1> = 0 */
    case 0x18: k = SD(v_frint, sz); op->a = FPROUND_TIEEVEN; vector_only = true; break; /* FRINTN */
    case 0x19: k = SD(v_frint, sz); op->a = FPROUND_NEGINF; vector_only = true; break;  /* FRINTM */
    case 0x1a: k = SD(v_fcvts, sz); op->a = FPROUND_TIEEVEN; break;                     /* FCVTNS */
    case 0x1b: k = SD(v_fcvts, sz); op->a = FPROUND_NEGINF; break;                      /* FCVTMS */
    case 0x1c: k = SD(v_fcvts, sz); op->a = FPROUND_TIEAWAY; break;                     /* FCVTAS */
    case 0x1d: k = SD(v_scvtf, sz); break;
    case 0x58: k = SD(v_frint, sz); op->a = FPROUND_TIEAWAY; vector_only = true; break;  /* FRINTA */
    case 0x59: k = SD(v_frintx, sz); vector_only = true; break;
    case 0x5a: k = SD(v_fcvtu, sz); op->a = FPROUND_TIEEVEN; break;                     /* FCVTNU */
    case 0x5b: k = SD(v_fcvtu, sz); op->a = FPROUND_NEGINF; break;                      /* FCVTMU */
    case 0x5c: k = SD(v_fcvtu, sz); op->a = FPROUND_TIEAWAY; break;                     /* FCVTAU */
    case 0x5d: k = SD(v_ucvtf, sz); break;
    /* size<1> = 1 */
    case 0x2c: k = SD(v_fcmgt0, sz); break;
    case 0x2d: k = SD(v_fcmeq0, sz); break;
    case 0x2e: k = SD(v_fcmlt0, sz); break;
    case 0x2f: k = SD(v_fabs, sz); vector_only = true; break;
    case 0x38: k = SD(v_frint, sz); op->a = FPROUND_POSINF; vector_only = true; break;  /* FRINTP */
    case 0x39: k = SD(v_frint, sz); op->a = FPROUND_ZERO; vector_only = true; break;    /* FRINTZ */
    case 0x3a: k = SD(v_fcvts, sz); op->a = FPROUND_POSINF; break;                      /* FCVTPS */
    case 0x3b: k = SD(v_fcvts, sz); op->a = FPROUND_ZERO; break;                        /* FCVTZS */
    case 0x3d: k = SD(v_frecpe, sz); break;
    case 0x3f: /* FRECPX: scalar only */
        if (!scalar)
            return false;
        k = SD(v_frecpx, sz);
        break;
    case 0x6c: k = SD(v_fcmge0, sz); break;
    case 0x6d: k = SD(v_fcmle0, sz); break;
    case 0x6f: k = SD(v_fneg, sz); vector_only = true; break;
    case 0x79: k = SD(v_frinti, sz); vector_only = true; break;
    case 0x7a: k = SD(v_fcvtu, sz); op->a = FPROUND_POSINF; break;                      /* FCVTPU */
    case 0x7b: k = SD(v_fcvtu, sz); op->a = FPROUND_ZERO; break;                        /* FCVTZU */
    case 0x7d: k = SD(v_frsqrte, sz); break;
    case 0x7f: k = SD(v_fsqrt, sz); vector_only = true; break;
    default: return false;
    }
    if (scalar && vector_only)
        return false; /* those scalar forms are in the FP data-processing class */
    op_set(op, k);
    return true;
}

/* FMAXNMV/FMINNMV/FMAXV/FMINV: 4S only (the FP16 forms have U = 0). */
bool simd_fp_decode_across(dc_t *dc, uint32_t insn, op_t *op)
{
    (void)dc;
    bool q = bits(insn, 30, 1), u = bits(insn, 29, 1);
    unsigned a = bits(insn, 23, 1), sz = bits(insn, 22, 1), opc = bits(insn, 12, 5);
    if (!u || sz || !q)
        return false;
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = (uint8_t)bits(insn, 5, 5);
    if (opc == 0x0c)
        op_set(op, a ? K(v_fminnmv) : K(v_fmaxnmv));
    else
        op_set(op, a ? K(v_fminv) : K(v_fmaxv));
    return true;
}

/* Scalar pairwise (U = 1): FMAXNMP, FADDP, FMAXP, FMINNMP, FMINP of the
 * two elements of Vn (2S or 2D). */
bool simd_fp_decode_pairwise(dc_t *dc, uint32_t insn, op_t *op)
{
    (void)dc;
    unsigned a = bits(insn, 23, 1), sz = bits(insn, 22, 1), opc = bits(insn, 12, 5);
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = op->rm = (uint8_t)bits(insn, 5, 5);
    op->b = 1;
    switch (a << 5 | opc) {
    case 0x0c: op_set(op, SD(v_fmaxnmp, sz)); return true;
    case 0x0d: op_set(op, SD(v_faddp, sz)); return true;
    case 0x0f: op_set(op, SD(v_fmaxp, sz)); return true;
    case 0x2c: op_set(op, SD(v_fminnmp, sz)); return true;
    case 0x2f: op_set(op, SD(v_fminp, sz)); return true;
    default: return false;
    }
}

/* SCVTF/UCVTF/FCVTZS/FCVTZU (vector and scalar, fixed-point): fbits =
 * 2 * esize - immh:immb; immh = 01xx single, 1xxx double (001x is FP16). */
bool simd_fp_decode_shift_conv(dc_t *dc, uint32_t insn, op_t *op, bool scalar)
{
    (void)dc;
    bool q = bits(insn, 30, 1), u = bits(insn, 29, 1);
    unsigned immh = bits(insn, 19, 4), immhb = bits(insn, 16, 7), opc = bits(insn, 11, 5);
    unsigned sz;
    if (immh & 8)
        sz = 1;
    else if (immh & 4)
        sz = 0;
    else
        return false;
    if (!scalar && sz && !q)
        return false;
    unsigned esize = 32u << sz;
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = (uint8_t)bits(insn, 5, 5);
    op->b = fp_lanes(scalar, q, sz);
    op->c = (uint8_t)(2 * esize - immhb);
    if (opc == 0x1c) {
        op_set(op, u ? SD(v_ucvtf, sz) : SD(v_scvtf, sz));
    } else {
        op->a = FPROUND_ZERO;
        op_set(op, u ? SD(v_fcvtu, sz) : SD(v_fcvts, sz));
    }
    return true;
}

/* FMLA/FMLS/FMUL/FMULX (by element): size = 10 single (index H:L),
 * 11 double (index H, L = 0); Vm is M:Rm. */
bool simd_fp_decode_elem(dc_t *dc, uint32_t insn, op_t *op, bool scalar)
{
    (void)dc;
    bool q = bits(insn, 30, 1), u = bits(insn, 29, 1);
    unsigned size = bits(insn, 22, 2), opc = bits(insn, 12, 4);
    unsigned l = bits(insn, 21, 1), h = bits(insn, 11, 1);
    if (!(size & 2))
        return false; /* 00: FP16 (FEAT_FP16); 01: reserved */
    unsigned sz = size & 1;
    if (sz && l)
        return false;
    if (!scalar && sz && !q)
        return false;
    regs(op, insn);
    op->a = (uint8_t)(sz ? h : h << 1 | l);
    op->b = fp_lanes(scalar, q, sz);
    switch (u << 4 | opc) {
    case 0x01: op_set(op, SD(v_fmla_e, sz)); return true;
    case 0x05: op_set(op, SD(v_fmls_e, sz)); return true;
    case 0x09: op_set(op, SD(v_fmul_e, sz)); return true;
    case 0x19: op_set(op, SD(v_fmulx_e, sz)); return true;
    default: return false;
    }
}
