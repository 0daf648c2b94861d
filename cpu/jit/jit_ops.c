/* jit_ops.c - ops the native backend inlines (see jit_ops.h).
 *
 * Each inlined op does exactly what its C handler does (the handler's file
 * is named at each group), on cpu->x[] through rbx = cpu. Nothing is kept in
 * host registers between ops: every op loads its operands from cpu->x[] and
 * stores its result, so at every op boundary the CPU state is where the C
 * handlers (and a fault's siglongjmp) expect it. Scratch registers: rax,
 * rcx, rdx, rsi, rdi (caller-saved, so free across the handler calls).
 *
 * Register slots need no special cases: REG_ZR's slot is never written and
 * reads as zero, writes to XZR land in REG_SINK's slot (cpu_internal.h).
 */
#if defined(__x86_64__)
#include "jit_ops.h"

#include "cpu/ldst_internal.h"
#include "jit.h"

/* ---- operands ---------------------------------------------------------- */

static x86_mem_t xreg(unsigned slot)
{
    return x86_mem(X86_RBX, (int32_t)(offsetof(cpu_t, x) + 8 * slot));
}

#define CPU_FIELD(f) x86_mem(X86_RBX, (int32_t)offsetof(cpu_t, f))

static void load_x(x86_emit_t *e, x86_reg_t r, unsigned slot)
{
    x86_load(e, 8, 0, r, xreg(slot));
}

static void store_x(x86_emit_t *e, unsigned slot, x86_reg_t r)
{
    x86_store(e, 8, r, xreg(slot));
}

static bool fits_i32(uint64_t v)
{
    return (int64_t)v == (int32_t)v;
}

/* dst op= imm (64-bit: imm as a 64-bit value; 32-bit: its low half). */
static void alu_imm(x86_emit_t *e, bool w, x86_alu_t op, x86_reg_t dst, uint64_t imm)
{
    if (!w)
        x86_alu_ri(e, false, op, dst, (int32_t)(uint32_t)imm);
    else if (fits_i32(imm))
        x86_alu_ri(e, true, op, dst, (int32_t)imm);
    else {
        x86_mov_ri(e, X86_RDX, imm);
        x86_alu_rr(e, true, op, dst, X86_RDX);
    }
}

/* The C handler, for the cases the inline code leaves to it. */
static void call_handler(x86_emit_t *e, const op_t *op)
{
    x86_mov_rr(e, true, X86_RDI, X86_RBX);
    x86_mov_ri(e, X86_RSI, (uint64_t)(uintptr_t)op);
    x86_call(e, (const void *)op->fn);
}

/* ---- dp_imm.c: moves, add/sub and logical (immediate), bitfields ------- */

static bool emit_dp_imm(x86_emit_t *e, const op_t *op)
{
    switch (op->kind) {
    case OP_nop:
        return true;
    case OP_mov_imm: /* MOVZ, MOVN, ADR, ADRP, MOV (bitmask) */
        if (fits_i32(op->imm)) {
            x86_store_imm(e, xreg(op->rd), (int32_t)op->imm);
        } else {
            x86_mov_ri(e, X86_RAX, op->imm);
            store_x(e, op->rd, X86_RAX);
        }
        return true;
    case OP_movk:
        load_x(e, X86_RAX, op->rn);
        alu_imm(e, true, X86_AND, X86_RAX, op->imm2);
        alu_imm(e, true, X86_OR, X86_RAX, op->imm);
        store_x(e, op->rd, X86_RAX);
        return true;
    case OP_add_imm64: case OP_add_imm32:
    case OP_and_imm: case OP_orr_imm64: case OP_orr_imm32: case OP_eor_imm64: case OP_eor_imm32: {
        bool w = op->kind == OP_add_imm64 || op->kind == OP_and_imm || op->kind == OP_orr_imm64 ||
                 op->kind == OP_eor_imm64;
        x86_alu_t alu = op->kind == OP_add_imm64 || op->kind == OP_add_imm32 ? X86_ADD
                        : op->kind == OP_and_imm ? X86_AND
                        : op->kind == OP_orr_imm64 || op->kind == OP_orr_imm32 ? X86_OR : X86_XOR;
        load_x(e, X86_RAX, op->rn);
        alu_imm(e, w, alu, X86_RAX, op->imm); /* a 32-bit op zero-extends: (uint32_t)(...) */
        store_x(e, op->rd, X86_RAX);
        return true;
    }
    case OP_ubfm: /* (x << a) >> b */
        load_x(e, X86_RAX, op->rn);
        if (op->a)
            x86_shift_ri(e, true, X86_SHL, X86_RAX, op->a & 63);
        if (op->b)
            x86_shift_ri(e, true, X86_SHR, X86_RAX, op->b & 63);
        store_x(e, op->rd, X86_RAX);
        return true;
    /* dp_imm.c's straight-line bitfield aliases: LSL/LSR/ASR #a, SXTW. A
     * 32-bit x86 shift zero-extends into bits 63:32 like a W write. */
    case OP_lsl_imm64: case OP_lsl_imm32: case OP_lsr_imm64: case OP_lsr_imm32:
    case OP_asr_imm64: case OP_asr_imm32: {
        bool w = op->kind == OP_lsl_imm64 || op->kind == OP_lsr_imm64 || op->kind == OP_asr_imm64;
        x86_shift_t sh = op->kind == OP_lsl_imm64 || op->kind == OP_lsl_imm32   ? X86_SHL
                         : op->kind == OP_lsr_imm64 || op->kind == OP_lsr_imm32 ? X86_SHR
                                                                                 : X86_SAR;
        load_x(e, X86_RAX, op->rn);
        if (op->a)
            x86_shift_ri(e, w, sh, X86_RAX, (uint8_t)(op->a & (w ? 63 : 31)));
        else if (!w)
            x86_mov_rr(e, false, X86_RAX, X86_RAX);
        store_x(e, op->rd, X86_RAX);
        return true;
    }
    case OP_sxtw:
        load_x(e, X86_RAX, op->rn);
        x86_movsx_rr(e, true, 4, X86_RAX, X86_RAX);
        store_x(e, op->rd, X86_RAX);
        return true;
    case OP_sbfm: /* ((int64_t)(x << a) >> b) & imm */
        load_x(e, X86_RAX, op->rn);
        if (op->a)
            x86_shift_ri(e, true, X86_SHL, X86_RAX, op->a & 63);
        if (op->b)
            x86_shift_ri(e, true, X86_SAR, X86_RAX, op->b & 63);
        if (op->imm == UINT32_MAX)
            x86_mov_rr(e, false, X86_RAX, X86_RAX);
        else if (op->imm != UINT64_MAX)
            alu_imm(e, true, X86_AND, X86_RAX, op->imm);
        store_x(e, op->rd, X86_RAX);
        return true;
    default:
        return false;
    }
}

