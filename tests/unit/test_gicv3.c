/* test_gicv3.c - GICv3 distributor, redistributors and CPU interface. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "devices/gicv3.h"

#define NCPUS 4
#define NIRQS 256

/* Distributor / redistributor offsets used below. */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_TYPER2 0x000c
#define IGROUPR 0x0080
#define ISENABLER 0x0100
#define ICENABLER 0x0180
#define ISPENDR 0x0200
#define ICPENDR 0x0280
#define ISACTIVER 0x0300
#define ICACTIVER 0x0380
#define IPRIORITYR 0x0400
#define ICFGR 0x0c00
#define IGRPMODR 0x0d00
#define GICD_IROUTER 0x6000
#define PIDR2 0xffe8
#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define SGI_BASE 0x10000

typedef struct {
    int level;
} line_t;

typedef struct {
    gicv3_t *gic;
    line_t irq[NCPUS], fiq[NCPUS];
} fixture_t;

static void rec_line(void *opaque, int n, int level)
{
    (void)n;
    ((line_t *)opaque)->level = level;
}

static uint64_t dread(gicv3_t *g, uint64_t off, unsigned size)
{
    uint64_t v = 0xdeadbeef;
    assert_int_equal(gicv3_dist_read(g, off, size, &v), MEM_OK);
    return v;
}

static void dwrite(gicv3_t *g, uint64_t off, unsigned size, uint64_t v)
{
    assert_int_equal(gicv3_dist_write(g, off, size, v), MEM_OK);
}

static uint64_t rread(gicv3_t *g, int cpu, uint64_t off, unsigned size)
{
    uint64_t v = 0xdeadbeef;
    assert_int_equal(gicv3_redist_read(g, (uint64_t)cpu * GICV3_REDIST_STRIDE + off, size, &v), MEM_OK);
    return v;
}

static void rwrite(gicv3_t *g, int cpu, uint64_t off, unsigned size, uint64_t v)
{
    assert_int_equal(gicv3_redist_write(g, (uint64_t)cpu * GICV3_REDIST_STRIDE + off, size, v), MEM_OK);
}

#define D32(off) ((uint32_t)dread(f->gic, (off), 4))
#define DW(off, v) dwrite(f->gic, (off), 4, (v))
#define ICC_R(cpu, reg) gicv3_icc_read(f->gic, (cpu), GICV3_ICC_##reg##_EL1)
#define ICC_W(cpu, reg, v) gicv3_icc_write(f->gic, (cpu), GICV3_ICC_##reg##_EL1, (v))

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof(*f));
    f->gic = gicv3_create(NULL, NCPUS, 0x08000000, 0x080a0000, NIRQS);
    assert_non_null(f->gic);
    for (int i = 0; i < NCPUS; i++) {
        irq_connect(gicv3_cpu_irq_line(f->gic, i), rec_line, &f->irq[i], 0);
        irq_connect(gicv3_cpu_fiq_line(f->gic, i), rec_line, &f->fiq[i], 0);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    gicv3_destroy(f->gic);
    free(f);
    return 0;
}

/* What Linux does at boot: enable both groups, wake every redistributor,
 * open the priority mask, enable Group 1 on every CPU interface. */
static void bring_up(fixture_t *f)
{
    DW(GICD_CTLR, 0x13);
    for (int i = 0; i < NCPUS; i++) {
        rwrite(f->gic, i, GICR_WAKER, 4, 0);
        ICC_W(i, PMR, 0xff);
        ICC_W(i, IGRPEN1, 1);
    }
}

