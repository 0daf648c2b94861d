/* branch.c - branches and the other instructions that end a block:
 * B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET, ERET, SVC, HVC, SMC, BRK.
 *
 * A direct branch knows its target at translation time. Its op leaves
 * through an exit slot (0: taken/only target, 1: not taken); the dispatcher
 * patches the slot with the successor block the first time, after which the
 * branch jumps straight to it (tb_chain) until the slice ends or an
 * interrupt arrives.
 */
#include "cpu_trace.h"
#include "decode.h"
#include "mem_access.h"
#include "tb.h"

/* Continue at cpu->pc through exit slot `slot` of the current block. */
static inline const op_t *tb_chain(cpu_t *cpu, int slot)
{
    tb_t *tb = (tb_t *)cpu->cur_tb;
    tb_t *next = tb->next[slot];
    if (likely(next && next->valid && cpu->icount < cpu->icount_limit)) {
        cpu->stats.tb_chained++;
        cpu->cur_tb = next;
        cpu->icount += next->ninsns;
        return next->ops;
    }
    cpu->chain_from = tb;
    cpu->chain_slot = slot;
    return NULL;
}

const op_t *op_goto_tb(cpu_t *cpu, const op_t *op)
{
    cpu->pc = op->imm;
    return tb_chain(cpu, 0);
}

const op_t *op_exit_tb(cpu_t *cpu, const op_t *op)
{
    cpu->pc = op->imm;
    return NULL;
}

const op_t *op_undef(cpu_t *cpu, const op_t *op)
{
    if (trace_on(TRACE_UNIMP))
        cpu_trace_unimp_insn(cpu, op->insn, cpu_op_pc(cpu, op));
    cpu_raise_undef(cpu, cpu_op_pc(cpu, op));
}

/* AArch64.AdvSIMDFPAccessTrap: EC 0x07. For a trapped AArch64 instruction
 * the ISS has CV = 1 and COND = 0b1110 (what QEMU reports too). */
const op_t *op_fp_trap(cpu_t *cpu, const op_t *op)
{
    cpu_raise_sync(cpu, cpu_op_pc(cpu, op), esr_make(EC_FP_ASIMD, true, 1u << 24 | 0xeu << 20), 0,
                   false);
}

const op_t *op_b(cpu_t *cpu, const op_t *op)
{
    cpu->pc = op->imm;
    return tb_chain(cpu, 0);
}

const op_t *op_bl(cpu_t *cpu, const op_t *op)
{
    cpu->x[30] = op->imm2;
    cpu->pc = op->imm;
    return tb_chain(cpu, 0);
}

/* Two-way exits: imm = taken target (slot 0), imm2 = fall-through (slot 1). */
#define BRANCH_2WAY(taken)          \
    do {                            \
        if (taken) {                \
            cpu->pc = op->imm;      \
            return tb_chain(cpu, 0);\
        }                           \
        cpu->pc = op->imm2;         \
        return tb_chain(cpu, 1);    \
    } while (0)

const op_t *op_bcond(cpu_t *cpu, const op_t *op) { BRANCH_2WAY(cpu_cond_holds(cpu, op->a)); }
const op_t *op_cbz32(cpu_t *cpu, const op_t *op) { BRANCH_2WAY((uint32_t)cpu->x[op->rn] == 0); }
const op_t *op_cbz64(cpu_t *cpu, const op_t *op) { BRANCH_2WAY(cpu->x[op->rn] == 0); }
const op_t *op_cbnz32(cpu_t *cpu, const op_t *op) { BRANCH_2WAY((uint32_t)cpu->x[op->rn] != 0); }
const op_t *op_cbnz64(cpu_t *cpu, const op_t *op) { BRANCH_2WAY(cpu->x[op->rn] != 0); }
const op_t *op_tbz(cpu_t *cpu, const op_t *op) { BRANCH_2WAY(!(cpu->x[op->rn] >> op->a & 1)); }
const op_t *op_tbnz(cpu_t *cpu, const op_t *op) { BRANCH_2WAY(cpu->x[op->rn] >> op->a & 1); }