/* ---- dp_alu.c: add/sub and logical (shifted register), MOV ------------- */

/* The lazy flags of ADDS/SUBS/CMP (flags.c): operands, result, kind. */
static void store_flags(x86_emit_t *e, cc_op_t ccop, x86_reg_t a, x86_reg_t b, x86_reg_t r)
{
    x86_store_imm32(e, CPU_FIELD(cc_op), ccop);
    if (a != X86_NOREG)
        x86_store(e, 8, a, CPU_FIELD(cc_a));
    if (b != X86_NOREG)
        x86_store(e, 8, b, CPU_FIELD(cc_b));
    x86_store(e, 8, r, CPU_FIELD(cc_r));
}

typedef struct alu_form {
    x86_alu_t alu;
    bool invert;     /* BIC, ORN, EON: NOT(operand) */
    bool w;          /* 64-bit */
    x86_shift_t sh;  /* shift of Rm */
    int flags;       /* 0: none, 1: ADDS/SUBS (cc_a/cc_b/cc_r), 2: ANDS/BICS (cc_r) */
} alu_form_t;

/* The shifted-register kind -> its form; false for kinds not inlined. */
static bool alu_form_of(unsigned kind, alu_form_t *f)
{
    static const struct { uint16_t kind; uint8_t alu, invert, w, sh, flags; } forms[] = {
#define F(k, alu, inv, w, sh, fl) { OP_##k, X86_##alu, inv, w, X86_##sh, fl }
        F(add_lsl64, ADD, 0, 1, SHL, 0), F(add_lsl32, ADD, 0, 0, SHL, 0),
        F(sub_lsl64, SUB, 0, 1, SHL, 0), F(sub_lsl32, SUB, 0, 0, SHL, 0),
        F(adds_lsl64, ADD, 0, 1, SHL, 1), F(adds_lsl32, ADD, 0, 0, SHL, 1),
        F(subs_lsl64, SUB, 0, 1, SHL, 1), F(subs_lsl32, SUB, 0, 0, SHL, 1),
        F(and_lsl64, AND, 0, 1, SHL, 0), F(and_lsl32, AND, 0, 0, SHL, 0),
        F(bic_lsl64, AND, 1, 1, SHL, 0), F(bic_lsl32, AND, 1, 0, SHL, 0),
        F(orr_lsl64, OR, 0, 1, SHL, 0), F(orr_lsl32, OR, 0, 0, SHL, 0),
        F(orn_lsl64, OR, 1, 1, SHL, 0), F(orn_lsl32, OR, 1, 0, SHL, 0),
        F(eor_lsl64, XOR, 0, 1, SHL, 0), F(eor_lsl32, XOR, 0, 0, SHL, 0),
        F(eon_lsl64, XOR, 1, 1, SHL, 0), F(eon_lsl32, XOR, 1, 0, SHL, 0),
        F(ands_lsl64, AND, 0, 1, SHL, 2), F(ands_lsl32, AND, 0, 0, SHL, 2),
        F(bics_lsl64, AND, 1, 1, SHL, 2), F(bics_lsl32, AND, 1, 0, SHL, 2),
        F(and_lsr64, AND, 0, 1, SHR, 0), F(and_lsr32, AND, 0, 0, SHR, 0),
        F(orr_lsr64, OR, 0, 1, SHR, 0), F(orr_lsr32, OR, 0, 0, SHR, 0),
        F(eor_lsr64, XOR, 0, 1, SHR, 0), F(eor_lsr32, XOR, 0, 0, SHR, 0),
        F(and_asr64, AND, 0, 1, SAR, 0), F(and_asr32, AND, 0, 0, SAR, 0),
        F(orr_asr64, OR, 0, 1, SAR, 0), F(orr_asr32, OR, 0, 0, SAR, 0),
        F(eor_asr64, XOR, 0, 1, SAR, 0), F(eor_asr32, XOR, 0, 0, SAR, 0),
        F(eor_ror64, XOR, 0, 1, ROR, 0), F(eor_ror32, XOR, 0, 0, ROR, 0),
        F(orr_ror64, OR, 0, 1, ROR, 0), F(orr_ror32, OR, 0, 0, ROR, 0),
        F(add_lsr64, ADD, 0, 1, SHR, 0), F(add_lsr32, ADD, 0, 0, SHR, 0),
        F(add_asr64, ADD, 0, 1, SAR, 0), F(add_asr32, ADD, 0, 0, SAR, 0),
        F(sub_lsr64, SUB, 0, 1, SHR, 0), F(sub_lsr32, SUB, 0, 0, SHR, 0),
        F(sub_asr64, SUB, 0, 1, SAR, 0), F(sub_asr32, SUB, 0, 0, SAR, 0),
#undef F
    };
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
        if (forms[i].kind == kind) {
            *f = (alu_form_t){ (x86_alu_t)forms[i].alu, forms[i].invert, forms[i].w,
                               (x86_shift_t)forms[i].sh, forms[i].flags };
            return true;
        }
    return false;
}

