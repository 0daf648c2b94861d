/* translate.c - guest code to translation blocks.
 *
 * One block is the run of instructions from a PC up to the first branch,
 * exception-generating or state-changing instruction, the end of the 4 KiB
 * page, or TB_MAX_INSNS. Blocks never cross a page, so one instruction-fetch
 * translation covers the whole block and a write to that physical page is
 * enough to invalidate it.
 */
#include <string.h>

#include "cpu_trace.h"
#include "decode.h"
#include "dp_fuse.h"
#include "jit/jit.h"
#include "tb.h"

/* A64 top-level decode: the group is chosen by op0 = bits 28:25. */
static bool decode_one(dc_t *dc, uint32_t insn, op_t *op)
{
    switch (bits(insn, 25, 4)) {
    case 0x8: case 0x9:
        return decode_dp_imm(dc, insn, op);
    case 0xa: case 0xb:
        return decode_branch_sys(dc, insn, op);
    case 0x4: case 0x6: case 0xc: case 0xe:
        return decode_ldst(dc, insn, op);
    case 0x5: case 0xd:
        return decode_dp_reg(dc, insn, op);
    case 0x7: case 0xf:
        return decode_simd_fp(dc, insn, op);
    default: /* 0000 reserved (UDF), 0001 unallocated, 0010 SVE, 0011 unallocated */
        return false;
    }
}

tb_t *tb_translate(cpu_t *cpu, uint64_t pc, uint64_t phys_pc, uint32_t flags,
                   const uint8_t *host_page)
{
    /* One extra op for the fall-through exit. */
    tb_t *tb = tb_alloc(cpu, TB_MAX_INSNS + 1);
    tb->pc = pc;
    tb->phys_pc = phys_pc;
    tb->flags = flags;

    dc_t dc = {
        .cpu = cpu,
        .el = cpu->el,
        .mmu_idx = cpu_mmu_idx(cpu),
        .fp_ok = (flags & TB_FLAG_FP) != 0,
    };
    uint64_t page_end = (pc & TLB_PAGE_MASK) + (1u << TLB_PAGE_BITS);
    unsigned n = 0;
    uint64_t next_pc = pc;
    /* Under a debugger: one instruction per block when stepping, and a
     * block ends before a breakpoint so the dispatcher sees it (debug.c). */
    unsigned max_insns = flags & TB_FLAG_STEP ? 1 : TB_MAX_INSNS;
    bool bps = cpu->dbg.nbp > 0;
    for (unsigned i = 0; i < max_insns; i++) {
        if (unlikely(bps) && i > 0 && debug_is_breakpoint(cpu, next_pc))
            break;
        uint32_t insn;
        memcpy(&insn, host_page + (next_pc & ~TLB_PAGE_MASK), 4);
        op_t *op = &tb->ops[n++];
        memset(op, 0, sizeof(*op));
        op->idx = (uint16_t)i;
        op->insn = insn;
        dc.pc = next_pc;
        dc.is_jump = dc.end_tb = dc.uses_fp = false;
        next_pc += 4;
        bool ok = decode_one(&dc, insn, op);
        if (!ok || (dc.uses_fp && !dc.fp_ok)) {
            memset(op, 0, sizeof(*op));
            op->idx = (uint16_t)i;
            op->insn = insn;
            op_set(op, ok ? OP_fp_trap : OP_undef);
            dc.is_jump = true;
        }
        if (dc.is_jump)
            goto done;
        if (dc.end_tb)
            break;
        if (next_pc >= page_end)
            break;
    }
    /* Fall through to next_pc. The exit op carries the index of the last
     * instruction so a fault-free exit needs no extra pc bookkeeping. */
    op_t *exit = &tb->ops[n++];
    memset(exit, 0, sizeof(*exit));
    exit->idx = (uint16_t)(n - 2);
    exit->imm = next_pc;
    op_set(exit, dc.end_tb ? OP_exit_tb : OP_goto_tb);
done:
    tb->nops = (uint16_t)n;
    tb->ninsns = (uint16_t)((next_pc - pc) / 4);
    branch_fuse_cmp(tb); /* peephole: CMP + B.cond at the end -> one op */
    /* Fused pairs save the threaded executor a dispatch; the native backend
     * inlines the two ops instead (a fused op would be a call), so it
     * gets them apart. */
    if (!cpu->jit)
        fuse_pairs(tb); /* peephole: adjacent ALU/load/store pairs -> one op */
    tb_commit(cpu, tb);
    if (trace_on(TRACE_IN_ASM))
        cpu_trace_translated(cpu, tb, host_page + (pc & ~TLB_PAGE_MASK));
    tb->native = jit_compile(cpu, tb); /* NULL: the ops run threaded */
    return tb;
}