/* Indirect branches (BR, BLR, RET) look the target up in the jump cache
 * themselves, as tb_find's fast path does: the block must start at pc, run in
 * the same context (flags: a block that changes EL, PAN or FP enable ends
 * with a return to the dispatcher, so the current block's flags are the
 * CPU's), still be valid, and its physical page must be what the instruction
 * TLB maps pc to now. Like a chained jump it honours the slice limit, which
 * is also how a raised interrupt line or an exit request stops it
 * (cpu_kick). Anything else goes back to the dispatcher. This saves the
 * dispatcher round trip on every function return. */
static inline const op_t *tb_jump_indirect(cpu_t *cpu)
{
    uint64_t pc = cpu->pc;
    const tb_t *cur = cpu->cur_tb;
    tb_t *tb = cpu->jc[(pc >> 2) & (JC_SIZE - 1)];
    if (!tb || tb->pc != pc || tb->flags != cur->flags || !tb->valid ||
        cpu->icount >= cpu->icount_limit)
        return NULL;
    const tlb_entry_t *e = &cpu->tlb[cpu->el == 0 ? MMU_IDX_EL0 : MMU_IDX_EL1]
                                    [(pc >> TLB_PAGE_BITS) & (TLB_SIZE - 1)];
    if (!tlb_exec_maps(cpu, e, pc, tb->phys_pc & TLB_PAGE_MASK))
        return NULL;
    cpu->stats.tb_lookups++;
    cpu->stats.tb_jc_hits++;
    cpu->cur_tb = tb;
    cpu->icount += tb->ninsns;
    return tb->ops;
}

const op_t *op_br(cpu_t *cpu, const op_t *op)
{
    cpu->pc = cpu_branch_addr(cpu, cpu->x[op->rn]);
    return tb_jump_indirect(cpu);
}

const op_t *op_blr(cpu_t *cpu, const op_t *op)
{
    uint64_t target = cpu->x[op->rn]; /* read before X30 is written: BLR X30 */
    cpu->x[30] = op->imm2;
    cpu->pc = cpu_branch_addr(cpu, target);
    return tb_jump_indirect(cpu);
}

const op_t *op_eret(cpu_t *cpu, const op_t *op)
{
    (void)op;
    cpu_eret(cpu);
    return NULL;
}

/* SVC: preferred return address is the next instruction; ISS = imm16. */
const op_t *op_svc(cpu_t *cpu, const op_t *op)
{
    cpu_take_exception(cpu, EXC_SYNC, op->imm2, esr_make(EC_SVC64, true, (uint32_t)op->imm), 0, false);
    return NULL;
}

/* BRK: preferred return address is the BRK itself. */
const op_t *op_brk(cpu_t *cpu, const op_t *op)
{
    cpu_raise_sync(cpu, cpu_op_pc(cpu, op), esr_make(EC_BRK64, true, (uint32_t)op->imm), 0, false);
}

/* HVC/SMC with neither EL2 nor EL3: the board's firmware (PSCI) is the
 * handler, as QEMU does for its virt machine. Unhandled calls are UNDEFINED,
 * which is what the architecture says of HVC without EL2 and SMC without EL3.
 * Both are UNDEFINED at EL0. */
static const op_t *firmware_call(cpu_t *cpu, const op_t *op, bool smc)
{
    uint64_t pc = cpu_op_pc(cpu, op);
    if (cpu->el == 0 || !cpu->fw_call || !cpu->fw_call(cpu->fw_opaque, cpu, smc, (uint16_t)op->imm))
        cpu_raise_undef(cpu, pc);
    cpu->pc = op->imm2;
    return NULL;
}

const op_t *op_hvc(cpu_t *cpu, const op_t *op) { return firmware_call(cpu, op, false); }
const op_t *op_smc(cpu_t *cpu, const op_t *op) { return firmware_call(cpu, op, true); }

/* ---- decoder for the "branches, exception generating and system" group ---- */

