/* gicv3_cpuif.c - GICv3 CPU interface, the ICC_*_EL1 system registers
 * (IHI 0069 chapter 12.2; behaviour from the pseudocode of chapter 4,
 * "Physical Interrupt Handling and Prioritization").
 *
 * Priorities: GICV3_PRIBITS bits are implemented, and as many preemption
 * bits. The active priorities are one bit per group priority in
 * ICC_AP0R<n>/ICC_AP1R<n>; the running priority is the lowest set bit of
 * both. Acknowledge (IAR) sets a bit, priority drop (EOIR) clears the lowest,
 * deactivation (EOIR with EOImode 0, or DIR with EOImode 1) clears the
 * interrupt's active state.
 */
#include "gicv3_internal.h"

/* ICC_CTLR_EL1 fields. */
#define ICC_CTLR_CBPR (1u << 0)
#define ICC_CTLR_EOIMODE (1u << 1)
#define ICC_CTLR_PRIBITS_SHIFT 8
#define ICC_CTLR_A3V (1u << 15)

/* ICC_SRE_EL1: SRE (system registers enabled, RAO/WI), DFB, DIB (bypass
 * disabled, RAO/WI). */
#define ICC_SRE_VALUE 0x7u

#define BPR0_MIN (7 - GICV3_PRIBITS)
#define BPR1_MIN (BPR0_MIN + 1)

static gicv3_cpu_t *icc_cpu(gicv3_t *gic, int cpu)
{
    return (cpu >= 0 && cpu < gic->ncpus) ? &gic->cpu[cpu] : NULL;
}

/* Effective ICC_BPR1 value: with CBPR the Group 0 binary point also rules
 * Group 1, read back as BPR0 + 1 saturated to 7 (IHI 0069 ICC_BPR1_EL1). */
static unsigned icc_bpr1(const gicv3_cpu_t *c)
{
    if (c->ctlr & ICC_CTLR_CBPR)
        return c->bpr[0] + 1u > 7 ? 7 : c->bpr[0] + 1u;
    return c->bpr[1];
}

/* Mask selecting the group-priority bits of a priority (pseudocode
 * GroupBits()/"GPriority"): BPR0 = n gives bits [7:n+1]; BPR1 = n gives
 * bits [7:n], i.e. it behaves as BPR0 = n - 1. */
static uint8_t icc_group_mask(const gicv3_cpu_t *c, int group)
{
    unsigned bpr = (group == 0 || (c->ctlr & ICC_CTLR_CBPR)) ? c->bpr[0] : icc_bpr1(c) - 1;
    return (uint8_t)(0xffu << (bpr + 1));
}

/* Lowest set active-priority bit of a group, or -1. */
static int icc_highest_active_bit(const gicv3_cpu_t *c, int group)
{
    for (int n = 0; n < GICV3_NUM_APR; n++)
        if (c->apr[group][n])
            return n * 32 + __builtin_ctz(c->apr[group][n]);
    return -1;
}

/* The group owning the highest active priority, or -1 if none is active. */
static int icc_highest_active_group(const gicv3_cpu_t *c)
{
    int b0 = icc_highest_active_bit(c, 0), b1 = icc_highest_active_bit(c, 1);
    if (b0 < 0 && b1 < 0)
        return -1;
    if (b1 < 0 || (b0 >= 0 && b0 <= b1))
        return 0;
    return 1;
}

uint8_t gicv3_running_priority(const gicv3_cpu_t *c)
{
    int g = icc_highest_active_group(c);
    if (g < 0)
        return 0xff; /* idle priority */
    return (uint8_t)(icc_highest_active_bit(c, g) << (8 - GICV3_PRIBITS));
}

/* Pseudocode CanSignalInterrupt/"sufficient priority": the interrupt must be
 * above the priority mask, and its group priority must preempt the running
 * priority. */
