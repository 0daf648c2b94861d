/* smp.c - broadcast maintenance and code tracking across CPUs (smp.h). */
#include "smp.h"
#include "tb.h"

bool tb_page_has_code(cpu_t *cpu, uint64_t ppage);

void cpu_set_siblings(cpu_t *const *cpus, int n)
{
    for (int i = 0; i < n; i++) {
        cpus[i]->siblings = (cpu_t **)cpus;
        cpus[i]->nsiblings = n;
    }
}

void smp_tlbi_is(cpu_t *cpu, uint32_t enc, uint64_t val)
{
    cpu_t *t;
    /* Each target applies the operation to its own TLB with its own
     * current ASID and TCR (tlb.c keeps only the current ASID's
     * non-global entries), which is what the broadcast means there. */
    SMP_FOR_EACH(t, cpu)
        sysreg_tlbi_local(t, enc, val);
}

void smp_ic_iallu_is(cpu_t *cpu)
{
    cpu_t *t;
    SMP_FOR_EACH(t, cpu)
        tb_flush(t);
}

void smp_tb_invalidate_phys_range(cpu_t *cpu, uint64_t pa, uint64_t len)
{
    cpu_t *t;
    SMP_FOR_EACH(t, cpu)
        tb_invalidate_phys_range(t, pa, len);
}

bool smp_page_has_code(cpu_t *cpu, uint64_t ppage)
{
    cpu_t *t;
    SMP_FOR_EACH(t, cpu)
        if (tb_page_has_code(t, ppage))
            return true;
    return false;
}

void smp_protect_code_page(cpu_t *cpu, uint64_t ppage)
{
    cpu_t *t;
    SMP_FOR_EACH(t, cpu)
        tlb_protect_code_page(t, ppage);
}

void smp_sev(cpu_t *cpu)
{
    cpu_t *t;
    SMP_FOR_EACH(t, cpu)
        t->event_reg = true;
}
