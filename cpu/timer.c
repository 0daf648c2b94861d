/* timer.c - the generic timer: system counter, EL1 physical and virtual
 * timers (CNTP_*, CNTV_*), and their interrupt outputs.
 *
 * The counter runs at 62.5 MHz, QEMU's CNTFRQ, which makes one tick exactly
 * 16 ns of the host's CLOCK_MONOTONIC: no division anywhere. It is the host
 * clock itself, not an offset from when tinyvm started, so every vCPU reads
 * the same counter without sharing any state (the architecture requires
 * one system-wide count). All reads go through timer_counter(), so a
 * deterministic mode (the count derived from the instruction count) is a
 * change in one function.
 *
 * A timer condition is met when Count >= CVAL (unsigned); ISTATUS shows it
 * while ENABLE is set, and the output line is ISTATUS && !IMASK. Lines are
 * recomputed on every register access and whenever the board polls
 * (cpu_timer_poll), which also tells the board when to poll next.
 */
#include <time.h>

#include "sysreg.h"

#define TIMER_FREQ 62500000u
#define NS_PER_TICK_SHIFT 4 /* 1e9 / 62.5e6 = 16 ns */

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t timer_freq(void)
{
    return TIMER_FREQ;
}

uint64_t timer_counter(const cpu_t *cpu)
{
    (void)cpu; /* a deterministic mode would use cpu->icount here */
    return host_ns() >> NS_PER_TICK_SHIFT;
}

/* The count timer `which` compares against: CNTVCT = CNTPCT - CNTVOFF. */
static uint64_t count_of(const cpu_t *cpu, int which, uint64_t phys)
{
    return which == CPU_TIMER_VIRT ? phys - cpu->cntvoff : phys;
}

static bool istatus(const cpu_t *cpu, int which, uint64_t phys)
{
    return (cpu->timer[which].ctl & CNT_CTL_ENABLE) &&
           count_of(cpu, which, phys) >= cpu->timer[which].cval;
}

static void update_at(cpu_t *cpu, uint64_t phys)
{
    for (int i = 0; i < CPU_TIMER_COUNT; i++) {
        int level = istatus(cpu, i, phys) && !(cpu->timer[i].ctl & CNT_CTL_IMASK);
        if (level != cpu->timer_level[i]) {
            cpu->timer_level[i] = level;
            irq_set(&cpu->timer_out[i], level);
        }
    }
}

void timer_update(cpu_t *cpu)
{
    update_at(cpu, timer_counter(cpu));
}

uint64_t cpu_timer_poll(cpu_t *cpu)
{
    uint64_t phys = timer_counter(cpu);
    update_at(cpu, phys);
    uint64_t next = UINT64_MAX;
    for (int i = 0; i < CPU_TIMER_COUNT; i++) {
        uint64_t ctl = cpu->timer[i].ctl;
        if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) != CNT_CTL_ENABLE || istatus(cpu, i, phys))
            continue;
        /* The physical count at which the condition becomes true. */
        uint64_t at = cpu->timer[i].cval + (i == CPU_TIMER_VIRT ? cpu->cntvoff : 0);
        uint64_t ns = at > (UINT64_MAX >> NS_PER_TICK_SHIFT) ? UINT64_MAX : at << NS_PER_TICK_SHIFT;
        if (ns < next)
            next = ns;
    }
    return next;
}

static int timer_of(uint32_t enc)
{
    return sr_crm(enc) == 3 ? CPU_TIMER_VIRT : CPU_TIMER_PHYS;
}

uint64_t timer_reg_read(cpu_t *cpu, uint32_t enc)
{
    uint64_t phys = timer_counter(cpu);
    int t = timer_of(enc);
    switch (enc) {
    case SR_CNTPCT_EL0: return phys;
    case SR_CNTVCT_EL0: return count_of(cpu, CPU_TIMER_VIRT, phys);
    case SR_CNTP_CTL_EL0: case SR_CNTV_CTL_EL0:
        update_at(cpu, phys);
        return (cpu->timer[t].ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) |
               (istatus(cpu, t, phys) ? CNT_CTL_ISTATUS : 0);
    case SR_CNTP_CVAL_EL0: case SR_CNTV_CVAL_EL0:
        return cpu->timer[t].cval;
    case SR_CNTP_TVAL_EL0: case SR_CNTV_TVAL_EL0:
        /* TimerValue: (CVAL - Count)<31:0>, bits 63:32 RES0. */
        return (uint32_t)(cpu->timer[t].cval - count_of(cpu, t, phys));
    }
    return 0;
}

void timer_reg_write(cpu_t *cpu, uint32_t enc, uint64_t val)
{
    uint64_t phys = timer_counter(cpu);
    int t = timer_of(enc);
    switch (enc) {
    case SR_CNTP_CTL_EL0: case SR_CNTV_CTL_EL0:
        cpu->timer[t].ctl = val & (CNT_CTL_ENABLE | CNT_CTL_IMASK); /* ISTATUS is read-only */
        break;
    case SR_CNTP_CVAL_EL0: case SR_CNTV_CVAL_EL0:
        cpu->timer[t].cval = val;
        break;
    case SR_CNTP_TVAL_EL0: case SR_CNTV_TVAL_EL0:
        /* CVAL = Count + SignExtend(TimerValue<31:0>). */
        cpu->timer[t].cval = count_of(cpu, t, phys) + (uint64_t)(int64_t)(int32_t)val;
        break;
    default:
        return;
    }
    update_at(cpu, phys);
}
