/* dp_imm.c - the A64 "Data Processing -- Immediate" group (op0 = 100x):
 * PC-relative addressing (ADR, ADRP), add/subtract (immediate), logical
 * (immediate), move wide (MOVZ, MOVN, MOVK), bitfield (SBFM, BFM, UBFM and
 * every alias: LSL/LSR/ASR #imm, SXT*, UXT*, SBFX, UBFX, SBFIZ, UBFIZ, BFI,
 * BFXIL) and extract (EXTR, ROR #imm).
 *
 * Most of the work happens here, at decode time: an address or an immediate
 * that the instruction fully determines (ADR, ADRP, MOVZ, MOVN, a logical
 * immediate, the masks and shift counts of a bitfield move) is computed once,
 * so the handlers are one or two ALU operations.
 */
#include "decode.h"

/* ---- handlers ---------------------------------------------------------- */

/* NOP and the other hints that have no effect here (the system decoder emits
 * this op for them). */
const op_t *op_nop(cpu_t *cpu, const op_t *op)
{
    (void)cpu;
    return op + 1;
}

/* Rd = constant: ADR, ADRP (address computed at translate time), MOVZ, MOVN,
 * and ORR Rd, ZR, #bitmask (the MOV (bitmask immediate) alias). */
const op_t *op_mov_imm(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = op->imm;
    return op + 1;
}

/* MOVK: keep all but one 16-bit field. imm2 is the keep-mask (for the 32-bit
 * form it also clears bits 63:32, so one handler serves both widths), imm the
 * new field already shifted into place. rn is the slot Rd is read from. */
const op_t *op_movk(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (cpu->x[op->rn] & op->imm2) | op->imm;
    return op + 1;
}

/* ADD/SUB (immediate). SUB without flags is emitted as ADD of the negated
 * immediate: the sum modulo 2^N is the same. */
const op_t *op_add_imm64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->rn] + op->imm;
    return op + 1;
}

const op_t *op_add_imm32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint32_t)(cpu->x[op->rn] + op->imm);
    return op + 1;
}

/* ADDS/SUBS (immediate), CMN/CMP: the lazy flags keep operands and result
 * (AddWithCarry is evaluated by flags.c when NZCV is read). */
const op_t *op_adds_imm64(cpu_t *cpu, const op_t *op)
{
    uint64_t a = cpu->x[op->rn], r = a + op->imm;
    cpu->cc_op = CC_ADD64;
    cpu->cc_a = a;
    cpu->cc_b = op->imm;
    cpu->cc_r = r;
    cpu->x[op->rd] = r;
    return op + 1;
}

const op_t *op_adds_imm32(cpu_t *cpu, const op_t *op)
{
    uint64_t a = cpu->x[op->rn];
    uint32_t r = (uint32_t)(a + op->imm);
    cpu->cc_op = CC_ADD32;
    cpu->cc_a = a;
    cpu->cc_b = op->imm;
    cpu->cc_r = r;
    cpu->x[op->rd] = r;
    return op + 1;
}

const op_t *op_subs_imm64(cpu_t *cpu, const op_t *op)
{
    uint64_t a = cpu->x[op->rn], r = a - op->imm;
    cpu->cc_op = CC_SUB64;
    cpu->cc_a = a;
    cpu->cc_b = op->imm;
    cpu->cc_r = r;
    cpu->x[op->rd] = r;
    return op + 1;
}

const op_t *op_subs_imm32(cpu_t *cpu, const op_t *op)
{
    uint64_t a = cpu->x[op->rn];
    uint32_t r = (uint32_t)(a - op->imm);
    cpu->cc_op = CC_SUB32;
    cpu->cc_a = a;
    cpu->cc_b = op->imm;
    cpu->cc_r = r;
    cpu->x[op->rd] = r;
    return op + 1;
}

/* Logical (immediate). A 32-bit bitmask immediate has bits 63:32 clear, so
 * AND needs no truncation and one handler serves both widths. */
const op_t *op_and_imm(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->rn] & op->imm;
    return op + 1;
}

const op_t *op_orr_imm64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->rn] | op->imm;
    return op + 1;
}

const op_t *op_orr_imm32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint32_t)(cpu->x[op->rn] | op->imm);
    return op + 1;
}

const op_t *op_eor_imm64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->rn] ^ op->imm;
    return op + 1;
}

const op_t *op_eor_imm32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint32_t)(cpu->x[op->rn] ^ op->imm);
    return op + 1;
}

