/* fp_scalar.c - decoder of the scalar floating-point instructions: the
 * "Floating-point" classes of the A64 SIMD&FP group (insn<30> == 0,
 * insn<28:24> == 11110 or 11111). Handlers are in fp_ops.c.
 *
 * Precision (ftype, insn<23:22>): 00 single, 01 double. 11 is half
 * precision, whose arithmetic is FEAT_FP16 (Armv8.2): UNDEFINED here, except
 * FCVT from half, which Armv8.0 has. 10 is only FMOV to/from V.D[1].
 * M (insn<31>) and S (insn<29>) must be 0 outside the integer conversions.
 */
#include "fp.h"
#include "fpu.h"

/* ---- helpers ---------------------------------------------------------------- */

static inline void fp_op(dc_t *dc, op_t *op, enum op_kind k)
{
    op_set(op, k);
    dc->uses_fp = true;
}

/* Pick the single or double variant of an op listed as name_s, name_d. */
static inline enum op_kind sd(enum op_kind single, unsigned ftype)
{
    return (enum op_kind)(single + ftype);
}

/* VFPExpandImm: sign = imm8<7>, exponent = NOT(b6):Replicate(b6, E-3):imm8<5:4>,
 * fraction = imm8<3:0>:Zeros(F-4). */
static uint64_t vfp_expand_imm(unsigned imm8, bool dbl)
{
    unsigned b6 = imm8 >> 6 & 1, e = dbl ? 11 : 8, f = dbl ? 52 : 23;
    uint64_t exp = (uint64_t)(!b6) << (e - 1) | (b6 ? ((1ull << (e - 3)) - 1) << 2 : 0) | (imm8 >> 4 & 3);
    return (uint64_t)(imm8 >> 7) << (e + f) | exp << f | (uint64_t)(imm8 & 15) << (f - 4);
}

/* ---- FP data-processing (3 source) -------------------------------------------- */

static bool dec_3src(dc_t *dc, uint32_t insn, op_t *op, unsigned ftype)
{
    if (ftype > 1)
        return false;
    bool o1 = bits(insn, 21, 1), o0 = bits(insn, 15, 1);
    uint64_t sign = ftype ? 1ull << 63 : 1ull << 31;
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = (uint8_t)bits(insn, 5, 5);
    op->ra = (uint8_t)bits(insn, 10, 5);
    op->rm = (uint8_t)bits(insn, 16, 5);
    /* FMADD: a + n*m; FMSUB: a - n*m; FNMADD: -a - n*m; FNMSUB: -a + n*m */
    op->imm = o1 ? sign : 0;          /* addend negated */
    op->imm2 = (o1 != o0) ? sign : 0; /* n negated */
    fp_op(dc, op, sd(OP_fmadd_s, ftype));
    return true;
}

/* ---- FP data-processing (2 source) --------------------------------------------- */

static bool dec_2src(dc_t *dc, uint32_t insn, op_t *op, unsigned ftype)
{
    static const enum op_kind ops[9] = {
        OP_fmul_s, OP_fdiv_s, OP_fadd_s, OP_fsub_s, OP_fmax_s,
        OP_fmin_s, OP_fmaxnm_s, OP_fminnm_s, OP_fnmul_s,
    };
    unsigned opc = bits(insn, 12, 4);
    if (ftype > 1 || opc > 8)
        return false;
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = (uint8_t)bits(insn, 5, 5);
    op->rm = (uint8_t)bits(insn, 16, 5);
    fp_op(dc, op, sd(ops[opc], ftype));
    return true;
}

/* ---- FP data-processing (1 source) ----------------------------------------------- */

