/* gicv3.c - GICv3 core: creation, interrupt inputs, per-interrupt state, and
 * the choice of the highest-priority pending interrupt (HPPI) for each CPU.
 *
 * The MMIO frames live in gicv3_dist.c and gicv3_redist.c, the ICC system
 * registers in gicv3_cpuif.c. Every state change ends in gicv3_update_cpu()
 * or gicv3_update(), which recompute the HPPI and drive the IRQ/FIQ outputs,
 * so the outputs are always a pure function of the state.
 */
#include "gicv3_internal.h"

#include <stdlib.h>

static const mmio_ops_t gicv3_dist_ops = { .read = gicv3_dist_read, .write = gicv3_dist_write };
static const mmio_ops_t gicv3_redist_ops = { .read = gicv3_redist_read, .write = gicv3_redist_write };

/* Arm's GIC-500/600 style identification; PIDR2.ArchRev = 3 (GICv3) is what
 * Linux checks. Order: PIDR4..7 at 0xffd0, PIDR0..3 at 0xffe0, CIDR0..3. */
static const uint8_t gicv3_ids[12] = { 0x44, 0x00, 0x00, 0x00, 0x92, 0xb4, 0x3b, 0x00,
                                       0x0d, 0xf0, 0x05, 0xb1 };

uint32_t gicv3_idreg(uint64_t off)
{
    if (off < GICV3_IDREGS || off >= GICV3_IDREGS + 4 * sizeof(gicv3_ids))
        return 0;
    return gicv3_ids[(off - GICV3_IDREGS) / 4];
}

uint64_t gicv3_redist_size(int ncpus)
{
    return (uint64_t)ncpus * GICV3_REDIST_STRIDE;
}

uint32_t gicv3_default_affinity(int cpu)
{
    /* QEMU virt with GICv3 packs 16 CPUs per cluster (Aff0 0..15, the SGI
     * target list width with GICD_TYPER.RSS = 0). */
    return (uint32_t)(((cpu / 16) & 0xff) << 8) | (uint32_t)(cpu % 16);
}

gicv3_t *gicv3_create(physmap_t *pm, int ncpus, uint64_t dist_base, uint64_t redist_base, int num_irqs)
{
    if (ncpus < 1 || ncpus > GICV3_MAX_CPUS)
        return NULL;
    if (num_irqs < 64)
        num_irqs = 64;
    num_irqs = (num_irqs + 31) & ~31;
    if (num_irqs > GICV3_MAX_IRQS)
        num_irqs = GICV3_MAX_IRQS;

    gicv3_t *gic = calloc(1, sizeof(*gic) + (size_t)ncpus * sizeof(gic->cpu[0]));
    if (!gic)
        return NULL;
    gic->ncpus = ncpus;
    gic->num_irqs = num_irqs;
    gic->any_cpu[0] = gic->any_cpu[1] = -1;

    for (int i = 0; i < ncpus; i++) {
        gicv3_cpu_t *c = &gic->cpu[i];
        c->aff = gicv3_default_affinity(i);
        c->edge = 0x0000ffff; /* SGIs are always edge-triggered */
        /* GICR_WAKER resets with the redistributor asleep (ProcessorSleep and
         * ChildrenAsleep set); the OS wakes it before use. */
        c->waker = 0x6;
        /* Binary points reset to their minimum values (IHI 0069 ICC_BPR0/1). */
        c->bpr[0] = 7 - GICV3_PRIBITS;
        c->bpr[1] = 8 - GICV3_PRIBITS;
        c->hppi = GICV3_INTID_SPURIOUS;
    }
    /* IROUTER resets to 0: Aff 0.0.0.0 = CPU 0. */
    for (int i = 32; i < num_irqs; i++)
        gicv3_route_spi(gic, (uint32_t)i);

    if (pm && (physmap_add_mmio(pm, "gicv3-dist", dist_base, GICV3_DIST_SIZE, &gicv3_dist_ops, gic) != 0 ||
               physmap_add_mmio(pm, "gicv3-redist", redist_base, gicv3_redist_size(ncpus),
                                &gicv3_redist_ops, gic) != 0)) {
        /* physmap has no removal; a failed board setup ends the process. */
        free(gic);
        return NULL;
    }
    return gic;
}

void gicv3_destroy(gicv3_t *gic)
{
    free(gic);
}

void gicv3_set_affinity(gicv3_t *gic, int cpu, uint32_t aff)
{
    if (cpu < 0 || cpu >= gic->ncpus)
        return;
    gic->cpu[cpu].aff = aff;
    for (int i = 32; i < gic->num_irqs; i++)
        gicv3_route_spi(gic, (uint32_t)i);
    gicv3_update(gic);
}