/* ANDS/TST (immediate): N and Z from the result, C = V = 0. */
const op_t *op_ands_imm64(cpu_t *cpu, const op_t *op)
{
    uint64_t r = cpu->x[op->rn] & op->imm;
    cpu->cc_op = CC_LOGIC64;
    cpu->cc_r = r;
    cpu->x[op->rd] = r;
    return op + 1;
}

const op_t *op_ands_imm32(cpu_t *cpu, const op_t *op)
{
    uint64_t r = cpu->x[op->rn] & op->imm;
    cpu->cc_op = CC_LOGIC32;
    cpu->cc_r = r;
    cpu->x[op->rd] = r;
    return op + 1;
}

/* Bitfield moves. Every UBFM/SBFM is "bring the source field to the top of
 * the 64-bit value, then shift it down to its destination bit": a = left
 * shift, b = right shift, both chosen at decode time. The logical right shift
 * zero-fills (UBFM: LSR, LSL, UBFX, UBFIZ, UXTB, UXTH); the arithmetic one
 * replicates the field's top bit (SBFM: ASR, SBFX, SBFIZ, SXTB, SXTH, SXTW),
 * which then needs clipping to the register width (imm). */
const op_t *op_ubfm(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (cpu->x[op->rn] << op->a) >> op->b;
    return op + 1;
}

const op_t *op_sbfm(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint64_t)((int64_t)(cpu->x[op->rn] << op->a) >> op->b) & op->imm;
    return op + 1;
}

/* The aliases compilers emit most, straight-line (decode_bitfield picks
 * them): LSL/LSR/ASR #a and SXTW. The 32-bit forms write the low word and
 * zero bits 63:32, as every W-register write does. */
const op_t *op_lsl_imm64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->rn] << op->a;
    return op + 1;
}

const op_t *op_lsl_imm32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint32_t)(cpu->x[op->rn] << op->a);
    return op + 1;
}

const op_t *op_lsr_imm64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->rn] >> op->a;
    return op + 1;
}

const op_t *op_lsr_imm32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint32_t)cpu->x[op->rn] >> op->a;
    return op + 1;
}

const op_t *op_asr_imm64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint64_t)((int64_t)cpu->x[op->rn] >> op->a);
    return op + 1;
}

const op_t *op_asr_imm32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint32_t)((int32_t)(uint32_t)cpu->x[op->rn] >> op->a);
    return op + 1;
}

const op_t *op_sxtw(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint64_t)(int64_t)(int32_t)(uint32_t)cpu->x[op->rn];
    return op + 1;
}

/* BFM (BFI, BFXIL): the field lands where UBFM would put it; the rest of the
 * destination (read from slot ra) is kept through the mask imm, which for the
 * 32-bit form also clears bits 63:32. */
const op_t *op_bfm(cpu_t *cpu, const op_t *op)
{
    uint64_t field = (cpu->x[op->rn] << op->a) >> op->b;
    cpu->x[op->rd] = (cpu->x[op->ra] & op->imm) | field;
    return op + 1;
}

/* EXTR: bits lsb+N-1..lsb of Rn:Rm. The double shift avoids an undefined
 * shift by 64 when lsb = 0. */
const op_t *op_extr64(cpu_t *cpu, const op_t *op)
{
    uint64_t hi = cpu->x[op->rn], lo = cpu->x[op->rm];
    cpu->x[op->rd] = (lo >> op->a) | (hi << (63 - op->a) << 1);
    return op + 1;
}

const op_t *op_extr32(cpu_t *cpu, const op_t *op)
{
    uint64_t concat = (uint64_t)(uint32_t)cpu->x[op->rn] << 32 | (uint32_t)cpu->x[op->rm];
    cpu->x[op->rd] = (uint32_t)(concat >> op->a);
    return op + 1;
}

/* ---- decoder ----------------------------------------------------------- */

static inline uint64_t ones(unsigned n) /* n = 0..64 */
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

/* DecodeBitMasks(N, imms, immr, immediate = TRUE, datasize) for logical
 * (immediate): the element size is 2^len where len = HighestSetBit(N:NOT(imms));
 * the element is S+1 ones rotated right by R, replicated to the register
 * width. Returns false on the reserved encodings: len < 1, an element of all
 * ones (S = esize-1), and a 64-bit element in a 32-bit operation (N = 1 with
 * sf = 0). */
static bool decode_bit_masks(unsigned n, unsigned imms, unsigned immr, bool sf, uint64_t *mask)
{
    unsigned combined = n << 6 | (~imms & 0x3f);
    if (combined < 2)
        return false; /* HighestSetBit < 1 */
    unsigned len = 31 - (unsigned)__builtin_clz(combined);
    if (len == 6 && !sf)
        return false;
    unsigned levels = (1u << len) - 1, esize = 1u << len;
    unsigned s = imms & levels, r = immr & levels;
    if (s == levels)
        return false;
    uint64_t elem = ones(s + 1);
    if (r)
        elem = ((elem >> r) | (elem << (esize - r))) & ones(esize);
    for (unsigned e = esize; e < 64; e *= 2)
        elem |= elem << e;
    *mask = sf ? elem : (uint32_t)elem;
    return true;
}