static bool dec_1src(dc_t *dc, uint32_t insn, op_t *op, unsigned ftype)
{
    unsigned opc = bits(insn, 15, 6);
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = (uint8_t)bits(insn, 5, 5);
    if ((opc & 0x3c) == 0x04) { /* FCVT: opc<1:0> = destination type */
        unsigned to = opc & 3;
        enum op_kind k;
        switch (ftype << 2 | to) {
        case 0 << 2 | 1: k = OP_fcvt_sd; break;
        case 0 << 2 | 3: k = OP_fcvt_sh; break;
        case 1 << 2 | 0: k = OP_fcvt_ds; break;
        case 1 << 2 | 3: k = OP_fcvt_dh; break;
        case 3 << 2 | 0: k = OP_fcvt_hs; break;
        case 3 << 2 | 1: k = OP_fcvt_hd; break;
        default: return false; /* same type, type 10, or BFCVT (FEAT_BF16) */
        }
        fp_op(dc, op, k);
        return true;
    }
    if (ftype > 1)
        return false;
    switch (opc) {
    case 0x00: fp_op(dc, op, sd(OP_fmov_s, ftype)); return true;
    case 0x01: fp_op(dc, op, sd(OP_fabs_s, ftype)); return true;
    case 0x02: fp_op(dc, op, sd(OP_fneg_s, ftype)); return true;
    case 0x03: fp_op(dc, op, sd(OP_fsqrt_s, ftype)); return true;
    case 0x08: op->a = FPROUND_TIEEVEN; break; /* FRINTN */
    case 0x09: op->a = FPROUND_POSINF; break;  /* FRINTP */
    case 0x0a: op->a = FPROUND_NEGINF; break;  /* FRINTM */
    case 0x0b: op->a = FPROUND_ZERO; break;    /* FRINTZ */
    case 0x0c: op->a = FPROUND_TIEAWAY; break; /* FRINTA */
    case 0x0e: /* FRINTX: FPCR's mode, inexact signalled */
        op->b = 1;
        fp_op(dc, op, sd(OP_frinti_s, ftype));
        return true;
    case 0x0f: fp_op(dc, op, sd(OP_frinti_s, ftype)); return true; /* FRINTI */
    default: return false; /* incl. FRINT32/64 (FEAT_FRINTTS) */
    }
    fp_op(dc, op, sd(OP_frint_s, ftype));
    return true;
}

/* ---- FP compare, conditional compare, conditional select, immediate ------------- */

static bool dec_compare(dc_t *dc, uint32_t insn, op_t *op, unsigned ftype)
{
    if (ftype > 1 || bits(insn, 14, 2) != 0 || bits(insn, 0, 3) != 0)
        return false;
    op->rn = (uint8_t)bits(insn, 5, 5);
    op->rm = (uint8_t)bits(insn, 16, 5);
    op->a = (uint8_t)bits(insn, 4, 1); /* FCMPE */
    /* opc<0> (insn<3>): compare with #0.0; Rm is ignored. */
    fp_op(dc, op, sd(bits(insn, 3, 1) ? OP_fcmp0_s : OP_fcmp_s, ftype));
    return true;
}

static bool dec_ccmp(dc_t *dc, uint32_t insn, op_t *op, unsigned ftype)
{
    if (ftype > 1)
        return false;
    op->rn = (uint8_t)bits(insn, 5, 5);
    op->rm = (uint8_t)bits(insn, 16, 5);
    op->a = (uint8_t)bits(insn, 4, 1); /* FCCMPE */
    op->c = (uint8_t)bits(insn, 12, 4);
    op->imm = (uint64_t)bits(insn, 0, 4) << 28;
    fp_op(dc, op, sd(OP_fccmp_s, ftype));
    return true;
}

static bool dec_csel(dc_t *dc, uint32_t insn, op_t *op, unsigned ftype)
{
    if (ftype > 1)
        return false;
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = (uint8_t)bits(insn, 5, 5);
    op->rm = (uint8_t)bits(insn, 16, 5);
    op->c = (uint8_t)bits(insn, 12, 4);
    fp_op(dc, op, sd(OP_fcsel_s, ftype));
    return true;
}

static bool dec_imm(dc_t *dc, uint32_t insn, op_t *op, unsigned ftype)
{
    if (ftype > 1 || bits(insn, 5, 5) != 0)
        return false;
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->imm = vfp_expand_imm(bits(insn, 13, 8), ftype == 1);
    fp_op(dc, op, OP_fmov_imm);
    return true;
}

/* ---- conversions between FP and integer / fixed point ---------------------------- */

/* FCVT*S/U to a general register: rmode:opcode<0>, with fbits fraction bits. */
static void set_to_int(dc_t *dc, op_t *op, uint32_t insn, unsigned ftype, fpround_t mode,
                       bool uns, unsigned fbits)
{
    op->rd = dst_or_zr(bits(insn, 0, 5));
    op->rn = (uint8_t)bits(insn, 5, 5);
    op->sf = (uint8_t)bits(insn, 31, 1);
    op->a = (uint8_t)mode;
    op->b = uns;
    op->c = (uint8_t)fbits;
    fp_op(dc, op, sd(OP_fcvt_int_s, ftype));
}

/* SCVTF/UCVTF from a general register. */
static void set_from_int(dc_t *dc, op_t *op, uint32_t insn, unsigned ftype, bool uns, unsigned fbits)
{
    op->rd = (uint8_t)bits(insn, 0, 5);
    op->rn = reg_or_zr(bits(insn, 5, 5));
    op->sf = (uint8_t)bits(insn, 31, 1);
    op->b = uns;
    op->c = (uint8_t)fbits;
    fp_op(dc, op, sd(OP_cvtf_s, ftype));
}

