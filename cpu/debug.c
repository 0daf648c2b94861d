/* debug.c - breakpoints, watchpoints and single step for a debugger stub.
 *
 * How each one stops the CPU (see also docs/ARCHITECTURE.md "The GDB stub"):
 *
 * Breakpoints never modify guest memory. While any exists, the translator
 * ends a block before every breakpoint address (translate.c asks
 * debug_is_breakpoint()), so a breakpoint is always the first instruction
 * of a block; the dispatcher, which with dbg_active never chains blocks,
 * checks the PC against the list before it runs a block and stops there,
 * before the instruction executes. Adding or removing one flushes the
 * translated code, so no block translated under the old set survives.
 *
 * Single step sets TB_FLAG_STEP in the block key: blocks of one
 * instruction. The dispatcher marks the step as started, runs one block or
 * takes one exception / interrupt entry, and stops at the next boundary.
 *
 * Watchpoints: tlb_fill gives pages that hold a watched byte invalid data
 * tags, so every access to them takes the slow path (tlb.c), which calls
 * debug_check_watch() before the access. A hit stops the CPU *before* the
 * accessing instruction, with nothing of it done: the hook unwinds with PC
 * at the instruction and the dispatcher reports the stop. That is what GDB
 * expects of AArch64 (its aarch64 target declares watchpoints
 * "non-steppable", like the hardware's, which report before the access):
 * GDB then steps the instruction itself with the watchpoint removed and
 * compares the old and new values. A debugger that resumes without
 * removing the watchpoint is not stopped twice by the same access: the
 * first instruction after a watchpoint stop runs alone (a one-instruction
 * block) with watchpoints ignored.
 */
#include <string.h>

#include "mem_access.h"
#include "tb.h"

static void debug_update_active(cpu_t *cpu)
{
    cpu_debug_state_t *d = &cpu->dbg;
    cpu->dbg_active = d->nbp > 0 || d->step || d->watch_hit || d->watch_skip || d->step_started;
}

uint32_t debug_tb_flags(const cpu_t *cpu)
{
    const cpu_debug_state_t *d = &cpu->dbg;
    return d->step || d->watch_skip ? TB_FLAG_STEP : 0;
}

bool debug_is_breakpoint(const cpu_t *cpu, uint64_t va)
{
    for (int i = 0; i < cpu->dbg.nbp; i++)
        if (cpu->dbg.bp[i] == va)
            return true;
    return false;
}

bool debug_check_stop(cpu_t *cpu)
{
    cpu_debug_state_t *d = &cpu->dbg;
    if (d->step_started) {
        /* The stepped instruction ran (or an exception or interrupt was
         * entered instead): stop at the next instruction, unless the step
         * only carried the CPU past a watchpoint stop. */
        bool internal = d->watch_skip && !d->step;
        d->step_started = false;
        d->watch_skip = false;
        debug_update_active(cpu);
        if (!internal) {
            d->stop = (cpu_debug_stop_t){ CPU_STOP_STEP, cpu->pc, 0 };
            return true;
        }
    }
    if (d->watch_hit) {
        d->watch_hit = false;
        d->watch_skip = true;
        debug_update_active(cpu);
        return true; /* d->stop was filled by debug_check_watch() */
    }
    /* A breakpoint stops before its instruction, but not again when the
     * instruction resumes after a watchpoint stop: it passed the check. */
    if (!d->watch_skip && debug_is_breakpoint(cpu, cpu->pc)) {
        d->stop = (cpu_debug_stop_t){ CPU_STOP_BREAKPOINT, cpu->pc, 0 };
        return true;
    }
    if (d->step || d->watch_skip)
        d->step_started = true;
    return false;
}

static bool watch_overlaps(const cpu_watch_t *w, uint64_t va, uint64_t len)
{
    return va < w->va + w->len && w->va < va + len;
}

bool debug_page_watched(const cpu_t *cpu, uint64_t vpage)
{
    for (int i = 0; i < cpu->dbg.nwp; i++)
        if (watch_overlaps(&cpu->dbg.wp[i], vpage, 1u << TLB_PAGE_BITS))
            return true;
    return false;
}