/* ADR / ADRP: the result depends only on the PC, known now. */
static bool decode_pcrel(dc_t *dc, uint32_t insn, op_t *op)
{
    uint64_t imm = (uint64_t)sbits(insn, 5, 19) << 2 | bits(insn, 29, 2); /* immhi:immlo */
    uint64_t val;
    if (insn >> 31) /* ADRP: 4 KiB page of PC plus imm pages */
        val = (dc->pc & ~0xfffull) + (imm << 12);
    else
        val = dc->pc + imm;
    op->rd = dst_or_zr(bits(insn, 0, 5));
    op->imm = val;
    op_set(op, OP_mov_imm);
    return true;
}

/* Add/subtract (immediate): sf op S 100010 sh imm12 Rn Rd. Rn is SP when 31;
 * Rd is SP for ADD/SUB and XZR for ADDS/SUBS (CMN/CMP). */
static bool decode_addsub_imm(uint32_t insn, op_t *op)
{
    bool sf = insn >> 31, sub = insn >> 30 & 1, setflags = insn >> 29 & 1;
    unsigned sh = bits(insn, 22, 2);
    if (sh > 1)
        return false; /* shift 1x reserved (MTE's ADDG/SUBG live at 1x: not implemented) */
    uint64_t imm = (uint64_t)bits(insn, 10, 12) << (sh ? 12 : 0);
    op->rn = reg_or_sp(bits(insn, 5, 5));
    op->imm = imm;
    op->sf = sf;
    if (!setflags) {
        op->rd = reg_or_sp(bits(insn, 0, 5));
        if (sub)
            op->imm = 0 - imm;
        op_set(op, sf ? OP_add_imm64 : OP_add_imm32);
        return true;
    }
    op->rd = dst_or_zr(bits(insn, 0, 5));
    if (sub)
        op_set(op, sf ? OP_subs_imm64 : OP_subs_imm32);
    else
        op_set(op, sf ? OP_adds_imm64 : OP_adds_imm32);
    return true;
}

/* Logical (immediate): sf opc 100100 N immr imms Rn Rd. Rd is SP when 31 for
 * AND/ORR/EOR, XZR for ANDS (TST); Rn is XZR. */
static bool decode_logic_imm(uint32_t insn, op_t *op)
{
    bool sf = insn >> 31;
    unsigned opc = bits(insn, 29, 2), rd = bits(insn, 0, 5), rn = bits(insn, 5, 5);
    uint64_t mask;
    if (!decode_bit_masks(bits(insn, 22, 1), bits(insn, 10, 6), bits(insn, 16, 6), sf, &mask))
        return false;
    op->rn = reg_or_zr(rn);
    op->rd = opc == 3 ? dst_or_zr(rd) : reg_or_sp(rd);
    op->imm = mask;
    op->sf = sf;
    switch (opc) {
    case 0: op_set(op, OP_and_imm); break;
    case 1:
        if (rn == 31) /* MOV (bitmask immediate) */
            op_set(op, OP_mov_imm);
        else
            op_set(op, sf ? OP_orr_imm64 : OP_orr_imm32);
        break;
    case 2: op_set(op, sf ? OP_eor_imm64 : OP_eor_imm32); break;
    default: op_set(op, sf ? OP_ands_imm64 : OP_ands_imm32); break;
    }
    return true;
}

/* Move wide (immediate): sf opc 100101 hw imm16 Rd. */
static bool decode_movewide(uint32_t insn, op_t *op)
{
    bool sf = insn >> 31;
    unsigned opc = bits(insn, 29, 2), hw = bits(insn, 21, 2), rd = bits(insn, 0, 5);
    if (opc == 1 || (!sf && hw >= 2))
        return false;
    unsigned shift = hw * 16;
    uint64_t field = (uint64_t)bits(insn, 5, 16) << shift;
    uint64_t width_mask = sf ? ~0ull : 0xffffffffull;
    op->rd = dst_or_zr(rd);
    op->sf = sf;
    switch (opc) {
    case 0: /* MOVN */
        op->imm = ~field & width_mask;
        op_set(op, OP_mov_imm);
        break;
    case 2: /* MOVZ */
        op->imm = field;
        op_set(op, OP_mov_imm);
        break;
    default: /* MOVK */
        op->rn = reg_or_zr(rd);
        op->imm = field;
        op->imm2 = ~(0xffffull << shift) & width_mask;
        op->a = (uint8_t)shift;
        op_set(op, OP_movk);
        break;
    }
    return true;
}

