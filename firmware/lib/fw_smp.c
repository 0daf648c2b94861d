/* fw_smp.c - secondary CPU start-up for firmware tests (fw_smp.h). */
#include "fw_smp.h"

#define FW_CPU_STACK 16384

/* What a starting CPU needs, handed over as PSCI CPU_ON's context_id. */
typedef struct fw_cpu_start {
    uint64_t stack_top;
    void (*fn)(void *arg);
    void *arg;
} fw_cpu_start_t;

static fw_cpu_start_t starts[FW_MAX_CPUS];
static uint8_t stacks[FW_MAX_CPUS][FW_CPU_STACK] __attribute__((aligned(16)));

/* Entry of a secondary CPU: x0 = context_id = its fw_cpu_start_t. Same
 * state as the boot CPU (EL1h, MMU off); take the vectors, the stack, call
 * fn, then PSCI CPU_OFF (0x84000002). */
__asm__(".pushsection .text\n"
        ".balign 4\n"
        "fw_secondary_entry:\n"
        "    ldr x1, [x0]\n"
        "    mov sp, x1\n"
        "    adr x1, fw_vectors\n"
        "    msr vbar_el1, x1\n"
        "    isb\n"
        "    ldr x1, [x0, #8]\n"
        "    ldr x0, [x0, #16]\n"
        "    blr x1\n"
        "    movz w0, #0x0002\n"
        "    movk w0, #0x8400, lsl #16\n"
        "    hvc #0\n"
        "1:  wfi\n"
        "    b 1b\n"
        ".popsection\n");
void fw_secondary_entry(void);

int fw_cpu_index(void)
{
    return (int)(SYSREG_READ(mpidr_el1) & 0xff);
}

int64_t fw_cpu_on(int cpu, void (*fn)(void *arg), void *arg)
{
    if (cpu < 0 || cpu >= FW_MAX_CPUS)
        return PSCI_INVALID_PARAMETERS;
    starts[cpu].stack_top = (uint64_t)(uintptr_t)(stacks[cpu] + FW_CPU_STACK);
    starts[cpu].fn = fn;
    starts[cpu].arg = arg;
    DSB_ISH(); /* the block is in memory before the CPU can read it */
    return (int64_t)fw_hvc(0xc4000003, (uint64_t)cpu, (uint64_t)(uintptr_t)fw_secondary_entry,
                           (uint64_t)(uintptr_t)&starts[cpu]);
}

int64_t fw_affinity_info(int cpu)
{
    return (int64_t)fw_hvc(0xc4000004, (uint64_t)cpu, 0, 0);
}

bool fw_wait_eq(volatile uint32_t *p, uint32_t want, uint64_t limit)
{
    for (uint64_t i = 0; i < limit; i++) {
        if (fw_load_acquire(p) == want)
            return true;
        __asm__ volatile("yield" ::: "memory");
    }
    return fw_load_acquire(p) == want;
}