void debug_check_watch(cpu_t *cpu, uint64_t va, unsigned size, acc_t acc, uint64_t pc)
{
    cpu_debug_state_t *d = &cpu->dbg;
    if (d->watch_skip || acc == ACC_EXEC)
        return; /* resuming the instruction that hit: let it access */
    int kind = acc == ACC_WRITE ? CPU_WATCH_WRITE : CPU_WATCH_READ;
    for (int i = 0; i < d->nwp; i++) {
        const cpu_watch_t *w = &d->wp[i];
        if (!(w->kind & kind) || !watch_overlaps(w, va, size))
            continue;
        /* Report the watched address GDB asked for when the access covers
         * it, else the first byte accessed inside the range. */
        cpu_watch_kind_t k = w->kind == CPU_WATCH_ACCESS ? CPU_WATCH_ACCESS : (cpu_watch_kind_t)kind;
        d->stop = (cpu_debug_stop_t){ CPU_STOP_WATCH, va > w->va ? va : w->va, k };
        d->watch_hit = true;
        d->step_started = false; /* a user step did not complete this instruction */
        cpu->dbg_active = true;
        cpu->pc = pc;
        cpu_loop_exit(cpu);
    }
}

/* ---- the public API (cpu.h) ---- */

int cpu_debug_add_breakpoint(cpu_t *cpu, uint64_t va)
{
    cpu_debug_state_t *d = &cpu->dbg;
    if (debug_is_breakpoint(cpu, va))
        return 0;
    if (d->nbp == CPU_DEBUG_MAX_BP)
        return -1;
    d->bp[d->nbp++] = va;
    /* Blocks translated before may run through va: retranslate. */
    tb_flush(cpu);
    debug_update_active(cpu);
    return 0;
}

int cpu_debug_remove_breakpoint(cpu_t *cpu, uint64_t va)
{
    cpu_debug_state_t *d = &cpu->dbg;
    for (int i = 0; i < d->nbp; i++) {
        if (d->bp[i] != va)
            continue;
        d->bp[i] = d->bp[--d->nbp];
        tb_flush(cpu);
        debug_update_active(cpu);
        return 0;
    }
    return -1;
}

int cpu_debug_add_watchpoint(cpu_t *cpu, uint64_t va, uint64_t len, cpu_watch_kind_t kind)
{
    cpu_debug_state_t *d = &cpu->dbg;
    if (len == 0 || va + len < va || kind < CPU_WATCH_WRITE || kind > CPU_WATCH_ACCESS)
        return -1;
    if (d->nwp == CPU_DEBUG_MAX_WP)
        return -1;
    d->wp[d->nwp++] = (cpu_watch_t){ va, len, kind };
    /* Cached translations of the page would let accesses skip the check. */
    tlb_flush_all(cpu);
    return 0;
}

int cpu_debug_remove_watchpoint(cpu_t *cpu, uint64_t va, uint64_t len, cpu_watch_kind_t kind)
{
    cpu_debug_state_t *d = &cpu->dbg;
    for (int i = 0; i < d->nwp; i++) {
        cpu_watch_t *w = &d->wp[i];
        if (w->va != va || w->len != len || w->kind != (int)kind)
            continue;
        *w = d->wp[--d->nwp];
        tlb_flush_all(cpu); /* the page may use the fast path again */
        return 0;
    }
    return -1;
}

void cpu_debug_clear(cpu_t *cpu)
{
    cpu_debug_state_t *d = &cpu->dbg;
    bool flush = d->nbp > 0, tlb = d->nwp > 0;
    d->nbp = d->nwp = 0;
    d->step = false;
    if (flush)
        tb_flush(cpu);
    if (tlb)
        tlb_flush_all(cpu);
    debug_update_active(cpu);
}

void cpu_debug_set_single_step(cpu_t *cpu, bool on)
{
    cpu->dbg.step = on;
    debug_update_active(cpu);
}

cpu_debug_stop_t cpu_debug_stop(const cpu_t *cpu)
{
    return cpu->dbg.stop;
}

/* Translate va for the debugger: the EL1 regime without PAN, so the
 * debugger sees what the kernel can see; permission faults do not matter
 * to a debugger. Returns false if va does not map to RAM. */