/* Make SPI intid an enabled Group 1 interrupt of priority prio. */
static void spi_setup(fixture_t *f, int intid, uint8_t prio)
{
    DW(IGROUPR + 4 * (intid / 32), D32(IGROUPR + 4 * (intid / 32)) | 1u << (intid % 32));
    dwrite(f->gic, IPRIORITYR + (uint64_t)intid, 1, prio);
    DW(ISENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

static void test_dist_id_registers(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(D32(GICD_CTLR), 0x50); /* ARE | DS, RAO */
    DW(GICD_CTLR, 0xffffffff);
    assert_int_equal(D32(GICD_CTLR), 0x53);
    DW(GICD_CTLR, 0);
    assert_int_equal(D32(GICD_CTLR), 0x50);
    uint32_t typer = D32(GICD_TYPER);
    assert_int_equal(typer & 0x1f, NIRQS / 32 - 1); /* ITLinesNumber */
    assert_int_equal((typer >> 19) & 0x1f, 15);      /* IDbits */
    assert_int_equal(typer & (1u << 17), 0);         /* no LPIs */
    assert_int_equal(typer & (1u << 16), 0);         /* no MBIs */
    assert_int_equal(D32(GICD_IIDR) & 0xfff, 0x43b);
    assert_int_equal(D32(GICD_TYPER2), 0);
    assert_int_equal((D32(PIDR2) >> 4) & 0xf, 3); /* ArchRev: GICv3 */
    assert_int_equal(D32(0xfff0), 0x0d);
    assert_int_equal(D32(0xfffc), 0xb1);
}

static void test_redist_typer_and_waker(void **state)
{
    fixture_t *f = *state;
    for (int i = 0; i < NCPUS; i++) {
        uint64_t typer = rread(f->gic, i, GICR_TYPER, 8);
        assert_int_equal(typer >> 32, gicv3_default_affinity(i));
        assert_int_equal((typer >> 8) & 0xffff, i);
        assert_int_equal((typer >> 4) & 1, i == NCPUS - 1); /* Last */
        assert_int_equal(typer & 1, 0);                     /* no physical LPIs */
        /* Two 32-bit halves read the same. */
        assert_int_equal(rread(f->gic, i, GICR_TYPER, 4), (uint32_t)typer);
        assert_int_equal(rread(f->gic, i, GICR_TYPER + 4, 4), typer >> 32);
        assert_int_equal((rread(f->gic, i, PIDR2, 4) >> 4) & 0xf, 3);
    }
    /* Linux gic_enable_redist(): clear ProcessorSleep, wait for ChildrenAsleep. */
    assert_int_equal(rread(f->gic, 1, GICR_WAKER, 4), 0x6);
    rwrite(f->gic, 1, GICR_WAKER, 4, 0);
    assert_int_equal(rread(f->gic, 1, GICR_WAKER, 4), 0);
    assert_int_equal(rread(f->gic, 0, GICR_WAKER, 4), 0x6);
    rwrite(f->gic, 1, GICR_WAKER, 4, 2);
    assert_int_equal(rread(f->gic, 1, GICR_WAKER, 4), 0x6);
    /* No LPIs: EnableLPIs cannot be set. */
    rwrite(f->gic, 0, GICR_CTLR, 4, 1);
    assert_int_equal(rread(f->gic, 0, GICR_CTLR, 4), 0);
    /* Affinity can be changed by the board. */
    gicv3_set_affinity(f->gic, 2, 0x01020304);
    assert_int_equal(rread(f->gic, 2, GICR_TYPER, 8) >> 32, 0x01020304);
}

static void test_dist_register_readback(void **state)
{
    fixture_t *f = *state;
    DW(IGROUPR + 4, 0xf0f0f0f0);
    assert_int_equal(D32(IGROUPR + 4), 0xf0f0f0f0);
    DW(ISENABLER + 8, 0x11);
    DW(ISENABLER + 8, 0x100);
    assert_int_equal(D32(ISENABLER + 8), 0x111);
    assert_int_equal(D32(ICENABLER + 8), 0x111);
    DW(ICENABLER + 8, 0x1);
    assert_int_equal(D32(ISENABLER + 8), 0x110);
    DW(ISACTIVER + 4, 0x3);
    DW(ICACTIVER + 4, 0x1);
    assert_int_equal(D32(ISACTIVER + 4), 0x2);
    /* Byte-accessible priorities. */
    dwrite(f->gic, IPRIORITYR + 33, 1, 0xa0);
    DW(IPRIORITYR + 36, 0x44332211);
    assert_int_equal(dread(f->gic, IPRIORITYR + 33, 1), 0xa0);
    assert_int_equal(D32(IPRIORITYR + 32), 0xa000);
    assert_int_equal(D32(IPRIORITYR + 36), 0x44332211);
    assert_int_equal(dread(f->gic, IPRIORITYR + 38, 2), 0x4433);
    /* ICFGR: Int_config[1] per interrupt. */
    DW(ICFGR + 8, 0xaaaaaaaa | 0x55555555);
    assert_int_equal(D32(ICFGR + 8), 0xaaaaaaaa);
    DW(ICFGR + 8, 0x8);
    assert_int_equal(D32(ICFGR + 8), 0x8);
    /* IROUTER: 64-bit and 32-bit halves, reserved bits RAZ. */
    dwrite(f->gic, GICD_IROUTER + 8 * 40, 8, 0xffffffffffffffffull);
    assert_int_equal(dread(f->gic, GICD_IROUTER + 8 * 40, 8), 0xff80ffffffull);
    dwrite(f->gic, GICD_IROUTER + 8 * 41 + 4, 4, 0x7);
    dwrite(f->gic, GICD_IROUTER + 8 * 41, 4, 0x102);
    assert_int_equal(dread(f->gic, GICD_IROUTER + 8 * 41, 8), 0x700000102ull);
    assert_int_equal(dread(f->gic, GICD_IROUTER + 8 * 41 + 4, 4), 0x7);
    /* Banked (INTID < 32) and non-existent interrupts are RAZ/WI here,
     * IGRPMODR too (DS=1). */
    DW(IGROUPR, 0xffffffff);
    DW(ISENABLER, 0xffffffff);
    DW(IPRIORITYR, 0xffffffff);
    DW(IGROUPR + 4 * (NIRQS / 32), 0xffffffff);
    DW(IGRPMODR + 4, 0xffffffff);
    DW(GICD_IROUTER + 8 * 5, 0xffff);
    DW(GICD_IROUTER + 8 * NIRQS, 0xffff);
    assert_int_equal(D32(IGROUPR), 0);
    assert_int_equal(D32(ISENABLER), 0);
    assert_int_equal(D32(IPRIORITYR), 0);
    assert_int_equal(D32(IGROUPR + 4 * (NIRQS / 32)), 0);
    assert_int_equal(D32(IGRPMODR + 4), 0);
    assert_int_equal(D32(ICFGR), 0);
    assert_int_equal(D32(GICD_IROUTER + 8 * 5), 0);
    assert_int_equal(D32(GICD_IROUTER + 8 * NIRQS), 0);
}

static void test_redist_sgi_frame_readback(void **state)
{
    fixture_t *f = *state;
    rwrite(f->gic, 1, SGI_BASE + IGROUPR, 4, 0xffff00ff);
    assert_int_equal(rread(f->gic, 1, SGI_BASE + IGROUPR, 4), 0xffff00ff);
    assert_int_equal(rread(f->gic, 0, SGI_BASE + IGROUPR, 4), 0); /* banked */
    rwrite(f->gic, 1, SGI_BASE + ISENABLER, 4, 0x08000001);
    rwrite(f->gic, 1, SGI_BASE + ICENABLER, 4, 0x1);
    assert_int_equal(rread(f->gic, 1, SGI_BASE + ISENABLER, 4), 0x08000000);
    rwrite(f->gic, 1, SGI_BASE + IPRIORITYR + 27, 1, 0x90);
    assert_int_equal(rread(f->gic, 1, SGI_BASE + IPRIORITYR + 24, 4), 0x90000000);
    assert_int_equal(rread(f->gic, 1, SGI_BASE + IPRIORITYR + 27, 1), 0x90);
    /* SGIs are edge and read-only; PPIs configurable. */
    rwrite(f->gic, 1, SGI_BASE + ICFGR, 4, 0);
    assert_int_equal(rread(f->gic, 1, SGI_BASE + ICFGR, 4), 0xaaaaaaaa);
    assert_int_equal(rread(f->gic, 1, SGI_BASE + ICFGR + 4, 4), 0);
    rwrite(f->gic, 1, SGI_BASE + ICFGR + 4, 4, 0x00800000);
    assert_int_equal(rread(f->gic, 1, SGI_BASE + ICFGR + 4, 4), 0x00800000);
    rwrite(f->gic, 1, SGI_BASE + IGRPMODR, 4, 0xffffffff);
    assert_int_equal(rread(f->gic, 1, SGI_BASE + IGRPMODR, 4), 0);
    rwrite(f->gic, 1, SGI_BASE + ISPENDR, 4, 0x10);
    assert_int_equal(rread(f->gic, 1, SGI_BASE + ISPENDR, 4), 0x10);
    rwrite(f->gic, 1, SGI_BASE + ICPENDR, 4, 0x10);
    assert_int_equal(rread(f->gic, 1, SGI_BASE + ICPENDR, 4), 0);
    rwrite(f->gic, 1, SGI_BASE + ISACTIVER, 4, 0x20);
    assert_int_equal(rread(f->gic, 1, SGI_BASE + ICACTIVER, 4), 0x20);
}

static void test_cpuif_registers(void **state)
{
    fixture_t *f = *state;
    uint64_t ctlr = ICC_R(0, CTLR);
    assert_int_equal((ctlr >> 8) & 7, GICV3_PRIBITS - 1); /* PRIbits */
    assert_int_equal((ctlr >> 11) & 7, 0);                /* 16-bit INTIDs */
    assert_true(ctlr & (1u << 15));                       /* A3V */
    assert_int_equal(ICC_R(0, SRE), 7);
    ICC_W(0, SRE, 0);
    assert_int_equal(ICC_R(0, SRE), 7);
    ICC_W(0, CTLR, 0xffffffff);
    assert_int_equal(ICC_R(0, CTLR) & 3, 3); /* CBPR, EOImode writable */
    ICC_W(0, CTLR, 0);
    /* PMR keeps the implemented 5 bits; Linux's gic_has_group0 probe. */
    ICC_W(0, PMR, 0xff);
    assert_int_equal(ICC_R(0, PMR), 0xf8);
    ICC_W(0, PMR, 1u << (8 - GICV3_PRIBITS));
    assert_int_equal(ICC_R(0, PMR), 0x08);
    /* BPRs clamp to their minimum; CBPR makes BPR1 follow BPR0. */
    ICC_W(0, BPR1, 0);
    ICC_W(0, BPR0, 0);
    assert_int_equal(ICC_R(0, BPR0), 7 - GICV3_PRIBITS);
    assert_int_equal(ICC_R(0, BPR1), 8 - GICV3_PRIBITS);
    ICC_W(0, BPR0, 4);
    ICC_W(0, CTLR, 1);
    assert_int_equal(ICC_R(0, BPR1), 5);
    ICC_W(0, BPR1, 7); /* ignored with CBPR */
    ICC_W(0, CTLR, 0);
    assert_int_equal(ICC_R(0, BPR1), 8 - GICV3_PRIBITS);
    ICC_W(0, IGRPEN0, 3);
    assert_int_equal(ICC_R(0, IGRPEN0), 1);
    assert_int_equal(ICC_R(1, IGRPEN0), 0);
    gicv3_icc_write(f->gic, 0, GICV3_ICC_AP1R_EL1(0), 0x12345678);
    assert_int_equal(gicv3_icc_read(f->gic, 0, GICV3_ICC_AP1R_EL1(0)), 0x12345678);
    gicv3_icc_write(f->gic, 0, GICV3_ICC_AP1R_EL1(0), 0);
    assert_int_equal(ICC_R(0, RPR), 0xff);
    assert_int_equal(ICC_R(0, IAR1), GICV3_INTID_SPURIOUS);
    assert_int_equal(ICC_R(0, HPPIR1), GICV3_INTID_SPURIOUS);
}

static void test_icc_implemented(void **state)
{
    (void)state;
    assert_true(gicv3_icc_is_implemented(GICV3_ICC_PMR_EL1));
    assert_true(gicv3_icc_is_implemented(GICV3_ICC_IAR1_EL1));
    assert_true(gicv3_icc_is_implemented(GICV3_ICC_SGI1R_EL1));
    assert_true(gicv3_icc_is_implemented(GICV3_ICC_AP0R_EL1(0)));
    assert_true(gicv3_icc_is_implemented(GICV3_ICC_AP1R_EL1(0)));
    assert_false(gicv3_icc_is_implemented(GICV3_ICC_AP1R_EL1(1)));
    assert_false(gicv3_icc_is_implemented(GICV3_ICC_AP0R_EL1(3)));
    assert_false(gicv3_icc_is_implemented(GIC_SYSREG(3, 0, 12, 12, 5) + 0x100));
    assert_false(gicv3_icc_can_access(GICV3_ICC_IAR1_EL1, true));
    assert_true(gicv3_icc_can_access(GICV3_ICC_IAR1_EL1, false));
    assert_true(gicv3_icc_can_access(GICV3_ICC_EOIR1_EL1, true));
    assert_false(gicv3_icc_can_access(GICV3_ICC_EOIR1_EL1, false));
    assert_false(gicv3_icc_can_access(GICV3_ICC_DIR_EL1, false));
    assert_false(gicv3_icc_can_access(GICV3_ICC_RPR_EL1, true));
    /* The packing matches the MRS/MSR field layout. */
    assert_int_equal(GICV3_ICC_IAR1_EL1, (3u << 14) | (12u << 7) | (12u << 3));
}

static void test_ack_highest_priority(void **state)
{
    fixture_t *f = *state;
    bring_up(f);
    spi_setup(f, 40, 0xa0);
    spi_setup(f, 41, 0x80);
    spi_setup(f, 42, 0x80);
    DW(ISPENDR + 4, (1u << 8) | (1u << 9) | (1u << 10));
    assert_int_equal(f->irq[0].level, 1);
    assert_int_equal(f->fiq[0].level, 0);
    assert_int_equal(f->irq[1].level, 0); /* IROUTER = 0: CPU 0 only */
    assert_int_equal(ICC_R(0, HPPIR1), 41);
    /* Equal priority: the lower INTID first. */
    assert_int_equal(ICC_R(0, IAR1), 41);
    assert_int_equal(ICC_R(0, RPR), 0x80);
    assert_true(D32(ISACTIVER + 4) & (1u << 9));
    assert_false(D32(ISPENDR + 4) & (1u << 9));
    /* 42 has the same group priority: it cannot preempt 41. */
    assert_int_equal(f->irq[0].level, 0);
    assert_int_equal(ICC_R(0, HPPIR1), 42);
    assert_int_equal(ICC_R(0, IAR1), GICV3_INTID_SPURIOUS);
    ICC_W(0, EOIR1, 41);
    assert_int_equal(ICC_R(0, RPR), 0xff);
    assert_false(D32(ISACTIVER + 4) & (1u << 9));
    assert_int_equal(f->irq[0].level, 1);
    assert_int_equal(ICC_R(0, IAR1), 42);
    ICC_W(0, EOIR1, 42);
    assert_int_equal(ICC_R(0, IAR1), 40);
    ICC_W(0, EOIR1, 40);
    assert_int_equal(f->irq[0].level, 0);
    assert_int_equal(ICC_R(0, IAR1), GICV3_INTID_SPURIOUS);
    /* EOI of a spurious INTID changes nothing. */
    ICC_W(0, EOIR1, GICV3_INTID_SPURIOUS);
    assert_int_equal(ICC_R(0, RPR), 0xff);
}

static void test_disabled_and_group_gating(void **state)
{
    fixture_t *f = *state;
    bring_up(f);
    spi_setup(f, 50, 0x80);
    DW(ICENABLER + 4, 1u << 18);
    DW(ISPENDR + 4, 1u << 18);
    assert_int_equal(f->irq[0].level, 0); /* disabled */
    DW(ISENABLER + 4, 1u << 18);
    assert_int_equal(f->irq[0].level, 1);
    DW(GICD_CTLR, 0x11); /* Group 1 off in the distributor */
    assert_int_equal(f->irq[0].level, 0);
    DW(GICD_CTLR, 0x13);
    assert_int_equal(f->irq[0].level, 1);
    ICC_W(0, IGRPEN1, 0); /* and in the CPU interface */
    assert_int_equal(f->irq[0].level, 0);
    assert_int_equal(ICC_R(0, IAR1), GICV3_INTID_SPURIOUS);
    ICC_W(0, IGRPEN1, 1);
    assert_int_equal(f->irq[0].level, 1);
    /* Group 0 is signalled as FIQ, and only via IAR0. */
    DW(IGROUPR + 4, 0);
    assert_int_equal(f->irq[0].level, 0);
    assert_int_equal(f->fiq[0].level, 0); /* IGRPEN0 still off */
    ICC_W(0, IGRPEN0, 1);
    assert_int_equal(f->fiq[0].level, 1);
    assert_int_equal(ICC_R(0, IAR1), GICV3_INTID_SPURIOUS);
    assert_int_equal(ICC_R(0, HPPIR1), GICV3_INTID_SPURIOUS);
    assert_int_equal(ICC_R(0, HPPIR0), 50);
    assert_int_equal(ICC_R(0, IAR0), 50);
    assert_int_equal(f->fiq[0].level, 0);
    ICC_W(0, EOIR1, 50); /* wrong group: ignored */
    assert_true(D32(ISACTIVER + 4) & (1u << 18));
    ICC_W(0, EOIR0, 50);
    assert_false(D32(ISACTIVER + 4) & (1u << 18));
}

static void test_priority_mask(void **state)
{
    fixture_t *f = *state;
    bring_up(f);
    spi_setup(f, 60, 0x80);
    ICC_W(0, PMR, 0x80); /* needs priority strictly higher than the mask */
    DW(ISPENDR + 4, 1u << 28);
    assert_int_equal(f->irq[0].level, 0);
    assert_int_equal(ICC_R(0, IAR1), GICV3_INTID_SPURIOUS);
    assert_int_equal(ICC_R(0, HPPIR1), 60); /* HPPIR ignores the mask */
    ICC_W(0, PMR, 0x88);
    assert_int_equal(f->irq[0].level, 1);
    ICC_W(0, PMR, 0);
    assert_int_equal(f->irq[0].level, 0);
    ICC_W(0, PMR, 0xff);
    assert_int_equal(ICC_R(0, IAR1), 60);
}

static void test_preemption_and_binary_point(void **state)
{
    fixture_t *f = *state;
    bring_up(f);
    spi_setup(f, 70, 0x90);
    spi_setup(f, 71, 0x88);
    spi_setup(f, 72, 0x40);
    /* With BPR1 = 6 the group priority is bits [7:6]: 0x88 and 0x90 are
     * both group priority 0x80, so 71 cannot preempt 70. */
    ICC_W(0, BPR1, 6);
    DW(ISPENDR + 8, 1u << 6);
    assert_int_equal(ICC_R(0, IAR1), 70);
    assert_int_equal(ICC_R(0, RPR), 0x80);
    DW(ISPENDR + 8, 1u << 7);
    assert_int_equal(f->irq[0].level, 0);
    assert_int_equal(ICC_R(0, IAR1), GICV3_INTID_SPURIOUS);
    ICC_W(0, EOIR1, 70);
    assert_int_equal(f->irq[0].level, 1);
    assert_int_equal(ICC_R(0, IAR1), 71);
    ICC_W(0, EOIR1, 71);
    assert_int_equal(f->irq[0].level, 0);

    /* The finest binary point (writes below the minimum clamp to it):
     * 0x88 preempts 0x90, and 0x40 preempts both. */
    ICC_W(0, BPR1, 0);
    DW(ISPENDR + 8, 1u << 6);
    assert_int_equal(ICC_R(0, IAR1), 70);
    assert_int_equal(ICC_R(0, RPR), 0x90);
    DW(ISPENDR + 8, 1u << 7);
    assert_int_equal(f->irq[0].level, 1);
    assert_int_equal(ICC_R(0, IAR1), 71);
    assert_int_equal(ICC_R(0, RPR), 0x88);
    assert_int_equal(gicv3_icc_read(f->gic, 0, GICV3_ICC_AP1R_EL1(0)),
                     (1u << (0x88 >> 3)) | (1u << (0x90 >> 3)));
    DW(ISPENDR + 8, 1u << 8);
    assert_int_equal(ICC_R(0, IAR1), 72);
    assert_int_equal(ICC_R(0, RPR), 0x40);
    /* Priority drops unwind in order. */
    ICC_W(0, EOIR1, 72);
    assert_int_equal(ICC_R(0, RPR), 0x88);
    ICC_W(0, EOIR1, 71);
    assert_int_equal(ICC_R(0, RPR), 0x90);
    ICC_W(0, EOIR1, 70);
    assert_int_equal(ICC_R(0, RPR), 0xff);
    assert_int_equal(D32(ISACTIVER + 8), 0);
}

static void test_eoimode_split(void **state)
{
    fixture_t *f = *state;
    bring_up(f);
    ICC_W(0, CTLR, 2); /* EOImode = 1 */
    spi_setup(f, 80, 0xa0);
    DW(ISPENDR + 8, 1u << 16);
    assert_int_equal(ICC_R(0, IAR1), 80);
    ICC_W(0, EOIR1, 80);
    /* Priority dropped, but still active: not re-signalled. */
    assert_int_equal(ICC_R(0, RPR), 0xff);
    assert_true(D32(ISACTIVER + 8) & (1u << 16));
    DW(ISPENDR + 8, 1u << 16);
    assert_int_equal(f->irq[0].level, 0); /* active + pending */
    ICC_W(0, DIR, 80);
    assert_false(D32(ISACTIVER + 8) & (1u << 16));
    assert_int_equal(f->irq[0].level, 1);
    /* With EOImode = 0, DIR does nothing and EOIR deactivates. */
    ICC_W(0, CTLR, 0);
    assert_int_equal(ICC_R(0, IAR1), 80);
    ICC_W(0, DIR, 80);
    assert_true(D32(ISACTIVER + 8) & (1u << 16));
    ICC_W(0, EOIR1, 80);
    assert_false(D32(ISACTIVER + 8) & (1u << 16));
}

static void test_level_vs_edge(void **state)
{
    fixture_t *f = *state;
    bring_up(f);
    spi_setup(f, 90, 0xa0); /* level (ICFGR reset value) */
    spi_setup(f, 91, 0xa0);
    DW(ICFGR + 4 * (91 / 16), 2u << (2 * (91 % 16))); /* 91: edge */

    /* Level: stays pending while the line is high, even after ack + EOI. */
    gicv3_set_spi(f->gic, 90, 1);
    assert_int_equal(f->irq[0].level, 1);
    assert_int_equal(ICC_R(0, IAR1), 90);
    assert_true(D32(ISPENDR + 8) & (1u << 26)); /* active and pending */
    assert_int_equal(f->irq[0].level, 0);
    ICC_W(0, EOIR1, 90);
    assert_int_equal(f->irq[0].level, 1);
    /* ICPENDR cannot clear it while the input is asserted. */
    DW(ICPENDR + 8, 1u << 26);
    assert_true(D32(ISPENDR + 8) & (1u << 26));
    gicv3_set_spi(f->gic, 90, 0);
    assert_false(D32(ISPENDR + 8) & (1u << 26));
    assert_int_equal(f->irq[0].level, 0);
    /* A software pend of a level interrupt latches until acknowledged. */
    DW(ISPENDR + 8, 1u << 26);
    assert_int_equal(ICC_R(0, IAR1), 90);
    ICC_W(0, EOIR1, 90);
    assert_false(D32(ISPENDR + 8) & (1u << 26));

    /* Edge: a rising edge latches; ack clears it although the line is high. */
    gicv3_set_spi(f->gic, 91, 1);
    assert_int_equal(ICC_R(0, IAR1), 91);
    ICC_W(0, EOIR1, 91);
    assert_false(D32(ISPENDR + 8) & (1u << 27));
    assert_int_equal(f->irq[0].level, 0);
    gicv3_set_spi(f->gic, 91, 1); /* no new edge */
    assert_int_equal(f->irq[0].level, 0);
    gicv3_set_spi(f->gic, 91, 0);
    gicv3_set_spi(f->gic, 91, 1);
    assert_int_equal(f->irq[0].level, 1);
    /* ICPENDR clears an edge interrupt's pending state. */
    DW(ICPENDR + 8, 1u << 27);
    assert_int_equal(f->irq[0].level, 0);

    /* Inputs outside the SPI range are ignored. */
    gicv3_set_spi(f->gic, 5, 1);
    gicv3_set_spi(f->gic, NIRQS, 1);
    gicv3_set_spi(f->gic, -1, 1);
    gicv3_set_ppi(f->gic, NCPUS * 32 + 20, 1);
    gicv3_set_ppi(f->gic, -3, 1);
    gicv3_set_ppi(f->gic, 3, 1); /* an SGI number */
}

static void test_ppi_per_cpu(void **state)
{
    fixture_t *f = *state;
    bring_up(f);
    for (int i = 0; i < NCPUS; i++) {
        rwrite(f->gic, i, SGI_BASE + IGROUPR, 4, 0xffffffff);
        rwrite(f->gic, i, SGI_BASE + IPRIORITYR + 27, 1, 0xa0);
        rwrite(f->gic, i, SGI_BASE + ISENABLER, 4, 1u << 27);
    }
    gicv3_set_ppi(f->gic, 2 * 32 + 27, 1); /* virtual timer of CPU 2 */
    for (int i = 0; i < NCPUS; i++)
        assert_int_equal(f->irq[i].level, i == 2);
    assert_int_equal(ICC_R(2, IAR1), 27);
    assert_int_equal(f->irq[2].level, 0);
    gicv3_set_ppi(f->gic, 2 * 32 + 27, 0); /* the guest reprogrammed the timer */
    ICC_W(2, EOIR1, 27);
    assert_int_equal(f->irq[2].level, 0);
    assert_int_equal(rread(f->gic, 2, SGI_BASE + ISPENDR, 4), 0);
    assert_int_equal(rread(f->gic, 2, SGI_BASE + ISACTIVER, 4), 0);
}

static void test_sgi_generation(void **state)
{
    fixture_t *f = *state;
    bring_up(f);
    for (int i = 0; i < NCPUS; i++) {
        rwrite(f->gic, i, SGI_BASE + IGROUPR, 4, 0xffffffff);
        rwrite(f->gic, i, SGI_BASE + ISENABLER, 4, 0xffff);
    }
    /* SGI 3 to target list {1, 2} in cluster 0. */
    ICC_W(0, SGI1R, (3ull << 24) | 0x6);
    for (int i = 0; i < NCPUS; i++) {
        assert_int_equal(rread(f->gic, i, SGI_BASE + ISPENDR, 4), (i == 1 || i == 2) ? 0x8 : 0);
        assert_int_equal(f->irq[i].level, i == 1 || i == 2);
    }
    assert_int_equal(ICC_R(1, IAR1), 3);
    ICC_W(1, EOIR1, 3);
    assert_int_equal(f->irq[1].level, 0);
    /* Wrong Aff1 or RS: nobody. */
    ICC_W(0, SGI1R, (5ull << 24) | (1ull << 16) | 0xf);
    ICC_W(0, SGI1R, (5ull << 24) | (1ull << 44) | 0xf);
    for (int i = 0; i < NCPUS; i++)
        assert_false(rread(f->gic, i, SGI_BASE + ISPENDR, 4) & (1u << 5));
    /* IRM = 1: everyone but the sender. */
    ICC_W(3, SGI1R, (7ull << 24) | (1ull << 40));
    for (int i = 0; i < NCPUS; i++)
        assert_int_equal((rread(f->gic, i, SGI_BASE + ISPENDR, 4) >> 7) & 1, i != 3);
    /* SGI1R only reaches targets where the SGI is Group 1; SGI0R Group 0. */
    rwrite(f->gic, 0, SGI_BASE + IGROUPR, 4, 0xffff0000);
    ICC_W(1, SGI1R, (9ull << 24) | 0x1);
    assert_false(rread(f->gic, 0, SGI_BASE + ISPENDR, 4) & (1u << 9));
    ICC_W(1, SGI0R, (9ull << 24) | 0x1);
    assert_true(rread(f->gic, 0, SGI_BASE + ISPENDR, 4) & (1u << 9));
    ICC_W(1, ASGI1R, (10ull << 24) | 0x1); /* DS=1: treated as Group 0 */
    assert_true(rread(f->gic, 0, SGI_BASE + ISPENDR, 4) & (1u << 10));
}

static void test_spi_routing(void **state)
{
    fixture_t *f = *state;
    bring_up(f);
    spi_setup(f, 100, 0xa0);
    dwrite(f->gic, GICD_IROUTER + 8 * 100, 8, gicv3_default_affinity(3));
    gicv3_set_spi(f->gic, 100, 1);
    for (int i = 0; i < NCPUS; i++)
        assert_int_equal(f->irq[i].level, i == 3);
    assert_int_equal(ICC_R(0, IAR1), GICV3_INTID_SPURIOUS);
    /* Re-routing a pending interrupt moves it. */
    dwrite(f->gic, GICD_IROUTER + 8 * 100, 8, gicv3_default_affinity(1));
    for (int i = 0; i < NCPUS; i++)
        assert_int_equal(f->irq[i].level, i == 1);
    /* An affinity no CPU has: delivered nowhere. */
    dwrite(f->gic, GICD_IROUTER + 8 * 100, 8, 0x0500);
    for (int i = 0; i < NCPUS; i++)
        assert_int_equal(f->irq[i].level, 0);
    /* IRM = 1: exactly one participating CPU takes it. */
    dwrite(f->gic, GICD_IROUTER + 8 * 100, 8, 1ull << 31);
    int n = 0;
    for (int i = 0; i < NCPUS; i++)
        n += f->irq[i].level;
    assert_int_equal(n, 1);
    ICC_W(0, IGRPEN1, 0);
    n = 0;
    for (int i = 0; i < NCPUS; i++)
        n += f->irq[i].level;
    assert_int_equal(n, 1);
    assert_int_equal(f->irq[0].level, 0);
    /* Aff3 takes part in the match. */
    gicv3_set_affinity(f->gic, 2, 0x05000002);
    dwrite(f->gic, GICD_IROUTER + 8 * 100, 8, 0x0500000002ull);
    for (int i = 0; i < NCPUS; i++)
        assert_int_equal(f->irq[i].level, i == 2);
}

static void test_bad_accesses_do_not_crash(void **state)
{
    fixture_t *f = *state;
    static const unsigned sizes[] = { 1, 2, 4, 8 };
    bring_up(f);
    uint64_t v;
    for (uint64_t off = 0; off < GICV3_DIST_SIZE; off += 3) {
        for (int s = 0; s < 4; s++) {
            if (off + sizes[s] > GICV3_DIST_SIZE)
                continue;
            assert_int_equal(gicv3_dist_read(f->gic, off, sizes[s], &v), MEM_OK);
            if (off != GICD_CTLR)
                assert_int_equal(gicv3_dist_write(f->gic, off, sizes[s], 0xffffffffffffffffull), MEM_OK);
        }
    }
    for (uint64_t off = 0; off < gicv3_redist_size(NCPUS); off += 7) {
        for (int s = 0; s < 4; s++) {
            if (off + sizes[s] > gicv3_redist_size(NCPUS))
                continue;
            assert_int_equal(gicv3_redist_read(f->gic, off, sizes[s], &v), MEM_OK);
            assert_int_equal(gicv3_redist_write(f->gic, off, sizes[s], 0xffffffffffffffffull), MEM_OK);
        }
    }
    /* Beyond the last frame (callers never do this; still harmless). */
    assert_int_equal(gicv3_redist_read(f->gic, gicv3_redist_size(NCPUS) + 8, 8, &v), MEM_OK);
    assert_int_equal(v, 0);
    /* CPU interface: bad CPU numbers and unknown registers. */
    assert_int_equal(gicv3_icc_read(f->gic, NCPUS, GICV3_ICC_IAR1_EL1), 0);
    assert_int_equal(gicv3_icc_read(f->gic, -1, GICV3_ICC_PMR_EL1), 0);
    gicv3_icc_write(f->gic, NCPUS, GICV3_ICC_PMR_EL1, 0);
    gicv3_icc_write(f->gic, 0, 0x12345, 1);
    assert_int_equal(gicv3_icc_read(f->gic, 0, 0x12345), 0);
    gicv3_icc_write(f->gic, 0, GICV3_ICC_EOIR1_EL1, 0xffffffffffffffffull);
    gicv3_icc_write(f->gic, 0, GICV3_ICC_DIR_EL1, 0xffffffffffffffffull);
    gicv3_icc_write(f->gic, 0, GICV3_ICC_SGI1R_EL1, 0xffffffffffffffffull);
    /* Drain whatever the register storm left pending; must terminate. */
    for (int i = 0; i < NCPUS; i++) {
        ICC_W(i, CTLR, 0);
        for (int k = 0; k < 2000; k++) {
            uint64_t id = ICC_R(i, IAR1);
            if (id == GICV3_INTID_SPURIOUS)
                break;
            ICC_W(i, EOIR1, id);
        }
    }
    assert_null(gicv3_cpu_irq_line(f->gic, NCPUS));
    assert_null(gicv3_cpu_fiq_line(f->gic, -1));
}

static void test_create_arguments_and_mapping(void **state)
{
    (void)state;
    assert_null(gicv3_create(NULL, 0, 0, 0, 256));
    assert_null(gicv3_create(NULL, GICV3_MAX_CPUS + 1, 0, 0, 256));
    /* num_irqs is rounded and clamped. */
    gicv3_t *g = gicv3_create(NULL, 1, 0, 0, 100);
    uint64_t v;
    gicv3_dist_read(g, GICD_TYPER, 4, &v);
    assert_int_equal(v & 0x1f, 3); /* 128 INTIDs */
    gicv3_destroy(g);
    g = gicv3_create(NULL, 1, 0, 0, 5000);
    gicv3_dist_read(g, GICD_TYPER, 4, &v);
    assert_int_equal(v & 0x1f, 31);
    gicv3_set_spi(g, 1019, 1);
    gicv3_set_spi(g, 1020, 1);
    gicv3_destroy(g);

    physmap_t pm;
    assert_int_equal(physmap_init(&pm, 0x40000000, 0x10000), 0);
    g = gicv3_create(&pm, 2, 0x08000000, 0x080a0000, 288);
    assert_non_null(g);
    assert_int_equal(physmap_read(&pm, 0x0800ffe8, 4, &v), MEM_OK);
    assert_int_equal(v, 0x3b);
    assert_int_equal(physmap_read(&pm, 0x080c0008, 8, &v), MEM_OK); /* CPU 1 GICR_TYPER */
    assert_int_equal(v, (1ull << 32) | (1u << 8) | (1u << 4));
    assert_int_equal(physmap_read(&pm, 0x080e0000, 4, &v), MEM_ERR_UNMAPPED);
    gicv3_destroy(g);
    physmap_destroy(&pm);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_dist_id_registers),
        T(test_redist_typer_and_waker),
        T(test_dist_register_readback),
        T(test_redist_sgi_frame_readback),
        T(test_cpuif_registers),
        cmocka_unit_test(test_icc_implemented),
        T(test_ack_highest_priority),
        T(test_disabled_and_group_gating),
        T(test_priority_mask),
        T(test_preemption_and_binary_point),
        T(test_eoimode_split),
        T(test_level_vs_edge),
        T(test_ppi_per_cpu),
        T(test_sgi_generation),
        T(test_spi_routing),
        T(test_bad_accesses_do_not_crash),
        cmocka_unit_test(test_create_arguments_and_mapping),
    };
    return cmocka_run_group_tests_name("gicv3", tests, NULL, NULL);
}
