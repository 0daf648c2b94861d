/* gicv3_redist.c - GICv3 redistributor MMIO frames (IHI 0069, chapter 12.10
 * and 12.11). Each CPU owns GICV3_REDIST_STRIDE bytes: the RD_base frame
 * (control, identification, power) and, 64 KiB above it, the SGI_base frame
 * (the per-interrupt registers of its SGIs and PPIs). No LPIs: GICR_CTLR,
 * PROPBASER and PENDBASER are RAZ/WI and GICR_TYPER.PLPIS = 0.
 */
#include "gicv3_internal.h"

#define GICR_SGI_BASE 0x10000

enum {
    /* RD_base */
    GICR_CTLR = 0x0000,
    GICR_IIDR = 0x0004,
    GICR_TYPER = 0x0008, /* 64-bit */
    GICR_WAKER = 0x0014,
    /* SGI_base */
    GICR_ICFGR0 = 0x0c00,
    GICR_ICFGR1 = 0x0c04,
};

/* GICR_WAKER: ProcessorSleep is what the OS writes; ChildrenAsleep reports
 * the interface's quiescence and here follows ProcessorSleep at once, which
 * completes Linux's gic_enable_redist() handshake on its first poll. */
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

/* GICR_TYPER.Last marks the final frame of a contiguous region. */
#define GICR_TYPER_LAST (1u << 4)

static uint64_t gicr_typer(const gicv3_t *gic, int cpu)
{
    uint64_t v = (uint64_t)gic->cpu[cpu].aff << 32; /* Affinity_Value */
    v |= (uint64_t)cpu << 8;                         /* Processor_Number */
    if (cpu == gic->ncpus - 1)
        v |= GICR_TYPER_LAST;
    return v;
}

static uint32_t gicr_rd_read32(gicv3_t *gic, int cpu, uint64_t off)
{
    switch (off) {
    case GICR_IIDR:
        return GICV3_IIDR;
    case GICR_TYPER:
        return (uint32_t)gicr_typer(gic, cpu);
    case GICR_TYPER + 4:
        return (uint32_t)(gicr_typer(gic, cpu) >> 32);
    case GICR_WAKER:
        return gic->cpu[cpu].waker;
    default:
        return off >= GICV3_IDREGS ? gicv3_idreg(off) : 0; /* CTLR, STATUSR, LPI regs: RAZ */
    }
}

static void gicr_rd_write32(gicv3_t *gic, int cpu, uint64_t off, uint32_t val)
{
    if (off == GICR_WAKER) {
        gic->cpu[cpu].waker = (val & GICR_WAKER_PROCESSOR_SLEEP)
                                  ? (GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP)
                                  : 0;
    }
    /* GICR_CTLR (EnableLPIs cannot be set), STATUSR, IDs: WI */
}

static uint32_t gicr_sgi_read32(gicv3_t *gic, int cpu, uint64_t off)
{
    gicv3_bank_t b = gicv3_bank(gic, cpu, 0);
    if (off >= GICV3_IGROUPR && off < GICV3_ICACTIVER + 0x80)
        return (off & 0x7f) ? 0 : gicv3_bank_read(&b, (uint32_t)off);
    if (off >= GICV3_IPRIORITYR && off < GICV3_IPRIORITYR + 32) {
        unsigned i = (unsigned)(off - GICV3_IPRIORITYR);
        return (uint32_t)b.prio[i] | (uint32_t)b.prio[i + 1] << 8 | (uint32_t)b.prio[i + 2] << 16 |
               (uint32_t)b.prio[i + 3] << 24;
    }
    if (off == GICR_ICFGR0)
        return gicv3_icfgr_read(&b, 0);
    if (off == GICR_ICFGR1)
        return gicv3_icfgr_read(&b, 1);
    return 0; /* IGRPMODR0 and NSACR (RAZ/WI with DS=1), reserved */
}