static bool emit_dp_reg(x86_emit_t *e, const op_t *op)
{
    if (op->kind == OP_mov64 || op->kind == OP_mov32) {
        x86_load(e, op->kind == OP_mov64 ? 8 : 4, 0, X86_RAX, xreg(op->rm));
        store_x(e, op->rd, X86_RAX);
        return true;
    }
    alu_form_t f;
    if (!alu_form_of(op->kind, &f))
        return false;
    /* rcx = ShiftReg(Rm, shift, a). The LSL forms shift the 64-bit value
     * (dp_alu.c OPND_LSL: the 32-bit forms truncate only the result; ADDS
     * records the untruncated operand in cc_b); LSR/ASR/ROR shift at the
     * operation's width (SH_*32). */
    load_x(e, X86_RCX, op->rm);
    if (op->a)
        x86_shift_ri(e, f.sh == X86_SHL || f.w, f.sh, X86_RCX, op->a & (f.w ? 63 : 31));
    else if (!f.w && f.sh != X86_SHL)
        x86_mov_rr(e, false, X86_RCX, X86_RCX); /* SH_*32 by 0: the low half */
    if (f.invert)
        x86_not(e, true, X86_RCX);
    load_x(e, X86_RAX, op->rn);
    if (f.flags == 1)
        x86_mov_rr(e, true, X86_RDX, X86_RAX); /* cc_a: Rn before the operation */
    x86_alu_rr(e, f.w, f.alu, X86_RAX, X86_RCX);
    if (f.flags == 1) {
        cc_op_t cc = f.alu == X86_ADD ? (f.w ? CC_ADD64 : CC_ADD32) : (f.w ? CC_SUB64 : CC_SUB32);
        store_flags(e, cc, X86_RDX, X86_RCX, X86_RAX);
    } else if (f.flags == 2) {
        store_flags(e, f.w ? CC_LOGIC64 : CC_LOGIC32, X86_NOREG, X86_NOREG, X86_RAX);
    }
    store_x(e, op->rd, X86_RAX);
    return true;
}

/* ---- dp_misc.c: multiplies and variable shifts ---------------------------- */

