/* exec.c - the dispatcher: find a block, run its ops, repeat.
 *
 * Between blocks it checks for interrupts and the end of the slice; inside a
 * chain of blocks (direct branches patched to jump block-to-block) it does
 * not come back here at all. Exceptions raised inside an op unwind to the
 * sigsetjmp below with the CPU state already updated to the handler.
 */
#include "cpu_internal.h"
#include "cpu_trace.h"
#include "jit/jit.h"
#include "tb.h"

static cpu_exit_t cpu_run_blocks(cpu_t *cpu, uint64_t budget)
{
    if (!cpu->powered)
        return CPU_EXIT_HALTED;
    cpu->icount_limit = cpu->icount + budget;

    if (sigsetjmp(cpu->exit_jmp, 0) != 0) {
        /* An exception (or cpu_loop_exit) abandoned the block. */
        cpu->chain_from = NULL;
    }
    for (;;) {
        if (unlikely(cpu->exit_request)) {
            cpu->exit_request = 0;
            return cpu->powered ? CPU_EXIT_REQUEST : CPU_EXIT_HALTED;
        }
        if (unlikely(cpu->wfi_exit)) {
            cpu->wfi_exit = false;
            return CPU_EXIT_WFI;
        }
        if (cpu->icount >= cpu->icount_limit)
            return CPU_EXIT_BUDGET;
        /* Debugger (debug.c): breakpoint here, or a single step done. */
        if (unlikely(cpu->dbg_active) && debug_check_stop(cpu))
            return CPU_EXIT_DEBUG;
        /* An interrupt entered while single-stepping is the step. */
        if (unlikely(cpu->irq_line | cpu->fiq_line) && cpu_check_interrupts(cpu) &&
            unlikely(cpu->dbg_active))
            continue;
        /* PSTATE.IL (set by an illegal exception return): the next
         * instruction takes an Illegal Execution state exception, EC 0x0E,
         * before anything else about it is checked. */
        if (unlikely(cpu->il))
            cpu_raise_sync(cpu, cpu->pc, esr_make(EC_ILLEGAL, true, 0), 0, false);

        tb_t *tb = tb_find(cpu);
        /* Patch the exit the previous block left by, when both blocks start
         * in the same virtual page (so the same translation covers both)
         * and run in the same context. */
        tb_t *from = cpu->chain_from;
        if (from) {
            /* -d exec/cpu log every block here, so they keep blocks
             * unchained: chained transfers then carry no trace test. Under a
             * debugger every block boundary goes through the checks above. */
            if (from->valid && !cpu->dbg_active &&
                ((from->pc ^ tb->pc) & TLB_PAGE_MASK) == 0 && from->flags == tb->flags &&
                !trace_on(TRACE_EXEC | TRACE_CPU))
                from->next[cpu->chain_slot] = tb;
            cpu->chain_from = NULL;
        }
        if (trace_on(TRACE_EXEC | TRACE_CPU))
            cpu_trace_block(cpu, tb);
        cpu->cur_tb = tb;
        cpu->icount += tb->ninsns;
        const op_t *op = tb->ops;
        uint64_t flushes = cpu->stats.tb_flushes;
        /* The native backend runs the block (and the chain after it) when
         * it has code for it; what it returns continues threaded. Under a
         * debugger or -d exec/cpu the ops run threaded. */
        if (tb->native && likely(!cpu->dbg_active) && !trace_on(TRACE_EXEC | TRACE_CPU))
            op = jit_run(cpu, tb);
        while (op)
            op = op->fn(cpu, op);
        /* A flush while the blocks ran (tb_flush from an instruction:
         * smp.c drain applying another CPU's IC IALLUIS) freed every block,
         * the one that just exited too: the exit it recorded in chain_from
         * points into the arena the next translation reuses, so patching
         * through it could chain a new block to itself. */
        if (unlikely(cpu->stats.tb_flushes != flushes))
            cpu->chain_from = NULL;
    }
}

cpu_exit_t cpu_run(cpu_t *cpu, uint64_t budget)
{
    cpu_exit_t why = cpu_run_blocks(cpu, budget);
    cpu->stats.insns = cpu->icount;
    return why;
}