irq_line_t *gicv3_cpu_irq_line(gicv3_t *gic, int cpu)
{
    return (cpu >= 0 && cpu < gic->ncpus) ? &gic->cpu[cpu].irq_out : NULL;
}

irq_line_t *gicv3_cpu_fiq_line(gicv3_t *gic, int cpu)
{
    return (cpu >= 0 && cpu < gic->ncpus) ? &gic->cpu[cpu].fiq_out : NULL;
}

gicv3_bank_t gicv3_bank(gicv3_t *gic, int cpu, uint32_t intid)
{
    if (intid < 32) {
        gicv3_cpu_t *c = &gic->cpu[cpu];
        return (gicv3_bank_t){ &c->group, &c->enabled, &c->latch, &c->active, &c->level, &c->edge, c->prio };
    }
    unsigned w = intid / 32;
    return (gicv3_bank_t){ &gic->group[w], &gic->enabled[w], &gic->latch[w], &gic->active[w],
                           &gic->level[w], &gic->edge[w], &gic->prio[w * 32] };
}

uint32_t gicv3_bank_read(const gicv3_bank_t *b, uint32_t reg)
{
    switch (reg) {
    case GICV3_IGROUPR:
        return *b->group;
    case GICV3_ISENABLER:
    case GICV3_ICENABLER:
        return *b->enabled;
    case GICV3_ISPENDR:
    case GICV3_ICPENDR:
        return gicv3_bank_pending(b);
    case GICV3_ISACTIVER:
    case GICV3_ICACTIVER:
        return *b->active;
    default:
        return 0;
    }
}

void gicv3_bank_write(gicv3_bank_t *b, uint32_t reg, uint32_t val)
{
    switch (reg) {
    case GICV3_IGROUPR:
        *b->group = val;
        break;
    case GICV3_ISENABLER:
        *b->enabled |= val;
        break;
    case GICV3_ICENABLER:
        *b->enabled &= ~val;
        break;
    case GICV3_ISPENDR:
        *b->latch |= val;
        break;
    case GICV3_ICPENDR:
        /* Clears the latch only: a level interrupt whose input is still
         * asserted stays pending (IHI 0069 GICD_ICPENDR). */
        *b->latch &= ~val;
        break;
    case GICV3_ISACTIVER:
        *b->active |= val;
        break;
    case GICV3_ICACTIVER:
        *b->active &= ~val;
        break;
    default:
        break;
    }
}

/* ICFGR: two bits per interrupt, Int_config[1] = 1 for edge-triggered. */
uint32_t gicv3_icfgr_read(const gicv3_bank_t *b, int half)
{
    uint32_t edges = *b->edge >> (16 * half), val = 0;
    for (int k = 0; k < 16; k++)
        if (edges & (1u << k))
            val |= 2u << (2 * k);
    return val;
}

void gicv3_icfgr_write(gicv3_bank_t *b, int half, uint32_t val)
{
    for (int k = 0; k < 16; k++) {
        uint32_t bit = 1u << (16 * half + k);
        if (val & (2u << (2 * k)))
            *b->edge |= bit;
        else
            *b->edge &= ~bit;
    }
}

void gicv3_route_spi(gicv3_t *gic, uint32_t intid)
{
    uint64_t r = gic->irouter[intid];
    if (r & (1u << 31)) {
        gic->route[intid] = GICV3_ROUTE_ANY;
        return;
    }
    /* Aff3 is in bits [39:32], Aff2..Aff0 in [23:0]. */
    uint32_t aff = (uint32_t)((r >> 32) & 0xff) << 24 | (uint32_t)(r & 0xffffff);
    gic->route[intid] = GICV3_ROUTE_NONE;
    for (int i = 0; i < gic->ncpus; i++) {
        if (gic->cpu[i].aff == aff) {
            gic->route[intid] = (int16_t)i;
            break;
        }
    }
}

/* Input wires. An edge-triggered interrupt latches pending on a rising edge;
 * a level-sensitive one is pending while the input is high (IHI 0069 4.1.2). */
static void gicv3_set_input(gicv3_bank_t *b, uint32_t bit, int level)
{
    bool was = (*b->level & bit) != 0;
    if (level) {
        *b->level |= bit;
        if (!was && (*b->edge & bit))
            *b->latch |= bit;
    } else {
        *b->level &= ~bit;
    }
}