static bool emit_dp_misc(x86_emit_t *e, const op_t *op)
{
    static const struct { uint16_t kind; uint8_t w, what; } forms[] = {
        /* what: 0 MUL, 1 MADD, 2 MSUB, 3.. a shift by Rm (x86_shift_t + 3) */
        { OP_mul64, 1, 0 }, { OP_mul32, 0, 0 }, { OP_madd64, 1, 1 }, { OP_madd32, 0, 1 },
        { OP_msub64, 1, 2 }, { OP_msub32, 0, 2 },
        { OP_lslv64, 1, 3 + X86_SHL }, { OP_lslv32, 0, 3 + X86_SHL },
        { OP_lsrv64, 1, 3 + X86_SHR }, { OP_lsrv32, 0, 3 + X86_SHR },
        { OP_asrv64, 1, 3 + X86_SAR }, { OP_asrv32, 0, 3 + X86_SAR },
        { OP_rorv64, 1, 3 + X86_ROR }, { OP_rorv32, 0, 3 + X86_ROR },
    };
    size_t i = 0;
    while (i < sizeof(forms) / sizeof(forms[0]) && forms[i].kind != op->kind)
        i++;
    if (i == sizeof(forms) / sizeof(forms[0]))
        return false;
    bool w = forms[i].w;
    load_x(e, X86_RAX, op->rn);
    load_x(e, X86_RCX, op->rm);
    if (forms[i].what >= 3) {
        /* LSLV/LSRV/ASRV/RORV: the amount is Rm MOD the width, which is
         * what x86 does with cl (5 or 6 bits). */
        x86_shift_cl(e, w, (x86_shift_t)(forms[i].what - 3), X86_RAX);
    } else {
        x86_imul_rr(e, w, X86_RAX, X86_RCX); /* the low half: signedness does not matter */
        if (forms[i].what) {
            load_x(e, X86_RCX, op->ra);
            x86_alu_rr(e, w, forms[i].what == 1 ? X86_ADD : X86_SUB, X86_RCX, X86_RAX);
            x86_mov_rr(e, true, X86_RAX, X86_RCX);
        }
    }
    if (!w)
        x86_mov_rr(e, false, X86_RAX, X86_RAX); /* (uint32_t)(...) */
    store_x(e, op->rd, X86_RAX);
    return true;
}

/* ADDS/SUBS (immediate), CMP/CMN: dp_imm.c. cc_b is the 64-bit imm. */
static bool emit_addsub_imm_flags(x86_emit_t *e, const op_t *op)
{
    bool w, sub;
    switch (op->kind) {
    case OP_adds_imm64: w = true, sub = false; break;
    case OP_adds_imm32: w = false, sub = false; break;
    case OP_subs_imm64: w = true, sub = true; break;
    case OP_subs_imm32: w = false, sub = true; break;
    default: return false;
    }
    load_x(e, X86_RAX, op->rn);
    x86_mov_rr(e, true, X86_RDX, X86_RAX);
    x86_mov_ri(e, X86_RCX, op->imm);
    x86_alu_rr(e, w, sub ? X86_SUB : X86_ADD, X86_RAX, X86_RCX);
    store_flags(e, sub ? (w ? CC_SUB64 : CC_SUB32) : (w ? CC_ADD64 : CC_ADD32), X86_RDX, X86_RCX,
                X86_RAX);
    store_x(e, op->rd, X86_RAX);
    return true;
}

/* ---- conditions: ConditionHolds(cond) into eax (0 or 1) -----------------
 *
 * After CMP/SUBS the lazy flags hold a - b: the x86 compare of the same
 * operands at the same width sets SF, ZF, OF exactly as N, Z, V, and CF as
 * NOT C (x86 CF is the borrow), so every A64 condition is one x86
 * condition. After ANDS/TST (CC_LOGIC) a test of the result sets SF/ZF as
 * N/Z and OF = 0 = V; C = 0 has no x86 counterpart, so the conditions
 * reading C take the general path, like every other kind: flags.c's
 * cpu_cond_holds_general(). */
static const x86_cc_t cc_after_sub[14] = {
    X86_CC_E, X86_CC_NE, X86_CC_AE, X86_CC_B, X86_CC_S, X86_CC_NS, X86_CC_O, X86_CC_NO,
    X86_CC_A, X86_CC_BE, X86_CC_GE, X86_CC_L, X86_CC_G, X86_CC_LE,
};

static bool cond_reads_c(unsigned cond)
{
    return (cond >> 1) == 1 || (cond >> 1) == 4; /* CS/CC, HI/LS */
}

static void emit_cond(x86_emit_t *e, unsigned cond)
{
    if (cond >= 14) { /* AL, NV: always */
        x86_mov_ri(e, X86_RAX, 1);
        return;
    }
    static const struct { cc_op_t op; bool w, logic; } kinds[] = {
        { CC_SUB64, true, false }, { CC_SUB32, false, false },
        { CC_LOGIC64, true, true }, { CC_LOGIC32, false, true },
    };
    uint8_t *to_done[4];
    int ndone = 0;
    x86_load(e, 4, 0, X86_RDX, CPU_FIELD(cc_op));
    for (int k = 0; k < 4; k++) {
        if (kinds[k].logic && cond_reads_c(cond))
            break;
        x86_alu_ri(e, false, X86_CMP, X86_RDX, kinds[k].op);
        uint8_t *next = x86_jcc_fwd(e, X86_CC_NE);
        if (kinds[k].logic) {
            x86_load(e, kinds[k].w ? 8 : 4, 0, X86_RCX, CPU_FIELD(cc_r));
            x86_test_rr(e, kinds[k].w, X86_RCX, X86_RCX);
        } else {
            x86_load(e, kinds[k].w ? 8 : 4, 0, X86_RCX, CPU_FIELD(cc_a));
            x86_alu_rm(e, kinds[k].w, X86_CMP, X86_RCX, CPU_FIELD(cc_b));
        }
        x86_setcc(e, cc_after_sub[cond], X86_RAX);
        to_done[ndone++] = x86_jmp_fwd(e);
        x86_patch(e, next);
    }
    x86_mov_rr(e, true, X86_RDI, X86_RBX);
    x86_mov_ri(e, X86_RSI, cond);
    x86_call(e, (const void *)cpu_cond_holds_general);
    for (int i = 0; i < ndone; i++)
        x86_patch(e, to_done[i]);
    x86_movzx_rr(e, 1, X86_RAX, X86_RAX); /* setcc/bool wrote al only */
}

