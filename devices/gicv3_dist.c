/* gicv3_dist.c - GICv3 distributor MMIO frame (IHI 0069, chapter 12.9 "The
 * GIC Distributor register descriptions").
 *
 * With affinity routing always enabled, the per-interrupt registers for
 * INTIDs 0..31 are RAZ/WI here (they are banked in each redistributor), and
 * the GICv2 legacy registers (ITARGETSR, SGIR, CPENDSGIR, SPENDSGIR) are
 * RAZ/WI. With DS=1, IGRPMODR and NSACR are RAZ/WI.
 *
 * Access sizes: 32-bit everywhere, 8-bit as well for IPRIORITYR, 64-bit (or
 * either 32-bit half) for IROUTER. Other sizes are accepted liberally: reads
 * return the matching bytes of the 32-bit register, other writes are ignored.
 */
#include "gicv3_internal.h"

enum {
    GICD_CTLR = 0x0000,
    GICD_TYPER = 0x0004,
    GICD_IIDR = 0x0008,
    GICD_TYPER2 = 0x000c,
    GICD_IROUTER = 0x6000,
    GICD_IROUTER_END = 0x8000,
};

/* IROUTER bits that exist: Aff3 [39:32], IRM [31], Aff2..Aff0 [23:0]. */
#define GICD_IROUTER_MASK 0x000000ff80ffffffull

static bool gicd_is_priority(uint64_t off)
{
    return off >= GICV3_IPRIORITYR && off < GICV3_IPRIORITYR + GICV3_MAX_IRQS;
}

static bool gicd_is_irouter(uint64_t off)
{
    return off >= GICD_IROUTER && off < GICD_IROUTER_END;
}

/* The IROUTER index for off, or 0 when it names no existing SPI. */
static uint32_t gicd_irouter_intid(const gicv3_t *gic, uint64_t off)
{
    uint32_t intid = (uint32_t)((off - GICD_IROUTER) / 8);
    return (intid >= 32 && intid < (uint32_t)gic->num_irqs && intid < 1020) ? intid : 0;
}

/* An SPI INTID that exists, for the per-interrupt byte registers. */
static bool gicd_spi_exists(const gicv3_t *gic, uint32_t intid)
{
    return intid >= 32 && intid < (uint32_t)gic->num_irqs && intid < 1020;
}

static uint32_t gicd_typer(const gicv3_t *gic)
{
    uint32_t v = (uint32_t)(gic->num_irqs / 32 - 1); /* ITLinesNumber */
    int cpus = gic->ncpus > 8 ? 8 : gic->ncpus;
    v |= (uint32_t)(cpus - 1) << 5; /* CPUNumber (informative with ARE) */
    v |= 15u << 19;                 /* IDbits: 16 INTID bits */
    v |= 1u << 24;                  /* A3V: Aff3 supported */
    /* SecurityExtn=0, MBIS=0, LPIS=0, No1N=0 (1-of-N supported), RSS=0. */
    return v;
}

static uint32_t gicd_read32(gicv3_t *gic, uint64_t off)
{
    switch (off) {
    case GICD_CTLR:
        return gic->ctlr | GICV3_CTLR_ARE | GICV3_CTLR_DS;
    case GICD_TYPER:
        return gicd_typer(gic);
    case GICD_IIDR:
        return GICV3_IIDR;
    case GICD_TYPER2:
        return 0;
    default:
        break;
    }
    if (off >= GICV3_IGROUPR && off < GICV3_ICACTIVER + 0x80) {
        uint32_t n = (uint32_t)(off & 0x7f) / 4;
        if (n == 0 || n >= (uint32_t)gic->num_irqs / 32)
            return 0;
        gicv3_bank_t b = gicv3_bank(gic, 0, n * 32);
        return gicv3_bank_read(&b, (uint32_t)(off & ~(uint64_t)0x7f));
    }
    if (gicd_is_priority(off)) {
        uint32_t v = 0;
        for (int i = 0; i < 4; i++) {
            uint32_t intid = (uint32_t)(off - GICV3_IPRIORITYR) + (uint32_t)i;
            if (gicd_spi_exists(gic, intid))
                v |= (uint32_t)gic->prio[intid] << (8 * i);
        }
        return v;
    }
    if (off >= GICV3_ICFGR && off < GICV3_ICFGR + 0x100) {
        uint32_t n = (uint32_t)(off - GICV3_ICFGR) / 4; /* 16 INTIDs per register */
        if (n < 2 || n * 16 >= (uint32_t)gic->num_irqs)
            return 0;
        gicv3_bank_t b = gicv3_bank(gic, 0, n * 16);
        return gicv3_icfgr_read(&b, (int)(n & 1));
    }
    if (gicd_is_irouter(off)) {
        uint32_t intid = gicd_irouter_intid(gic, off);
        return intid ? (uint32_t)(gic->irouter[intid] >> (off & 4 ? 32 : 0)) : 0;
    }
    if (off >= GICV3_IDREGS)
        return gicv3_idreg(off);
    return 0; /* IGRPMODR, NSACR, legacy and reserved: RAZ */
}

