/* cpu.c - creating, resetting and inspecting a CPU; PSTATE helpers. */
#include <stdlib.h>
#include <string.h>

#include "cpu_internal.h"
#include "jit/jit.h"
#include "smp.h"
#include "tb.h"

cpu_t *cpu_create(physmap_t *pm, cpu_model_t model, int index)
{
    cpu_t *cpu = calloc(1, sizeof(*cpu));
    if (!cpu)
        return NULL;
    cpu->pm = pm;
    cpu->index = index;
    cpu->model = model;
    if (tb_cache_init(cpu) != 0) {
        free(cpu);
        return NULL;
    }
    /* Writes to RAM that bypass the TLB fast path (DMA, the slow path) may
     * hit translated code. One CPU for now: with SMP the hook fans out. */
    pm->code_write_hook = cpu_code_write_hook;
    pm->code_write_opaque = cpu;
    cpu_set_id_registers(cpu, model);
    cpu_set_native(cpu, true); /* the default where the host allows it */
    cpu_reset(cpu, 0, 0);
    cpu->powered = index == 0;
    return cpu;
}

void cpu_destroy(cpu_t *cpu)
{
    if (!cpu)
        return;
    smp_queue_free(cpu);
    if (cpu->pm->code_write_opaque == cpu)
        cpu->pm->code_write_hook = NULL;
    tb_cache_destroy(cpu);
    jit_destroy(cpu);
    free(cpu);
}

bool cpu_set_native(cpu_t *cpu, bool on)
{
    if (on != (cpu->jit != NULL)) {
        /* Blocks already translated carry code of the old choice (none
         * when the board chooses right after cpu_create). */
        if (cpu->stats.tbs_translated)
            tb_flush(cpu);
        if (on)
            jit_init(cpu);
        else
            jit_destroy(cpu);
    }
    cpu->stats.native_cpus = cpu->jit != NULL;
    return on == (cpu->jit != NULL);
}

void cpu_reset(cpu_t *cpu, uint64_t entry, uint64_t x0_value)
{
    memset(cpu->x, 0, sizeof(cpu->x));
    cpu->x[0] = x0_value;
    cpu->pc = entry;
    cpu->cc_op = CC_NZCV;
    cpu->cc_r = 0;
    /* booting.rst: EL1h, all of DAIF masked. */
    cpu->el = 1;
    cpu->spsel = 1;
    cpu->daif = 0xf << 6;
    cpu->pan = cpu->uao = cpu->ss = cpu->il = 0;
    cpu->sp_el[0] = cpu->sp_el[1] = 0;
    cpu->excl_addr = UINT64_MAX;
    cpu->wfi_exit = false;
    cpu->exit_request = 0;
    cpu->chain_from = NULL;
    sysreg_reset(cpu); /* SCTLR_EL1.M = 0: MMU off */
    tlb_flush_all(cpu);
    cpu->powered = true;
}

int cpu_mmu_idx(const cpu_t *cpu)
{
    if (cpu->el == 0)
        return MMU_IDX_EL0;
    return cpu->pan ? MMU_IDX_EL1_PAN : MMU_IDX_EL1;
}

/* SPSR_ELx layout (and PSTATE as MRS/exception entry see it):
 * N Z C V [31:28], UAO [23], PAN [22], SS [21], IL [20], D A I F [9:6],
 * M[4] = 0 (AArch64), M[3:2] = EL, M[0] = SPSel. */
uint32_t cpu_pstate_to_spsr(const cpu_t *cpu)
{
    return cpu_get_nzcv(cpu) | (uint32_t)cpu->uao << 23 | (uint32_t)cpu->pan << 22 |
           (uint32_t)cpu->ss << 21 | (uint32_t)cpu->il << 20 | cpu->daif |
           (uint32_t)cpu->el << 2 | cpu->spsel;
}

void cpu_switch_sp(cpu_t *cpu, int new_el, int new_spsel)
{
    /* Bank the live SP, then load the one the new state selects
     * (SP_EL0 when SPSel = 0 or at EL0, else SP_EL1). */
    int cur = cpu->spsel ? cpu->el : 0;
    int nxt = new_spsel ? new_el : 0;
    cpu->sp_el[cur] = cpu->x[REG_SP];
    cpu->x[REG_SP] = cpu->sp_el[nxt];
    cpu->el = (uint8_t)new_el;
    cpu->spsel = (uint8_t)new_spsel;
}

void cpu_spsr_to_pstate(cpu_t *cpu, uint32_t spsr)
{
    cpu_set_nzcv(cpu, spsr);
    cpu->uao = spsr >> 23 & 1;
    cpu->pan = spsr >> 22 & 1;
    cpu->ss = spsr >> 21 & 1;
    cpu->il = spsr >> 20 & 1;
    cpu->daif = spsr & (0xf << 6);
    cpu_switch_sp(cpu, spsr >> 2 & 3, spsr & 1);
}

void cpu_request_exit(cpu_t *cpu)
{
    cpu->exit_request = 1;
    cpu->icount_limit = 0;
}

void cpu_kick(cpu_t *cpu)
{
    cpu->icount_limit = 0;
}

void cpu_set_irq_line(void *opaque, int n, int level)
{
    cpu_t *cpu = opaque;
    if (n == CPU_IRQ_LINE_IRQ)
        cpu->irq_line = level != 0;
    else
        cpu->fiq_line = level != 0;
    /* Stop chaining so the dispatcher looks at the new line levels. */
    if (level)
        cpu_kick(cpu);
}

bool cpu_interrupt_pending(const cpu_t *cpu)
{
    return cpu->irq_line || cpu->fiq_line;
}

void cpu_set_gic_hooks(cpu_t *cpu, const cpu_gic_hooks_t *hooks)
{
    cpu->gic = *hooks;
}

void cpu_set_firmware_call(cpu_t *cpu, cpu_firmware_call_fn fn, void *opaque)
{
    cpu->fw_call = fn;
    cpu->fw_opaque = opaque;
}

irq_line_t *cpu_timer_output(cpu_t *cpu, int which)
{
    return &cpu->timer_out[which];
}

bool cpu_is_powered(const cpu_t *cpu) { return cpu->powered; }
void cpu_power_off(cpu_t *cpu) { cpu->powered = false; cpu_request_exit(cpu); }
int cpu_index(const cpu_t *cpu) { return cpu->index; }
uint64_t cpu_mpidr(const cpu_t *cpu) { return cpu->mpidr; }

uint64_t cpu_get_x(const cpu_t *cpu, int n) { return (n >= 0 && n < 31) ? cpu->x[n] : 0; }
void cpu_set_x(cpu_t *cpu, int n, uint64_t val)
{
    if (n >= 0 && n < 31)
        cpu->x[n] = val;
}
uint64_t cpu_get_pc(const cpu_t *cpu) { return cpu->pc; }
uint32_t cpu_get_pstate(const cpu_t *cpu) { return cpu_pstate_to_spsr(cpu); }
const cpu_stats_t *cpu_get_stats(const cpu_t *cpu) { return &cpu->stats; }