/* CSEL/CSINC/CSINV/CSNEG: Rd = cond ? Rn : f(Rm) (dp_alu.c DEF_CSEL). */
static bool emit_csel(x86_emit_t *e, const op_t *op)
{
    int f; /* 0 Rm, 1 Rm + 1, 2 NOT Rm, 3 -Rm */
    bool w;
    /* The *_cmp variants (the flags known to come from a compare, with a
     * truth table in op->b for the threaded executor) have the same
     * operands; emit_cond already specialises on the saved flag kind. */
    switch (op->kind) {
    case OP_csel64: case OP_csel64_cmp: f = 0, w = true; break;
    case OP_csel32: case OP_csel32_cmp: f = 0, w = false; break;
    case OP_csinc64: case OP_csinc64_cmp: f = 1, w = true; break;
    case OP_csinc32: case OP_csinc32_cmp: f = 1, w = false; break;
    case OP_csinv64: case OP_csinv64_cmp: f = 2, w = true; break;
    case OP_csinv32: case OP_csinv32_cmp: f = 2, w = false; break;
    case OP_csneg64: case OP_csneg64_cmp: f = 3, w = true; break;
    case OP_csneg32: case OP_csneg32_cmp: f = 3, w = false; break;
    default: return false;
    }
    emit_cond(e, op->a);
    load_x(e, X86_RCX, op->rm);
    if (f == 1)
        x86_lea(e, true, X86_RCX, x86_mem(X86_RCX, 1));
    else if (f == 2)
        x86_not(e, true, X86_RCX);
    else if (f == 3)
        x86_neg(e, true, X86_RCX);
    load_x(e, X86_RDX, op->rn);
    x86_test_rr(e, false, X86_RAX, X86_RAX);
    x86_cmov(e, true, X86_CC_NE, X86_RCX, X86_RDX);
    if (!w)
        x86_mov_rr(e, false, X86_RCX, X86_RCX);
    store_x(e, op->rd, X86_RCX);
    return true;
}

/* ---- ldst.c: loads and stores of general registers ---------------------
 *
 * The software TLB fast path of mem_access.h inline: the entry for the
 * page of va in the op's regime (op->c), its read or write tag compared
 * with the page of the access's LAST byte -- equal only when the tag is
 * valid for va's page and the access does not cross into the next page
 * (TLB_INVALID never equals a page address) -- then host = va + addend.
 * Everything else (a miss, a page crossing, MMIO, a code page, an SP base
 * that is not 16-byte aligned, so CheckSPAlignment may fault) calls the op's
 * own handler, which starts again from the unchanged registers and takes
 * the slow path or the precise fault. Nothing is written before that
 * decision, so the retry is exact. */

enum { MK_STRB, MK_LDRB, MK_LDRSB64, MK_LDRSB32, MK_STRH, MK_LDRH, MK_LDRSH64, MK_LDRSH32,
       MK_STR32, MK_LDR32, MK_LDRSW, MK_STR64, MK_LDR64, MK_SINGLE_COUNT };
enum { PK_STP32, PK_LDP32, PK_LDPSW, PK_STP64, PK_LDP64, PK_COUNT };

/* The op lists (op_list_mem.h) lay the kinds out as access kind x mode. */
_Static_assert(OP_ldr64_rlsl - OP_strb_off + 1 == MK_SINGLE_COUNT * LDST_M_COUNT,
               "single-register ldst kinds: 13 access kinds x 9 modes");
_Static_assert(OP_ldp64_postsp - OP_stp32_off + 1 == PK_COUNT * 6,
               "pair ldst kinds: 5 access kinds x 6 modes");
_Static_assert(OP_ldrb_off - OP_strb_off == LDST_M_COUNT && OP_ldp32_off - OP_stp32_off == 6,
               "mode-major layout");

typedef struct mem_form {
    unsigned size;   /* bytes of one element */
    unsigned sext;   /* loads: 0 zero-extend, 32/64 sign-extend to that width */
    bool store, pair;
    int mode;        /* LDST_M_* */
} mem_form_t;