bool gicv3_can_signal(const gicv3_cpu_t *c, uint8_t prio, int group)
{
    if (prio >= c->pmr)
        return false;
    uint8_t rpr = gicv3_running_priority(c);
    return rpr == 0xff || (prio & icc_group_mask(c, group)) < rpr;
}

/* Set or clear an interrupt's active state. */
static void icc_set_active(gicv3_t *gic, int cpu, uint32_t intid, bool active)
{
    if (intid >= (uint32_t)gic->num_irqs || intid >= 1020)
        return;
    gicv3_bank_t b = gicv3_bank(gic, cpu, intid);
    uint32_t bit = 1u << (intid % 32);
    if (active) {
        *b.active |= bit;
        *b.latch &= ~bit; /* a level input still high keeps it pending */
    } else {
        *b.active &= ~bit;
    }
}

static void icc_changed(gicv3_t *gic, int cpu, uint32_t intid)
{
    if (intid < 32)
        gicv3_update_cpu(gic, cpu);
    else
        gicv3_update(gic);
}

/* ICC_IAR0/1_EL1: acknowledge the HPPI if it belongs to this group and has
 * sufficient priority; otherwise 1023. */
static uint32_t icc_acknowledge(gicv3_t *gic, int cpu, int group)
{
    gicv3_cpu_t *c = &gic->cpu[cpu];
    uint32_t intid = c->hppi;
    if (intid == GICV3_INTID_SPURIOUS || c->hppi_group != group ||
        !gicv3_can_signal(c, c->hppi_prio, group))
        return GICV3_INTID_SPURIOUS;
    icc_set_active(gic, cpu, intid, true);
    unsigned bit = (unsigned)(c->hppi_prio & icc_group_mask(c, group)) >> (8 - GICV3_PRIBITS);
    c->apr[group][bit / 32] |= 1u << (bit % 32);
    icc_changed(gic, cpu, intid);
    return intid;
}

/* ICC_HPPIR0/1_EL1: the HPPI if it is of this group, without priority checks. */
static uint32_t icc_hppir(const gicv3_cpu_t *c, int group)
{
    return (c->hppi != GICV3_INTID_SPURIOUS && c->hppi_group == group) ? c->hppi : GICV3_INTID_SPURIOUS;
}

/* ICC_EOIR0/1_EL1: priority drop of the highest active priority, which must
 * belong to this group (otherwise the write is ignored, as in QEMU), then
 * deactivation too unless ICC_CTLR_EL1.EOImode splits it off to DIR. */
static void icc_eoi(gicv3_t *gic, int cpu, int group, uint64_t val)
{
    gicv3_cpu_t *c = &gic->cpu[cpu];
    uint32_t intid = (uint32_t)(val & 0xffffff);
    if (intid >= 1020) /* special INTIDs and LPIs: no effect */
        return;
    if (icc_highest_active_group(c) != group)
        return;
    int bit = icc_highest_active_bit(c, group);
    c->apr[group][bit / 32] &= ~(1u << (bit % 32));
    if (!(c->ctlr & ICC_CTLR_EOIMODE))
        icc_set_active(gic, cpu, intid, false);
    icc_changed(gic, cpu, intid);
}

/* ICC_DIR_EL1: deactivation, only meaningful with EOImode = 1 (with 0 the
 * architecture leaves it UNPREDICTABLE; ignored here). */
static void icc_dir(gicv3_t *gic, int cpu, uint64_t val)
{
    uint32_t intid = (uint32_t)(val & 0xffffff);
    if (!(gic->cpu[cpu].ctlr & ICC_CTLR_EOIMODE) || intid >= 1020)
        return;
    icc_set_active(gic, cpu, intid, false);
    icc_changed(gic, cpu, intid);
}

/* ICC_SGI0R/SGI1R/ASGI1R_EL1: make SGI INTID pending on the targets: every
 * CPU but the sender with IRM=1, else the CPUs whose Aff3.Aff2.Aff1 match and
 * whose Aff0 is RS*16 + a bit set in TargetList. Delivery only happens where
 * the SGI is configured in the group the register generates. */