/* Bitfield: sf opc 100110 N immr imms Rn Rd (SBFM, BFM, UBFM).
 * The Arm pseudocode builds wmask/tmask with DecodeBitMasks(immediate=FALSE);
 * with N == sf the element is the whole register, and the operation reduces
 * to moving one field:
 *   imms >= immr: src[imms:immr] -> dst[imms-immr:0]        (UBFX/SBFX/BFXIL,
 *                                                           LSR, ASR, xXT*)
 *   imms <  immr: src[imms:0]    -> dst[W-immr+imms:W-immr] (UBFIZ/SBFIZ/BFI, LSL)
 * The field is first shifted left to put src[imms] at bit 63 (a = 63-imms),
 * then right to its destination (b). */
static bool decode_bitfield(uint32_t insn, op_t *op)
{
    bool sf = insn >> 31;
    unsigned opc = bits(insn, 29, 2), n = bits(insn, 22, 1);
    unsigned immr = bits(insn, 16, 6), imms = bits(insn, 10, 6), rd = bits(insn, 0, 5);
    if (opc == 3 || n != sf || (!sf && (immr >= 32 || imms >= 32)))
        return false;
    unsigned width = sf ? 64 : 32;
    unsigned pos, len; /* destination bit position and length of the field */
    if (imms >= immr) {
        pos = 0;
        len = imms - immr + 1;
    } else {
        pos = width - immr;
        len = imms + 1;
    }
    op->a = (uint8_t)(63 - imms);
    op->b = (uint8_t)(64 - len - pos);
    op->rn = reg_or_zr(bits(insn, 5, 5));
    op->rd = dst_or_zr(rd);
    op->sf = sf;
    uint64_t width_mask = ones(width);
    switch (opc) {
    case 0: /* SBFM */
        op->imm = width_mask;
        op_set(op, OP_sbfm);
        if (imms == width - 1) { /* ASR #immr */
            op->a = (uint8_t)immr;
            op_set(op, sf ? OP_asr_imm64 : OP_asr_imm32);
        } else if (sf && immr == 0 && imms == 31) {
            op_set(op, OP_sxtw);
        }
        break;
    case 1: /* BFM */
        op->ra = reg_or_zr(rd);
        op->imm = ~(ones(len) << pos) & width_mask;
        op_set(op, OP_bfm);
        break;
    default: /* UBFM: the field never reaches above bit W-1 */
        op_set(op, OP_ubfm);
        if (imms == width - 1) { /* LSR #immr */
            op->a = (uint8_t)immr;
            op_set(op, sf ? OP_lsr_imm64 : OP_lsr_imm32);
        } else if (imms + 1 == immr) { /* LSL #(width - immr) */
            op->a = (uint8_t)pos;
            op_set(op, sf ? OP_lsl_imm64 : OP_lsl_imm32);
        } else if (immr == 0) { /* UBFX #0 (UXTB, UXTH): an AND */
            op->imm = ones(len);
            op_set(op, OP_and_imm);
        }
        break;
    }
    return true;
}

/* Extract: sf op21 100111 N o0 Rm imms Rn Rd. */
static bool decode_extract(uint32_t insn, op_t *op)
{
    bool sf = insn >> 31;
    unsigned imms = bits(insn, 10, 6);
    if (bits(insn, 29, 2) != 0 || bits(insn, 21, 1) != 0 || bits(insn, 22, 1) != sf ||
        (!sf && imms >= 32))
        return false;
    op->rd = dst_or_zr(bits(insn, 0, 5));
    op->rn = reg_or_zr(bits(insn, 5, 5));
    op->rm = reg_or_zr(bits(insn, 16, 5));
    op->a = (uint8_t)imms;
    op->sf = sf;
    op_set(op, sf ? OP_extr64 : OP_extr32);
    return true;
}

/* Group op0 = 100x, split by op0 = bits 25:23. */
bool decode_dp_imm(dc_t *dc, uint32_t insn, op_t *op)
{
    switch (bits(insn, 23, 3)) {
    case 0: case 1: return decode_pcrel(dc, insn, op);
    case 2: return decode_addsub_imm(insn, op);
    case 3: return false; /* add/subtract (immediate, with tags): FEAT_MTE, not implemented */
    case 4: return decode_logic_imm(insn, op);
    case 5: return decode_movewide(insn, op);
    case 6: return decode_bitfield(insn, op);
    default: return decode_extract(insn, op);
    }
}