static bool mem_form_of(unsigned kind, mem_form_t *f)
{
    static const uint8_t single_size[MK_SINGLE_COUNT] = { 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 8, 8 };
    static const uint8_t single_sext[MK_SINGLE_COUNT] = { 0, 0, 64, 32, 0, 0, 64, 32, 0, 0, 64, 0, 0 };
    static const uint8_t single_store[MK_SINGLE_COUNT] = { 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0 };
    if (kind >= OP_strb_off && kind <= OP_ldr64_rlsl) {
        unsigned k = (kind - OP_strb_off) / LDST_M_COUNT;
        *f = (mem_form_t){ single_size[k], single_sext[k], single_store[k], false,
                           (int)((kind - OP_strb_off) % LDST_M_COUNT) };
        return true;
    }
    if (kind >= OP_stp32_off && kind <= OP_ldp64_postsp) {
        unsigned k = (kind - OP_stp32_off) / 6;
        static const uint8_t pair_size[PK_COUNT] = { 4, 4, 4, 8, 8 };
        *f = (mem_form_t){ pair_size[k], k == PK_LDPSW ? 64 : 0, k == PK_STP32 || k == PK_STP64,
                           true, (int)((kind - OP_stp32_off) % 6) };
        return true;
    }
    return false;
}

/* dst = src + imm (any 64-bit imm). */
static void add_imm_to(x86_emit_t *e, x86_reg_t dst, x86_reg_t src, uint64_t imm)
{
    if (fits_i32(imm)) {
        x86_lea(e, true, dst, x86_mem(src, (int32_t)imm));
    } else {
        x86_mov_ri(e, dst, imm);
        x86_alu_rr(e, true, X86_ADD, dst, src);
    }
}

static bool emit_mem(x86_emit_t *e, const op_t *op)
{
    mem_form_t f;
    if (!mem_form_of(op->kind, &f) || op->c >= MMU_IDX_COUNT)
        return false;
    bool sp_mode = f.mode == LDST_M_OFFSP || f.mode == LDST_M_PRESP || f.mode == LDST_M_POSTSP;
    unsigned base_slot = sp_mode ? REG_SP : op->rn;
    bool post = f.mode == LDST_M_POST || f.mode == LDST_M_POSTSP;
    bool pre = f.mode == LDST_M_PRE || f.mode == LDST_M_PRESP;

    /* rdi = the base register's value */
    load_x(e, X86_RDI, base_slot);
    uint8_t *to_slow[2];
    int nslow = 0;
    if (op->b) { /* SP base (ldst_sp_check): aligned needs no SCTLR look */
        x86_mov_rr(e, false, X86_RAX, X86_RDI);
        x86_alu_ri(e, false, X86_AND, X86_RAX, 15);
        to_slow[nslow++] = x86_jcc_fwd(e, X86_CC_NE);
    }
    /* rsi = the address of the access */
    if (f.mode >= LDST_M_RUX) {
        /* ExtendReg(m, UXTW/SXTW/LSL, a): a is 0 or log2(size) <= 3 */
        if (f.mode == LDST_M_RUX)
            x86_load(e, 4, 0, X86_RAX, xreg(op->rm));
        else if (f.mode == LDST_M_RSX)
            x86_load(e, 4, 64, X86_RAX, xreg(op->rm));
        else
            load_x(e, X86_RAX, op->rm);
        x86_lea(e, true, X86_RSI, x86_mem_idx(X86_RDI, X86_RAX, op->a & 3u, 0));
    } else if (post) {
        x86_mov_rr(e, true, X86_RSI, X86_RDI);
    } else {
        add_imm_to(e, X86_RSI, X86_RDI, op->imm);
    }
    /* rdx = &cpu->tlb[op->c][(va >> TLB_PAGE_BITS) & (TLB_SIZE - 1)] */
    x86_mov_rr(e, true, X86_RAX, X86_RSI);
    x86_shift_ri(e, true, X86_SHR, X86_RAX, TLB_PAGE_BITS);
    x86_alu_ri(e, false, X86_AND, X86_RAX, TLB_SIZE - 1);
    size_t esize = sizeof(tlb_entry_t);
    if ((esize & (esize - 1)) == 0)
        x86_shift_ri(e, true, X86_SHL, X86_RAX, (uint8_t)__builtin_ctzll(esize));
    else
        x86_imul_rri(e, true, X86_RAX, X86_RAX, (int32_t)esize);
    size_t tlb_off = offsetof(cpu_t, tlb) + op->c * sizeof(((cpu_t *)0)->tlb[0]);
    x86_lea(e, true, X86_RDX, x86_mem_idx(X86_RBX, X86_RAX, 0, (int32_t)tlb_off));
    /* the page of the last byte must be the tag (tlb_in_page + tag compare) */
    unsigned span = f.pair ? 2 * f.size : f.size;
    x86_lea(e, true, X86_RCX, x86_mem(X86_RSI, (int32_t)(span - 1)));
    _Static_assert((int64_t)(int32_t)TLB_PAGE_MASK == (int64_t)TLB_PAGE_MASK, "mask as imm32");
    x86_alu_ri(e, true, X86_AND, X86_RCX, (int32_t)TLB_PAGE_MASK);
    x86_alu_rm(e, true, X86_CMP, X86_RCX,
               x86_mem(X86_RDX, (int32_t)(f.store ? offsetof(tlb_entry_t, tag_write)
                                                  : offsetof(tlb_entry_t, tag_read))));
    to_slow[nslow++] = x86_jcc_fwd(e, X86_CC_NE);
    x86_load(e, 8, 0, X86_RDX, x86_mem(X86_RDX, (int32_t)offsetof(tlb_entry_t, addend)));
    x86_mem_t h1 = x86_mem_idx(X86_RDX, X86_RSI, 0, 0);
    x86_mem_t h2 = x86_mem_idx(X86_RDX, X86_RSI, 0, (int32_t)f.size);
    if (f.store) {
        load_x(e, X86_RAX, op->rd);
        x86_store(e, f.size, X86_RAX, h1);
        if (f.pair) {
            load_x(e, X86_RCX, op->ra);
            x86_store(e, f.size, X86_RCX, h2);
        }
    } else {
        x86_load(e, f.size, f.sext, X86_RAX, h1);
        if (f.pair) { /* Rt2 before Rt (ACCESS_PAIR_LD) */
            x86_load(e, f.size, f.sext, X86_RCX, h2);
            store_x(e, op->ra, X86_RCX);
        }
        store_x(e, op->rd, X86_RAX);
    }
    /* write-back after the transfer registers (the address wins) */
    if (pre) {
        store_x(e, base_slot, X86_RSI);
    } else if (post) {
        add_imm_to(e, X86_RAX, X86_RDI, op->imm);
        store_x(e, base_slot, X86_RAX);
    }
    uint8_t *to_done = x86_jmp_fwd(e);
    for (int i = 0; i < nslow; i++)
        x86_patch(e, to_slow[i]);
    call_handler(e, op);
    x86_patch(e, to_done);
    return true;
}