static bool debug_translate(cpu_t *cpu, uint64_t va, uint64_t *pa)
{
    mmu_result_t r;
    mmu_translate(cpu, va, ACC_READ, MMU_IDX_EL1, &r);
    if (r.fault != MMU_FAULT_NONE && r.fault != MMU_FAULT_PERMISSION)
        return false;
    *pa = r.pa;
    return physmap_is_ram(cpu->pm, r.pa, 1);
}

/* Copy between buf and guest virtual memory, page by page, stopping at the
 * first byte that does not translate to RAM. Returns the bytes copied. */
static size_t debug_copy_virt(cpu_t *cpu, uint64_t va, uint8_t *buf, size_t len, bool write)
{
    size_t done = 0;
    while (done < len) {
        uint64_t pa, v = va + done;
        if (!debug_translate(cpu, v, &pa))
            break;
        size_t n = (1u << TLB_PAGE_BITS) - (v & ~TLB_PAGE_MASK);
        if (n > len - done)
            n = len - done;
        if (!physmap_is_ram(cpu->pm, pa, n))
            n = 1; /* RAM ends inside the page: go byte by byte */
        if (write) {
            memcpy(physmap_ram_ptr(cpu->pm, pa), buf + done, n);
            /* The debugger may patch code: drop blocks translated from it. */
            tb_invalidate_phys_range(cpu, pa, n);
        } else {
            memcpy(buf + done, physmap_ram_ptr(cpu->pm, pa), n);
        }
        done += n;
    }
    return done;
}

size_t cpu_debug_read_virt(cpu_t *cpu, uint64_t va, void *buf, size_t len)
{
    return debug_copy_virt(cpu, va, buf, len, false);
}

size_t cpu_debug_write_virt(cpu_t *cpu, uint64_t va, const void *buf, size_t len)
{
    /* Only read from when writing. */
    return debug_copy_virt(cpu, va, (uint8_t *)(uintptr_t)buf, len, true);
}

uint64_t cpu_get_sp(const cpu_t *cpu) { return cpu->x[REG_SP]; }
void cpu_set_sp(cpu_t *cpu, uint64_t val) { cpu->x[REG_SP] = val; }
void cpu_set_pc(cpu_t *cpu, uint64_t val)
{
    cpu->pc = val;
    cpu->chain_from = NULL; /* the last exit no longer leads to the next block */
}

bool cpu_set_pstate(cpu_t *cpu, uint32_t spsr)
{
    /* M[4] = 1 is AArch32; M[3:2] is the EL; EL0 has only SP_EL0
     * (AArch64 "EL0t"). Anything else would be an illegal state here. */
    unsigned el = spsr >> 2 & 3;
    if (spsr & 0x10 || el > 1 || (el == 0 && (spsr & 1)) || spsr & 2)
        return false;
    cpu_spsr_to_pstate(cpu, spsr);
    cpu->chain_from = NULL;
    return true;
}

void cpu_get_vreg(const cpu_t *cpu, int n, uint8_t out[16])
{
    memcpy(out, cpu->v[n & 31].b, 16);
}

void cpu_set_vreg(cpu_t *cpu, int n, const uint8_t in[16])
{
    memcpy(cpu->v[n & 31].b, in, 16);
}

uint32_t cpu_get_fpsr(const cpu_t *cpu) { return (uint32_t)cpu->sys.fpsr; }
uint32_t cpu_get_fpcr(const cpu_t *cpu) { return (uint32_t)cpu->sys.fpcr; }

/* The same RES0 masks as MSR FPSR/FPCR (sysreg.c): QC, the cumulative
 * exception flags; AHP, DN, FZ, RMode, and FZ16 with half-precision. */
void cpu_set_fpsr(cpu_t *cpu, uint32_t val) { cpu->sys.fpsr = val & 0x0800009fu; }
void cpu_set_fpcr(cpu_t *cpu, uint32_t val)
{
    bool fp16 = (cpu->id_aa64pfr0 >> 16 & 0xf) == 1;
    cpu->sys.fpcr = val & (0x07c00000u | (fp16 ? 1u << 19 : 0));
}