static void icc_generate_sgi(gicv3_t *gic, int cpu, uint64_t val, int group)
{
    uint32_t intid = (uint32_t)(val >> 24) & 0xf;
    bool irm = (val >> 40) & 1;
    uint32_t aff321 = (uint32_t)((val >> 48) & 0xff) << 24 | (uint32_t)((val >> 32) & 0xff) << 16 |
                      (uint32_t)((val >> 16) & 0xff) << 8;
    unsigned rs = (unsigned)(val >> 44) & 0xf;
    uint32_t targets = (uint32_t)val & 0xffff;

    for (int t = 0; t < gic->ncpus; t++) {
        gicv3_cpu_t *tc = &gic->cpu[t];
        if (irm) {
            if (t == cpu)
                continue;
        } else {
            uint32_t aff0 = tc->aff & 0xff;
            if ((tc->aff & ~0xffu) != aff321 || (aff0 >> 4) != rs || !(targets & (1u << (aff0 & 15))))
                continue;
        }
        if ((int)((tc->group >> intid) & 1) != group)
            continue;
        tc->latch |= 1u << intid;
        gicv3_update_cpu(gic, t);
    }
}

/* APR index and group for ICC_AP0R<n>/AP1R<n>, or -1 if reg is not one. */
static int icc_apr_decode(uint32_t reg, int *group)
{
    for (int n = 0; n < 4; n++) {
        if (reg == GICV3_ICC_AP0R_EL1(n)) {
            *group = 0;
            return n;
        }
        if (reg == GICV3_ICC_AP1R_EL1(n)) {
            *group = 1;
            return n;
        }
    }
    return -1;
}

bool gicv3_icc_can_access(uint32_t reg, bool is_write)
{
    int group;
    int n = icc_apr_decode(reg, &group);
    if (n >= 0)
        return n < GICV3_NUM_APR;
    switch (reg) {
    case GICV3_ICC_PMR_EL1:
    case GICV3_ICC_BPR0_EL1:
    case GICV3_ICC_BPR1_EL1:
    case GICV3_ICC_CTLR_EL1:
    case GICV3_ICC_SRE_EL1:
    case GICV3_ICC_IGRPEN0_EL1:
    case GICV3_ICC_IGRPEN1_EL1:
        return true;
    case GICV3_ICC_IAR0_EL1:
    case GICV3_ICC_IAR1_EL1:
    case GICV3_ICC_HPPIR0_EL1:
    case GICV3_ICC_HPPIR1_EL1:
    case GICV3_ICC_RPR_EL1:
        return !is_write;
    case GICV3_ICC_EOIR0_EL1:
    case GICV3_ICC_EOIR1_EL1:
    case GICV3_ICC_DIR_EL1:
    case GICV3_ICC_SGI0R_EL1:
    case GICV3_ICC_SGI1R_EL1:
    case GICV3_ICC_ASGI1R_EL1:
        return is_write;
    default:
        return false;
    }
}

bool gicv3_icc_is_implemented(uint32_t reg)
{
    return gicv3_icc_can_access(reg, false) || gicv3_icc_can_access(reg, true);
}