bool decode_branch_sys(dc_t *dc, uint32_t insn, op_t *op)
{
    uint64_t pc = dc->pc;
    op->imm2 = pc + 4;

    /* B / BL: op0 = x00101 */
    if ((insn & 0x7c000000) == 0x14000000) {
        op->imm = pc + (uint64_t)(sbits(insn, 0, 26) * 4);
        op_set(op, insn >> 31 ? OP_bl : OP_b);
        dc->is_jump = true;
        return true;
    }
    /* CBZ/CBNZ: x011010x */
    if ((insn & 0x7e000000) == 0x34000000) {
        bool sf = insn >> 31, nz = insn >> 24 & 1;
        op->rn = reg_or_zr(bits(insn, 0, 5));
        op->imm = pc + (uint64_t)(sbits(insn, 5, 19) * 4);
        op_set(op, nz ? (sf ? OP_cbnz64 : OP_cbnz32) : (sf ? OP_cbz64 : OP_cbz32));
        dc->is_jump = true;
        return true;
    }
    /* TBZ/TBNZ: x011011x, bit number b5:b40 */
    if ((insn & 0x7e000000) == 0x36000000) {
        op->rn = reg_or_zr(bits(insn, 0, 5));
        op->a = (uint8_t)(bits(insn, 31, 1) << 5 | bits(insn, 19, 5));
        op->imm = pc + (uint64_t)(sbits(insn, 5, 14) * 4);
        op_set(op, insn >> 24 & 1 ? OP_tbnz : OP_tbz);
        dc->is_jump = true;
        return true;
    }
    /* B.cond: 0101010 0 imm19 0 cond (bit 4 = 1 is BC.cond, v8.8: unallocated here) */
    if ((insn & 0xff000010) == 0x54000000) {
        op->a = (uint8_t)bits(insn, 0, 4);
        op->imm = pc + (uint64_t)(sbits(insn, 5, 19) * 4);
        op_set(op, OP_bcond);
        dc->is_jump = true;
        return true;
    }
    /* Exception generation: 11010100 opc imm16 op2 LL */
    if ((insn & 0xff000000) == 0xd4000000) {
        unsigned opc = bits(insn, 21, 3), op2 = bits(insn, 2, 3), ll = bits(insn, 0, 2);
        op->imm = bits(insn, 5, 16);
        if (op2 != 0)
            return false;
        dc->is_jump = true;
        switch (opc << 2 | ll) {
        case 0x1: op_set(op, OP_svc); return true;
        case 0x2: op_set(op, OP_hvc); return true;
        case 0x3: op_set(op, OP_smc); return true;
        case 0x4: op_set(op, OP_brk); return true;
        default:  return false; /* HLT (halting debug disabled), DCPS*: UNDEFINED */
        }
    }
    /* System: 1101010100 */
    if ((insn & 0xffc00000) == 0xd5000000)
        return decode_system(dc, insn, op);
    /* Unconditional branch (register): 1101011 opc op2=11111 op3 Rn op4 */
    if ((insn & 0xfe000000) == 0xd6000000) {
        unsigned opc = bits(insn, 21, 4), op2 = bits(insn, 16, 5), op3 = bits(insn, 10, 6);
        unsigned rn = bits(insn, 5, 5), op4 = bits(insn, 0, 5);
        if (op2 != 0x1f || op3 != 0 || op4 != 0)
            return false; /* pointer-authentication forms: FEAT_PAuth not implemented */
        op->rn = reg_or_zr(rn);
        dc->is_jump = true;
        switch (opc) {
        case 0: op_set(op, OP_br); return true;
        case 1: op_set(op, OP_blr); return true;
        case 2: op_set(op, OP_br); return true; /* RET is BR with a hint */
        case 4:
            if (rn != 31 || dc->el == 0)
                return false; /* ERET is UNDEFINED at EL0 */
            op_set(op, OP_eret);
            return true;
        default:
            return false; /* DRPS: UNDEFINED outside Debug state */
        }
    }
    return false;
}

/* ---- fused compare and branch ---------------------------------------------------
 * Almost every loop ends in CMP (SUBS to XZR) + B.cond. Run separately, that is
 * two dispatches and a call into cpu_cond_holds() that has to look at cc_op
 * again. The translator's peephole (branch_fuse_cmp, called once a block is
 * complete) turns the SUBS into one of the ops below when a B.cond follows it
 * directly: the op does the subtraction, records the lazy flags exactly as
 * SUBS would (a later MRS NZCV, conditional select or exception entry still
 * sees the same NZCV), and evaluates ConditionHolds(cond) from the operands
 * it already has in registers. The B.cond op stays in the block, unexecuted,
 * as the carrier of the two targets (imm taken, imm2 fall-through) and of the
 * original instruction for tools that list ops.
 *
 * ConditionHolds for a - b (AddWithCarry(a, NOT(b), 1)):
 *   EQ Z: a == b          CS C: a >= b unsigned       MI N: r < 0
 *   VS V: signed overflow HI C && !Z: a > b unsigned  GE N == V: a >= b signed
 *   GT: a > b signed      (odd conditions are the negations). */