/* ---- branch.c: direct branches and block exits ---------------------------
 *
 * A direct exit stores the target in cpu->pc and goes to the chain stub
 * with the exit slot's successor, which does what tb_chain() does: follow
 * it when it is set, still valid and the slice has room, else record
 * chain_from/chain_slot for the dispatcher to patch and return NULL. */

#define TB_FIELD(reg, f) x86_mem(reg, (int32_t)offsetof(tb_t, f))

void jit_gen_chain_stub(x86_emit_t *e, const struct jit *j)
{
    x86_test_rr(e, true, X86_RAX, X86_RAX);
    uint8_t *no1 = x86_jcc_fwd(e, X86_CC_E);
    x86_load(e, 1, 0, X86_RCX, TB_FIELD(X86_RAX, valid));
    x86_test_rr(e, false, X86_RCX, X86_RCX);
    uint8_t *no2 = x86_jcc_fwd(e, X86_CC_E);
    x86_load(e, 8, 0, X86_RCX, CPU_FIELD(icount));
    x86_alu_rm(e, true, X86_CMP, X86_RCX, CPU_FIELD(icount_limit));
    uint8_t *no3 = x86_jcc_fwd(e, X86_CC_AE);
    /* chained: stats, cur_tb, icount += next->ninsns */
    x86_load(e, 8, 0, X86_RDX, CPU_FIELD(stats.tb_chained));
    x86_lea(e, true, X86_RDX, x86_mem(X86_RDX, 1));
    x86_store(e, 8, X86_RDX, CPU_FIELD(stats.tb_chained));
    x86_store(e, 8, X86_RAX, CPU_FIELD(cur_tb));
    x86_load(e, 2, 0, X86_RDX, TB_FIELD(X86_RAX, ninsns));
    x86_alu_rr(e, true, X86_ADD, X86_RCX, X86_RDX);
    x86_store(e, 8, X86_RCX, CPU_FIELD(icount));
    x86_load(e, 8, 0, X86_RCX, TB_FIELD(X86_RAX, native));
    x86_test_rr(e, true, X86_RCX, X86_RCX);
    uint8_t *threaded = x86_jcc_fwd(e, X86_CC_E);
    x86_jmp_r(e, X86_RCX);
    /* no native code: the dispatcher runs its ops */
    x86_patch(e, threaded);
    x86_lea(e, true, X86_RAX, TB_FIELD(X86_RAX, ops));
    x86_jmp(e, j->ret_stub);
    /* not chained: the dispatcher may patch this exit */
    x86_patch(e, no1);
    x86_patch(e, no2);
    x86_patch(e, no3);
    x86_store(e, 8, X86_RSI, CPU_FIELD(chain_from));
    x86_store(e, 4, X86_RDI, CPU_FIELD(chain_slot));
    x86_alu_rr(e, false, X86_XOR, X86_RAX, X86_RAX);
    x86_jmp(e, j->ret_stub);
}

/* cpu->pc = target; continue through exit slot `slot`. Flags are not
 * touched before the jump (only moves). */