static void gicd_write_irouter(gicv3_t *gic, uint32_t intid, uint64_t val)
{
    gic->irouter[intid] = val & GICD_IROUTER_MASK;
    gicv3_route_spi(gic, intid);
}

static void gicd_write32(gicv3_t *gic, uint64_t off, uint32_t val)
{
    if (off == GICD_CTLR) {
        /* Only the group enables are writable: ARE and DS are RAO/WI, and
         * RWP never needs to be set because writes take effect at once. */
        gic->ctlr = val & (GICV3_CTLR_ENABLE_GRP0 | GICV3_CTLR_ENABLE_GRP1);
    } else if (off >= GICV3_IGROUPR && off < GICV3_ICACTIVER + 0x80) {
        uint32_t n = (uint32_t)(off & 0x7f) / 4;
        if (n == 0 || n >= (uint32_t)gic->num_irqs / 32)
            return;
        gicv3_bank_t b = gicv3_bank(gic, 0, n * 32);
        gicv3_bank_write(&b, (uint32_t)(off & ~(uint64_t)0x7f), val);
    } else if (gicd_is_priority(off)) {
        for (int i = 0; i < 4; i++) {
            uint32_t intid = (uint32_t)(off - GICV3_IPRIORITYR) + (uint32_t)i;
            if (gicd_spi_exists(gic, intid))
                gic->prio[intid] = (uint8_t)(val >> (8 * i));
        }
    } else if (off >= GICV3_ICFGR && off < GICV3_ICFGR + 0x100) {
        uint32_t n = (uint32_t)(off - GICV3_ICFGR) / 4;
        if (n < 2 || n * 16 >= (uint32_t)gic->num_irqs)
            return;
        gicv3_bank_t b = gicv3_bank(gic, 0, n * 16);
        gicv3_icfgr_write(&b, (int)(n & 1), val);
    } else if (gicd_is_irouter(off)) {
        uint32_t intid = gicd_irouter_intid(gic, off);
        if (!intid)
            return;
        uint64_t r = gic->irouter[intid];
        if (off & 4)
            r = (r & 0xffffffffull) | (uint64_t)val << 32;
        else
            r = (r & ~0xffffffffull) | val;
        gicd_write_irouter(gic, intid, r);
    }
    /* Everything else is read-only or RAZ/WI. */
}

mem_result_t gicv3_dist_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
    gicv3_t *gic = opaque;
    if (size == 8) {
        if (gicd_is_irouter(off) && !(off & 7)) {
            uint32_t intid = gicd_irouter_intid(gic, off);
            *val = intid ? gic->irouter[intid] : 0;
        } else {
            uint64_t a = off & ~(uint64_t)3;
            *val = gicd_read32(gic, a) | (uint64_t)gicd_read32(gic, a + 4) << 32;
        }
        return MEM_OK;
    }
    uint32_t v = gicd_read32(gic, off & ~(uint64_t)3) >> (8 * (off & 3));
    if (size < 4)
        v &= (1u << (8 * size)) - 1;
    *val = v;
    return MEM_OK;
}

mem_result_t gicv3_dist_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
    gicv3_t *gic = opaque;
    if (gicd_is_priority(off)) {
        /* Byte-accessible: write each byte lane to its own interrupt. */
        for (unsigned i = 0; i < size && gicd_is_priority(off + i); i++) {
            uint32_t intid = (uint32_t)(off + i - GICV3_IPRIORITYR);
            if (gicd_spi_exists(gic, intid))
                gic->prio[intid] = (uint8_t)(val >> (8 * i));
        }
    } else if (size == 8 && !(off & 7)) {
        if (gicd_is_irouter(off)) {
            uint32_t intid = gicd_irouter_intid(gic, off);
            if (intid)
                gicd_write_irouter(gic, intid, val);
        } else {
            gicd_write32(gic, off, (uint32_t)val);
            gicd_write32(gic, off + 4, (uint32_t)(val >> 32));
        }
    } else if (size == 4 && !(off & 3)) {
        gicd_write32(gic, off, (uint32_t)val);
    } else {
        return MEM_OK; /* sub-word write to a word register: ignored */
    }
    gicv3_update(gic);
    return MEM_OK;
}