#define CMPBR_eq(a, b, r, S, U) ((U)(a) == (U)(b))
#define CMPBR_ne(a, b, r, S, U) ((U)(a) != (U)(b))
#define CMPBR_cs(a, b, r, S, U) ((U)(a) >= (U)(b))
#define CMPBR_cc(a, b, r, S, U) ((U)(a) < (U)(b))
#define CMPBR_mi(a, b, r, S, U) ((S)(U)(r) < 0)
#define CMPBR_pl(a, b, r, S, U) ((S)(U)(r) >= 0)
#define CMPBR_vs(a, b, r, S, U) ((S)(U)(((a) ^ (b)) & ((a) ^ (r))) < 0)
#define CMPBR_vc(a, b, r, S, U) ((S)(U)(((a) ^ (b)) & ((a) ^ (r))) >= 0)
#define CMPBR_hi(a, b, r, S, U) ((U)(a) > (U)(b))
#define CMPBR_ls(a, b, r, S, U) ((U)(a) <= (U)(b))
#define CMPBR_ge(a, b, r, S, U) ((S)(U)(a) >= (S)(U)(b))
#define CMPBR_lt(a, b, r, S, U) ((S)(U)(a) < (S)(U)(b))
#define CMPBR_gt(a, b, r, S, U) ((S)(U)(a) > (S)(U)(b))
#define CMPBR_le(a, b, r, S, U) ((S)(U)(a) <= (S)(U)(b))

/* form: i (operand = op->imm) or r (operand = Xm, LSL #0). */
#define CMPBR_OPND_i (op->imm)
#define CMPBR_OPND_r (cpu->x[op->rm])
#define DEF_CMPBR(form, width, S, U, ccop, cond)                                  \
    const op_t *op_cmpbr_##form##width##_##cond(cpu_t *cpu, const op_t *op)      \
    {                                                                             \
        uint64_t a = cpu->x[op->rn], b = CMPBR_OPND_##form;                       \
        uint64_t r = (U)(a - b);                                                  \
        cpu->cc_op = ccop;                                                        \
        cpu->cc_a = a;                                                            \
        cpu->cc_b = b;                                                            \
        cpu->cc_r = r;                                                            \
        cpu->x[op->rd] = r;                                                       \
        op++; /* the B.cond: its targets */                                       \
        BRANCH_2WAY(CMPBR_##cond(a, b, r, S, U));                                 \
    }
#define DEF_CMPBR_FORMS(cond)                                   \
    DEF_CMPBR(i, 64, int64_t, uint64_t, CC_SUB64, cond)         \
    DEF_CMPBR(i, 32, int32_t, uint32_t, CC_SUB32, cond)         \
    DEF_CMPBR(r, 64, int64_t, uint64_t, CC_SUB64, cond)         \
    DEF_CMPBR(r, 32, int32_t, uint32_t, CC_SUB32, cond)
CMPBR_CONDS(DEF_CMPBR_FORMS)

/* The fused op for (form, width, cond), in OP_LIST_CMPBR order: cond 0-13. */
#define CMPBR_KINDS(cond) \
    { OP_cmpbr_i64_##cond, OP_cmpbr_i32_##cond, OP_cmpbr_r64_##cond, OP_cmpbr_r32_##cond },
static const uint16_t cmpbr_kinds[14][4] = { CMPBR_CONDS(CMPBR_KINDS) };

void branch_fuse_cmp(tb_t *tb)
{
    if (tb->nops < 2)
        return;
    op_t *cmp = &tb->ops[tb->nops - 2];
    const op_t *br = &tb->ops[tb->nops - 1];
    /* AL and NV (14, 15) are unconditional: nothing to fuse. */
    if (br->kind != OP_bcond || br->a >= 14)
        return;
    int form;
    switch (cmp->kind) {
    case OP_subs_imm64: form = 0; break;
    case OP_subs_imm32: form = 1; break;
    case OP_subs_lsl64: form = cmp->a == 0 ? 2 : -1; break;
    case OP_subs_lsl32: form = cmp->a == 0 ? 3 : -1; break;
    default: form = -1; break;
    }
    if (form >= 0)
        op_set(cmp, (enum op_kind)cmpbr_kinds[br->a][form]);
}