uint64_t gicv3_icc_read(gicv3_t *gic, int cpu, uint32_t reg)
{
    gicv3_cpu_t *c = icc_cpu(gic, cpu);
    if (!c || !gicv3_icc_can_access(reg, false))
        return 0;
    int group;
    int n = icc_apr_decode(reg, &group);
    if (n >= 0)
        return c->apr[group][n];
    switch (reg) {
    case GICV3_ICC_PMR_EL1:
        return c->pmr;
    case GICV3_ICC_IAR0_EL1:
        return icc_acknowledge(gic, cpu, 0);
    case GICV3_ICC_IAR1_EL1:
        return icc_acknowledge(gic, cpu, 1);
    case GICV3_ICC_HPPIR0_EL1:
        return icc_hppir(c, 0);
    case GICV3_ICC_HPPIR1_EL1:
        return icc_hppir(c, 1);
    case GICV3_ICC_BPR0_EL1:
        return c->bpr[0];
    case GICV3_ICC_BPR1_EL1:
        return icc_bpr1(c);
    case GICV3_ICC_RPR_EL1:
        return gicv3_running_priority(c);
    case GICV3_ICC_CTLR_EL1:
        /* PRIbits = bits - 1; IDbits = 0 (16-bit INTIDs); A3V = 1. */
        return c->ctlr | (uint32_t)(GICV3_PRIBITS - 1) << ICC_CTLR_PRIBITS_SHIFT | ICC_CTLR_A3V;
    case GICV3_ICC_SRE_EL1:
        return ICC_SRE_VALUE;
    case GICV3_ICC_IGRPEN0_EL1:
        return c->igrpen[0];
    case GICV3_ICC_IGRPEN1_EL1:
        return c->igrpen[1];
    default:
        return 0;
    }
}

void gicv3_icc_write(gicv3_t *gic, int cpu, uint32_t reg, uint64_t val)
{
    gicv3_cpu_t *c = icc_cpu(gic, cpu);
    if (!c || !gicv3_icc_can_access(reg, true))
        return;
    int group;
    int n = icc_apr_decode(reg, &group);
    if (n >= 0) {
        c->apr[group][n] = (uint32_t)val;
        gicv3_update_cpu(gic, cpu);
        return;
    }
    switch (reg) {
    case GICV3_ICC_PMR_EL1:
        c->pmr = (uint8_t)val & GICV3_PRIO_MASK;
        gicv3_update_cpu(gic, cpu);
        break;
    case GICV3_ICC_EOIR0_EL1:
        icc_eoi(gic, cpu, 0, val);
        break;
    case GICV3_ICC_EOIR1_EL1:
        icc_eoi(gic, cpu, 1, val);
        break;
    case GICV3_ICC_DIR_EL1:
        icc_dir(gic, cpu, val);
        break;
    case GICV3_ICC_BPR0_EL1:
        c->bpr[0] = (uint8_t)((val & 7) < BPR0_MIN ? BPR0_MIN : (val & 7));
        gicv3_update_cpu(gic, cpu);
        break;
    case GICV3_ICC_BPR1_EL1:
        if (!(c->ctlr & ICC_CTLR_CBPR)) /* with CBPR, writes are ignored */
            c->bpr[1] = (uint8_t)((val & 7) < BPR1_MIN ? BPR1_MIN : (val & 7));
        gicv3_update_cpu(gic, cpu);
        break;
    case GICV3_ICC_SGI0R_EL1:
        icc_generate_sgi(gic, cpu, val, 0);
        break;
    case GICV3_ICC_SGI1R_EL1:
        icc_generate_sgi(gic, cpu, val, 1);
        break;
    case GICV3_ICC_ASGI1R_EL1:
        /* "Alternate" = Secure Group 1, which with DS=1 the GIC treats as
         * Group 0 (IHI 0069 4.6.2, as QEMU does). */
        icc_generate_sgi(gic, cpu, val, 0);
        break;
    case GICV3_ICC_CTLR_EL1:
        c->ctlr = (uint32_t)val & (ICC_CTLR_CBPR | ICC_CTLR_EOIMODE);
        gicv3_update_cpu(gic, cpu);
        break;
    case GICV3_ICC_IGRPEN0_EL1:
        c->igrpen[0] = val & 1;
        gicv3_update(gic);
        break;
    case GICV3_ICC_IGRPEN1_EL1:
        c->igrpen[1] = val & 1;
        gicv3_update(gic);
        break;
    default: /* SRE: RAO/WI */
        break;
    }
}