static void emit_exit(x86_emit_t *e, const struct jit *j, const tb_t *tb, int slot, uint64_t target)
{
    if (fits_i32(target)) {
        x86_store_imm(e, CPU_FIELD(pc), (int32_t)target);
    } else {
        x86_mov_ri(e, X86_RAX, target);
        x86_store(e, 8, X86_RAX, CPU_FIELD(pc));
    }
    x86_mov_ri(e, X86_RSI, (uint64_t)(uintptr_t)tb);
    x86_load(e, 8, 0, X86_RAX, x86_mem(X86_RSI, (int32_t)(offsetof(tb_t, next) + 8 * (unsigned)slot)));
    x86_mov_ri(e, X86_RDI, (uint64_t)slot);
    x86_jmp(e, j->chain_stub);
}

/* if (x86 condition cc) exit through slot 0 to taken, else slot 1 to
 * not_taken (branch.c BRANCH_2WAY). */
static void emit_2way(x86_emit_t *e, const struct jit *j, const tb_t *tb, x86_cc_t cc,
                      uint64_t taken, uint64_t not_taken)
{
    uint8_t *to_taken = x86_jcc_fwd(e, cc);
    emit_exit(e, j, tb, 1, not_taken);
    x86_patch(e, to_taken);
    emit_exit(e, j, tb, 0, taken);
}

_Static_assert(OP_cmpbr_r32_le - OP_cmpbr_i64_eq == 14 * 4 - 1, "fused compare-branch kinds: 14 x 4");

bool jit_inline_exit(x86_emit_t *e, const struct jit *j, const tb_t *tb, const op_t *op)
{
    switch (op->kind) {
    case OP_goto_tb:
    case OP_b:
        emit_exit(e, j, tb, 0, op->imm);
        return true;
    case OP_bl:
        if (fits_i32(op->imm2)) {
            x86_store_imm(e, xreg(30), (int32_t)op->imm2);
        } else {
            x86_mov_ri(e, X86_RAX, op->imm2);
            store_x(e, 30, X86_RAX);
        }
        emit_exit(e, j, tb, 0, op->imm);
        return true;
    case OP_exit_tb:
        x86_mov_ri(e, X86_RAX, op->imm);
        x86_store(e, 8, X86_RAX, CPU_FIELD(pc));
        x86_alu_rr(e, false, X86_XOR, X86_RAX, X86_RAX);
        x86_jmp(e, j->ret_stub);
        return true;
    case OP_bcond:
        emit_cond(e, op->a);
        x86_test_rr(e, false, X86_RAX, X86_RAX);
        emit_2way(e, j, tb, X86_CC_NE, op->imm, op->imm2);
        return true;
    case OP_cbz32: case OP_cbz64: case OP_cbnz32: case OP_cbnz64: {
        bool w = op->kind == OP_cbz64 || op->kind == OP_cbnz64;
        x86_load(e, w ? 8 : 4, 0, X86_RAX, xreg(op->rn));
        x86_test_rr(e, w, X86_RAX, X86_RAX);
        bool nz = op->kind == OP_cbnz32 || op->kind == OP_cbnz64;
        emit_2way(e, j, tb, nz ? X86_CC_NE : X86_CC_E, op->imm, op->imm2);
        return true;
    }
    case OP_tbz: case OP_tbnz:
        load_x(e, X86_RAX, op->rn);
        if (op->a & 63)
            x86_shift_ri(e, true, X86_SHR, X86_RAX, op->a & 63);
        x86_alu_ri(e, false, X86_AND, X86_RAX, 1);
        emit_2way(e, j, tb, op->kind == OP_tbnz ? X86_CC_NE : X86_CC_E, op->imm, op->imm2);
        return true;
    default:
        break;
    }
    if (op->kind >= OP_cmpbr_i64_eq && op->kind <= OP_cmpbr_r32_le) {
        /* DEF_CMPBR: SUBS as the CMP would (lazy flags, Rd), then the
         * B.cond after it supplies the targets. The x86 SUB's flags are
         * the condition (see cc_after_sub); only moves follow it. */
        unsigned k = op->kind - OP_cmpbr_i64_eq, cond = k / 4, form = k % 4;
        bool w = form == 0 || form == 2, reg = form >= 2;
        const op_t *br = op + 1;
        load_x(e, X86_RAX, op->rn);
        x86_mov_rr(e, true, X86_RDX, X86_RAX);
        if (reg)
            load_x(e, X86_RCX, op->rm);
        else
            x86_mov_ri(e, X86_RCX, op->imm);
        x86_alu_rr(e, w, X86_SUB, X86_RAX, X86_RCX);
        store_flags(e, w ? CC_SUB64 : CC_SUB32, X86_RDX, X86_RCX, X86_RAX);
        store_x(e, op->rd, X86_RAX);
        emit_2way(e, j, tb, cc_after_sub[cond], br->imm, br->imm2);
        return true;
    }
    return false;
}

bool jit_inline_op(x86_emit_t *e, const op_t *op)
{
    return emit_dp_imm(e, op) || emit_dp_reg(e, op) || emit_dp_misc(e, op) || emit_addsub_imm_flags(e, op) ||
           emit_csel(e, op) || emit_mem(e, op);
}
#endif
