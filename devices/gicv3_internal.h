/* gicv3_internal.h - state shared by the GICv3 files (core, distributor,
 * redistributor, CPU interface). Not for use outside devices/gicv3*.c.
 *
 * Interrupt state is kept as bitmaps, 32 interrupts per word, so finding the
 * highest-priority pending interrupt is a few word operations. SPIs (INTID
 * 32..) live in the gicv3_t arrays indexed by INTID / 32 (word 0 unused);
 * SGIs and PPIs (INTID 0..31) are banked per CPU in gicv3_cpu_t. Both are
 * reached through a gicv3_bank_t view so the distributor and redistributor
 * share one implementation of the per-interrupt registers.
 */
#ifndef TINYVM_DEVICES_GICV3_INTERNAL_H
#define TINYVM_DEVICES_GICV3_INTERNAL_H

#include "gicv3.h"

#define GICV3_WORDS (GICV3_MAX_IRQS / 32)
#define GICV3_NUM_APR (1 << (GICV3_PRIBITS - 5)) /* ICC_AP{0,1}R<n> implemented */
#define GICV3_PRIO_MASK ((uint8_t)(0xff << (8 - GICV3_PRIBITS))) /* implemented bits */

/* GICD_CTLR with DS=1 (single security state layout). */
#define GICV3_CTLR_ENABLE_GRP0 (1u << 0)
#define GICV3_CTLR_ENABLE_GRP1 (1u << 1)
#define GICV3_CTLR_ARE (1u << 4)
#define GICV3_CTLR_DS (1u << 6)

/* Offsets shared by GICD and the GICR SGI_base frame. */
enum {
    GICV3_IGROUPR = 0x0080,
    GICV3_ISENABLER = 0x0100,
    GICV3_ICENABLER = 0x0180,
    GICV3_ISPENDR = 0x0200,
    GICV3_ICPENDR = 0x0280,
    GICV3_ISACTIVER = 0x0300,
    GICV3_ICACTIVER = 0x0380,
    GICV3_IPRIORITYR = 0x0400,
    GICV3_ICFGR = 0x0c00,
    GICV3_IGRPMODR = 0x0d00,
    GICV3_NSACR = 0x0e00,
    GICV3_IDREGS = 0xffd0, /* PIDR4..7, PIDR0..3, CIDR0..3 */
};

/* GICD_IIDR / GICR_IIDR: implementer Arm (JEP106 0x43B), product 0, rev 0. */
#define GICV3_IIDR 0x0000043bu

/* SPI routing resolved from GICD_IROUTER. */
#define GICV3_ROUTE_NONE (-1) /* IRM=0 and no CPU has that affinity */
#define GICV3_ROUTE_ANY (-2)  /* IRM=1: any participating CPU */

typedef struct gicv3_bank {
    uint32_t *group;   /* IGROUPR: 1 = Group 1 */
    uint32_t *enabled; /* ISENABLER/ICENABLER */
    uint32_t *latch;   /* pending state set by an edge, ISPENDR or SGI */
    uint32_t *active;
    uint32_t *level;   /* current input line level */
    uint32_t *edge;    /* ICFGR: 1 = edge-triggered */
    uint8_t *prio;     /* 32 priority bytes */
} gicv3_bank_t;

typedef struct gicv3_cpu {
    /* Redistributor: SGIs (0..15) and PPIs (16..31). */
    uint32_t group, enabled, latch, active, level, edge;
    uint8_t prio[32];
    uint32_t waker;
    uint32_t aff; /* Aff3<<24 | Aff2<<16 | Aff1<<8 | Aff0 */

    /* CPU interface. */
    uint8_t pmr;
    uint8_t bpr[2];
    uint32_t ctlr; /* writable ICC_CTLR_EL1 bits: CBPR, EOImode */
    bool igrpen[2];
    uint32_t apr[2][GICV3_NUM_APR];

    /* The highest-priority pending interrupt this CPU could take, kept
     * current by gicv3_update_cpu(). */
    uint32_t hppi; /* INTID or GICV3_INTID_SPURIOUS */
    uint8_t hppi_prio;
    int hppi_group;

    irq_line_t irq_out, fiq_out;
    int irq_level, fiq_level;
} gicv3_cpu_t;

struct gicv3 {
    int ncpus;
    int num_irqs;
    uint32_t ctlr; /* EnableGrp0/EnableGrp1 */

    /* SPIs, by INTID. */
    uint32_t group[GICV3_WORDS], enabled[GICV3_WORDS], latch[GICV3_WORDS];
    uint32_t active[GICV3_WORDS], level[GICV3_WORDS], edge[GICV3_WORDS];
    uint8_t prio[GICV3_MAX_IRQS];
    uint64_t irouter[GICV3_MAX_IRQS];
    int16_t route[GICV3_MAX_IRQS];
    int any_cpu[2]; /* CPU that takes IRM=1 SPIs of each group, or -1 */

    gicv3_cpu_t cpu[];
};

/* Pending state of 32 interrupts: a latched edge/software pend, or a
 * level-sensitive input that is asserted (IHI 0069 4.1.2, "the pending state
 * of a level-sensitive interrupt follows the input while it is asserted"). */
static inline uint32_t gicv3_bank_pending(const gicv3_bank_t *b)
{
    return *b->latch | (*b->level & ~*b->edge);
}

/* The bank holding intid as seen by cpu (private bank for INTID < 32). */
gicv3_bank_t gicv3_bank(gicv3_t *gic, int cpu, uint32_t intid);

/* Read/write one 32-bit per-interrupt register (IGROUPR..ICACTIVER, by its
 * offset within the 0x80-byte block) or an ICFGR half (0 = lower 16
 * interrupts). */
uint32_t gicv3_bank_read(const gicv3_bank_t *b, uint32_t reg);
void gicv3_bank_write(gicv3_bank_t *b, uint32_t reg, uint32_t val);
uint32_t gicv3_icfgr_read(const gicv3_bank_t *b, int half);
void gicv3_icfgr_write(gicv3_bank_t *b, int half, uint32_t val);

/* PIDR/CIDR value at offset off (0xffd0..0xfffc) of a GIC frame. */
uint32_t gicv3_idreg(uint64_t off);

/* Recompute routing of one SPI after an IROUTER or affinity change. */
void gicv3_route_spi(gicv3_t *gic, uint32_t intid);

/* Recompute HPPI and output lines of one CPU, or of all. */
void gicv3_update_cpu(gicv3_t *gic, int cpu);
void gicv3_update(gicv3_t *gic);

/* CPU interface helpers used by the core (gicv3_cpuif.c). */
uint8_t gicv3_running_priority(const gicv3_cpu_t *c);
bool gicv3_can_signal(const gicv3_cpu_t *c, uint8_t prio, int group);

#endif