/* Conversion between floating-point and fixed-point: fbits = 64 - scale,
 * at most 32 for a W register. */
static bool dec_fixed(dc_t *dc, uint32_t insn, op_t *op, unsigned ftype)
{
    bool sf = bits(insn, 31, 1);
    unsigned scale = bits(insn, 10, 6), rmode_op = bits(insn, 16, 5);
    if (ftype > 1 || (!sf && scale < 32))
        return false;
    unsigned fbits = 64 - scale;
    switch (rmode_op) {
    case 0x02: set_from_int(dc, op, insn, ftype, false, fbits); return true; /* SCVTF */
    case 0x03: set_from_int(dc, op, insn, ftype, true, fbits); return true;  /* UCVTF */
    case 0x18: set_to_int(dc, op, insn, ftype, FPROUND_ZERO, false, fbits); return true; /* FCVTZS */
    case 0x19: set_to_int(dc, op, insn, ftype, FPROUND_ZERO, true, fbits); return true;  /* FCVTZU */
    default: return false;
    }
}

/* Conversion between floating-point and integer (bits 15:10 = 0). */
static bool dec_int(dc_t *dc, uint32_t insn, op_t *op, unsigned ftype)
{
    bool sf = bits(insn, 31, 1);
    unsigned rmode = bits(insn, 19, 2), opcode = bits(insn, 16, 3);
    unsigned rd = bits(insn, 0, 5), rn = bits(insn, 5, 5);
    if (opcode >= 6) {
        /* FMOV (general): W<->S, X<->D, X<->V.D[1]; half (FEAT_FP16) not. */
        bool to_fp = opcode & 1;
        enum op_kind k;
        if (rmode == 0 && !sf && ftype == 0)
            k = to_fp ? OP_fmov_sw : OP_fmov_ws;
        else if (rmode == 0 && sf && ftype == 1)
            k = to_fp ? OP_fmov_dx : OP_fmov_xd;
        else if (rmode == 1 && sf && ftype == 2)
            k = to_fp ? OP_fmov_d1x : OP_fmov_xd1;
        else
            return false;
        op->rd = to_fp ? (uint8_t)rd : dst_or_zr(rd);
        op->rn = to_fp ? reg_or_zr(rn) : (uint8_t)rn;
        fp_op(dc, op, k);
        return true;
    }
    if (ftype > 1)
        return false;
    if (opcode == 2 || opcode == 3) { /* SCVTF / UCVTF */
        if (rmode != 0)
            return false;
        set_from_int(dc, op, insn, ftype, opcode == 3, 0);
        return true;
    }
    static const fpround_t modes[4] = { FPROUND_TIEEVEN, FPROUND_POSINF, FPROUND_NEGINF, FPROUND_ZERO };
    fpround_t mode;
    if (opcode < 2)       /* FCVTN/P/M/Z S/U */
        mode = modes[rmode];
    else if (rmode == 0)  /* opcode 4, 5: FCVTAS / FCVTAU */
        mode = FPROUND_TIEAWAY;
    else
        return false;     /* incl. FJCVTZS (FEAT_JSCVT) */
    set_to_int(dc, op, insn, ftype, mode, opcode & 1, 0);
    return true;
}

/* ---- the group ------------------------------------------------------------------------ */

bool decode_fp_scalar(dc_t *dc, uint32_t insn, op_t *op)
{
    unsigned ftype = bits(insn, 22, 2);
    if (bits(insn, 30, 1) || bits(insn, 25, 4) != 0xf) /* not the FP classes */
        return false;
    if (bits(insn, 24, 1)) { /* FP data-processing (3 source) */
        if (bits(insn, 29, 3) != 0)
            return false;
        return dec_3src(dc, insn, op, ftype);
    }
    if (bits(insn, 29, 1)) /* S = 1: unallocated throughout */
        return false;
    if (!bits(insn, 21, 1))
        return dec_fixed(dc, insn, op, ftype);
    if (bits(insn, 10, 2) == 0 && bits(insn, 12, 4) == 0)
        return dec_int(dc, insn, op, ftype);
    if (bits(insn, 31, 1)) /* M = 1: unallocated outside conversions */
        return false;
    switch (bits(insn, 10, 2)) {
    case 1: return dec_ccmp(dc, insn, op, ftype);
    case 2: return dec_2src(dc, insn, op, ftype);
    case 3: return dec_csel(dc, insn, op, ftype);
    default: break;
    }
    if (bits(insn, 12, 1))
        return dec_imm(dc, insn, op, ftype);
    if (bits(insn, 13, 1))
        return dec_compare(dc, insn, op, ftype);
    if (bits(insn, 14, 1))
        return dec_1src(dc, insn, op, ftype);
    return false; /* bits 15:10 = 100000 */
}