static void gicr_sgi_write32(gicv3_t *gic, int cpu, uint64_t off, uint32_t val)
{
    gicv3_bank_t b = gicv3_bank(gic, cpu, 0);
    if (off >= GICV3_IGROUPR && off < GICV3_ICACTIVER + 0x80) {
        if (!(off & 0x7f))
            gicv3_bank_write(&b, (uint32_t)off, val);
    } else if (off >= GICV3_IPRIORITYR && off < GICV3_IPRIORITYR + 32) {
        for (unsigned i = 0; i < 4; i++)
            b.prio[off - GICV3_IPRIORITYR + i] = (uint8_t)(val >> (8 * i));
    } else if (off == GICR_ICFGR1) {
        /* PPIs may be configured; SGIs (ICFGR0) are always edge: RO. */
        gicv3_icfgr_write(&b, 1, val);
    }
}

/* Split an offset in the redistributor region into CPU and frame offset. */
static int gicr_decode(const gicv3_t *gic, uint64_t off, uint64_t *frame_off)
{
    uint64_t cpu = off / GICV3_REDIST_STRIDE;
    *frame_off = off % GICV3_REDIST_STRIDE;
    return cpu < (uint64_t)gic->ncpus ? (int)cpu : -1;
}

static uint32_t gicr_read32(gicv3_t *gic, uint64_t off)
{
    uint64_t fo;
    int cpu = gicr_decode(gic, off, &fo);
    if (cpu < 0)
        return 0;
    return fo < GICR_SGI_BASE ? gicr_rd_read32(gic, cpu, fo) : gicr_sgi_read32(gic, cpu, fo - GICR_SGI_BASE);
}

mem_result_t gicv3_redist_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
    gicv3_t *gic = opaque;
    if (size == 8) {
        uint64_t a = off & ~(uint64_t)3;
        *val = gicr_read32(gic, a) | (uint64_t)gicr_read32(gic, a + 4) << 32;
        return MEM_OK;
    }
    uint32_t v = gicr_read32(gic, off & ~(uint64_t)3) >> (8 * (off & 3));
    if (size < 4)
        v &= (1u << (8 * size)) - 1;
    *val = v;
    return MEM_OK;
}

mem_result_t gicv3_redist_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
    gicv3_t *gic = opaque;
    uint64_t fo;
    int cpu = gicr_decode(gic, off, &fo);
    if (cpu < 0)
        return MEM_OK;
    if (fo >= GICR_SGI_BASE + GICV3_IPRIORITYR && fo < GICR_SGI_BASE + GICV3_IPRIORITYR + 32) {
        /* IPRIORITYR is byte-accessible. */
        gicv3_bank_t b = gicv3_bank(gic, cpu, 0);
        unsigned first = (unsigned)(fo - GICR_SGI_BASE - GICV3_IPRIORITYR);
        for (unsigned i = 0; i < size && first + i < 32; i++)
            b.prio[first + i] = (uint8_t)(val >> (8 * i));
    } else if (size == 8 && !(fo & 7)) {
        /* No writable 64-bit registers without LPIs: treat as two words. */
        if (fo < GICR_SGI_BASE) {
            gicr_rd_write32(gic, cpu, fo, (uint32_t)val);
            gicr_rd_write32(gic, cpu, fo + 4, (uint32_t)(val >> 32));
        } else {
            gicr_sgi_write32(gic, cpu, fo - GICR_SGI_BASE, (uint32_t)val);
            gicr_sgi_write32(gic, cpu, fo - GICR_SGI_BASE + 4, (uint32_t)(val >> 32));
        }
    } else if (size == 4 && !(fo & 3)) {
        if (fo < GICR_SGI_BASE)
            gicr_rd_write32(gic, cpu, fo, (uint32_t)val);
        else
            gicr_sgi_write32(gic, cpu, fo - GICR_SGI_BASE, (uint32_t)val);
    } else {
        return MEM_OK; /* sub-word write to a word register: ignored */
    }
    gicv3_update_cpu(gic, cpu);
    return MEM_OK;
}