void gicv3_set_spi(void *opaque, int n, int level)
{
    gicv3_t *gic = opaque;
    if (n < 32 || n >= gic->num_irqs || n >= 1020)
        return;
    gicv3_bank_t b = gicv3_bank(gic, 0, (uint32_t)n);
    uint32_t bit = 1u << (n % 32);
    uint32_t before = gicv3_bank_pending(&b);
    gicv3_set_input(&b, bit, level);
    if (((before ^ gicv3_bank_pending(&b)) & bit) == 0)
        return; /* no change in pending state: outputs cannot change */
    int target = gic->route[n];
    if (target >= 0)
        gicv3_update_cpu(gic, target);
    else
        gicv3_update(gic);
}

void gicv3_set_ppi(void *opaque, int n, int level)
{
    gicv3_t *gic = opaque;
    int cpu = n / 32, intid = n % 32;
    if (n < 0 || cpu >= gic->ncpus || intid < 16)
        return;
    gicv3_bank_t b = gicv3_bank(gic, cpu, (uint32_t)intid);
    uint32_t bit = 1u << intid;
    uint32_t before = gicv3_bank_pending(&b);
    gicv3_set_input(&b, bit, level);
    if ((before ^ gicv3_bank_pending(&b)) & bit)
        gicv3_update_cpu(gic, cpu);
}

/* Mask of the interrupts in a bank whose group may be forwarded to cpu: the
 * group must be enabled in GICD_CTLR and in the CPU interface (ICC_IGRPEN). */
static uint32_t gicv3_group_filter(const gicv3_t *gic, const gicv3_cpu_t *c, uint32_t group)
{
    uint32_t m = 0;
    if ((gic->ctlr & GICV3_CTLR_ENABLE_GRP0) && c->igrpen[0])
        m |= ~group;
    if ((gic->ctlr & GICV3_CTLR_ENABLE_GRP1) && c->igrpen[1])
        m |= group;
    return m;
}

static bool gicv3_spi_targets(const gicv3_t *gic, uint32_t intid, int cpu, int group)
{
    int r = gic->route[intid];
    return r == cpu || (r == GICV3_ROUTE_ANY && gic->any_cpu[group] == cpu);
}

/* Select the HPPI: pending, enabled, not active, group enabled, routed here;
 * lowest priority value wins, ties go to the lowest INTID. */
void gicv3_update_cpu(gicv3_t *gic, int cpu)
{
    gicv3_cpu_t *c = &gic->cpu[cpu];
    uint32_t best = GICV3_INTID_SPURIOUS;
    unsigned best_prio = 0x100;
    int best_group = 0;

    for (int w = 0; w < gic->num_irqs / 32; w++) {
        gicv3_bank_t b = gicv3_bank(gic, cpu, (uint32_t)w * 32);
        uint32_t cand = gicv3_bank_pending(&b) & *b.enabled & ~*b.active &
                        gicv3_group_filter(gic, c, *b.group);
        while (cand) {
            int k = __builtin_ctz(cand);
            cand &= cand - 1;
            uint32_t intid = (uint32_t)(w * 32 + k);
            int group = (*b.group >> k) & 1;
            if (intid >= 1020)
                break;
            if (intid >= 32 && !gicv3_spi_targets(gic, intid, cpu, group))
                continue;
            if (b.prio[k] < best_prio) {
                best = intid;
                best_prio = b.prio[k];
                best_group = group;
            }
        }
    }
    c->hppi = best;
    c->hppi_prio = (uint8_t)best_prio;
    c->hppi_group = best_group;

    /* Signal it if the CPU interface would let it through: group 0 as FIQ,
     * group 1 as IRQ (single security state, IHI 0069 4.6.1). */
    bool sig = best != GICV3_INTID_SPURIOUS && gicv3_can_signal(c, c->hppi_prio, best_group);
    int irq = sig && best_group == 1, fiq = sig && best_group == 0;
    if (irq != c->irq_level) {
        c->irq_level = irq;
        irq_set(&c->irq_out, irq);
    }
    if (fiq != c->fiq_level) {
        c->fiq_level = fiq;
        irq_set(&c->fiq_out, fiq);
    }
}

void gicv3_update(gicv3_t *gic)
{
    /* IRM=1 SPIs go to one participating CPU: the first whose interface has
     * the group enabled (IHI 0069 allows any choice). */
    for (int g = 0; g < 2; g++) {
        gic->any_cpu[g] = -1;
        for (int i = 0; i < gic->ncpus; i++) {
            if (gic->cpu[i].igrpen[g]) {
                gic->any_cpu[g] = i;
                break;
            }
        }
    }
    for (int i = 0; i < gic->ncpus; i++)
        gicv3_update_cpu(gic, i);
}
