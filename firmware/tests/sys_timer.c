/* sys_timer.c - the generic timer: the counter advances and CNTVCT =
 * CNTPCT (no virtual offset), TVAL/CVAL arithmetic (TVAL is the signed
 * 32-bit view of CVAL - count), ISTATUS/IMASK/ENABLE, and the interrupt:
 * the virtual (INTID 27) and physical (INTID 30) timers through the GICv3
 * redistributor and CPU interface, waking a WFI. */
#include "sys_common.h"

#define GICD 0x08000000ul
#define GICR 0x080a0000ul
#define GICR_SGI (GICR + 0x10000)
#define W32(a) (*(volatile uint32_t *)(a))
#define W8(a) (*(volatile uint8_t *)(a))

#define ICC_SRE_EL1 s3_0_c12_c12_5
#define ICC_IAR1_EL1 s3_0_c12_c12_0
#define ICC_EOIR1_EL1 s3_0_c12_c12_1
#define ICC_PMR_EL1 s3_0_c4_c6_0
#define ICC_IGRPEN1_EL1 s3_0_c12_c12_7

static volatile int irqs;
static volatile uint64_t irq_intid, irq_ctl, irq_count, irq_cval;
static volatile int irq_phys;

static bool handler(fw_frame_t *f, int vector, uint64_t esr, uint64_t far)
{
    if ((vector & 3) != 1)
        return sys_fault_handler(f, vector, esr, far);
    uint64_t intid = SYSREG_READ(ICC_IAR1_EL1);
    irqs++;
    irq_intid = intid;
    if (intid == 27) {
        irq_ctl = SYSREG_READ(cntv_ctl_el0);
        irq_count = SYSREG_READ(cntvct_el0);
        irq_cval = SYSREG_READ(cntv_cval_el0);
        SYSREG_WRITE(cntv_ctl_el0, 3); /* mask it: the line drops */
    } else if (intid == 30) {
        irq_ctl = SYSREG_READ(cntp_ctl_el0);
        irq_count = SYSREG_READ(cntpct_el0);
        irq_cval = SYSREG_READ(cntp_cval_el0);
        SYSREG_WRITE(cntp_ctl_el0, 0); /* disable it */
    }
    ISB();
    SYSREG_WRITE(ICC_EOIR1_EL1, intid);
    ISB();
    return true;
}

static void counter(void)
{
    show("CNTFRQ_EL0", SYSREG_READ(cntfrq_el0), 62500000);
    uint64_t v0 = SYSREG_READ(cntvct_el0);
    uint64_t p0 = SYSREG_READ(cntpct_el0);
    uint64_t v1 = SYSREG_READ(cntvct_el0);
    show("CNTVCT <= CNTPCT <= next CNTVCT (no CNTVOFF)", v0 <= p0 && p0 <= v1, 1);
    for (volatile int i = 0; i < 100000; i++)
        ;
    uint64_t v2 = SYSREG_READ(cntvct_el0);
    show("counter advances", v2 > v1, 1);
    fw_printf("info: 100000 loop iterations took %lu ticks\n", (unsigned long)(v2 - v1));
}

static void tval_cval(void)
{
    SYSREG_WRITE(cntv_ctl_el0, 0);
    uint64_t now = SYSREG_READ(cntvct_el0);
    SYSREG_WRITE(cntv_cval_el0, now + 0x100000);
    uint64_t tval = SYSREG_READ(cntv_tval_el0);
    show("TVAL = CVAL - count (0 < TVAL <= 0x100000)", tval > 0 && tval <= 0x100000, 1);
    show("CVAL reads back", SYSREG_READ(cntv_cval_el0) == now + 0x100000, 1);

    uint64_t before = SYSREG_READ(cntvct_el0);
    SYSREG_WRITE(cntv_tval_el0, 1000000);
    uint64_t after = SYSREG_READ(cntvct_el0);
    uint64_t cval = SYSREG_READ(cntv_cval_el0);
    show("TVAL write: CVAL = count + TVAL", cval >= before + 1000000 && cval <= after + 1000000, 1);

    before = SYSREG_READ(cntvct_el0);
    SYSREG_WRITE(cntv_tval_el0, (uint32_t)-5000);
    after = SYSREG_READ(cntvct_el0);
    cval = SYSREG_READ(cntv_cval_el0);
    tval = SYSREG_READ(cntv_tval_el0);
    show("negative TVAL: CVAL = count - 5000", cval >= before - 5000 && cval <= after - 5000, 1);
    show("TVAL reads 32 bits, sign in bit 31", tval >> 31, 1);

    /* ISTATUS only while enabled; IMASK does not hide it. */
    show("disabled, expired: CTL", SYSREG_READ(cntv_ctl_el0), 0);
    SYSREG_WRITE(cntv_ctl_el0, 3);
    show("enabled+masked, expired: CTL (ISTATUS)", SYSREG_READ(cntv_ctl_el0), 7);
    SYSREG_WRITE(cntv_ctl_el0, 7); /* ISTATUS is read-only */
    show("ISTATUS write ignored", SYSREG_READ(cntv_ctl_el0), 7);
    SYSREG_WRITE(cntv_cval_el0, ~0ul);
    show("CVAL = max: not met", SYSREG_READ(cntv_ctl_el0), 3);
    SYSREG_WRITE(cntv_cval_el0, 0);
    show("CVAL = 0: met", SYSREG_READ(cntv_ctl_el0), 7);
    SYSREG_WRITE(cntv_ctl_el0, 0);

    /* The physical timer is the same. */
    SYSREG_WRITE(cntp_cval_el0, 0);
    SYSREG_WRITE(cntp_ctl_el0, 3);
    show("physical: enabled+masked, CVAL 0", SYSREG_READ(cntp_ctl_el0), 7);
    SYSREG_WRITE(cntp_tval_el0, 0x7fffffff);
    show("physical: TVAL 0x7fffffff not met", SYSREG_READ(cntp_ctl_el0), 3);
    SYSREG_WRITE(cntp_ctl_el0, 0);
}

static void gic_init(void)
{
    W32(GICD + 0x0) = 0x10;                    /* GICD_CTLR.ARE */
    W32(GICD + 0x0) = 0x12;                    /* + EnableGrp1 */
    W32(GICR + 0x14) &= ~2u;                   /* GICR_WAKER.ProcessorSleep = 0 */
    while (W32(GICR + 0x14) & 4u)              /* ChildrenAsleep */
        ;
    W32(GICR_SGI + 0x80) = 1u << 27 | 1u << 30; /* GICR_IGROUPR0: group 1 */
    W8(GICR_SGI + 0x400 + 27) = 0x80;          /* GICR_IPRIORITYR */
    W8(GICR_SGI + 0x400 + 30) = 0x80;
    W32(GICR_SGI + 0x100) = 1u << 27 | 1u << 30; /* GICR_ISENABLER0 */
    SYSREG_WRITE(ICC_SRE_EL1, SYSREG_READ(ICC_SRE_EL1) | 1);
    ISB();
    SYSREG_WRITE(ICC_PMR_EL1, 0xff);
    SYSREG_WRITE(ICC_IGRPEN1_EL1, 1);
    ISB();
}

static void interrupt(int phys)
{
    const char *name = phys ? "physical timer" : "virtual timer";
    irqs = 0;
    irq_intid = irq_ctl = irq_count = irq_cval = 0;
    if (phys) {
        SYSREG_WRITE(cntp_tval_el0, 62500 * 2); /* 2 ms */
        SYSREG_WRITE(cntp_ctl_el0, 1);
    } else {
        SYSREG_WRITE(cntv_tval_el0, 62500 * 2);
        SYSREG_WRITE(cntv_ctl_el0, 1);
    }
    ISB();
    uint64_t start = SYSREG_READ(cntvct_el0);
    __asm__ volatile("msr daifclr, #2" ::: "memory");
    while (!irqs && SYSREG_READ(cntvct_el0) - start < 62500000)
        __asm__ volatile("wfi" ::: "memory");
    __asm__ volatile("msr daifset, #2" ::: "memory");
    fw_printf("%s: ", name);
    show("interrupts taken", irqs, 1);
    fw_printf("%s: ", name);
    show("INTID", irq_intid, phys ? 30 : 27);
    fw_printf("%s: ", name);
    show("CTL in the handler (ENABLE, ISTATUS)", irq_ctl, 5);
    fw_printf("%s: ", name);
    show("count >= CVAL in the handler", irq_count >= irq_cval, 1);
    if (phys) {
        show("physical: CTL after disable", SYSREG_READ(cntp_ctl_el0), 0);
    } else {
        show("virtual: CTL after IMASK (still ISTATUS)", SYSREG_READ(cntv_ctl_el0), 7);
        SYSREG_WRITE(cntv_ctl_el0, 0);
    }
    /* Nothing else pending. */
    show("ICC_IAR1 with nothing pending (spurious 1023)", SYSREG_READ(ICC_IAR1_EL1), 1023);
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    sys_init();
    fw_set_handler(handler);
    counter();
    tval_cval();
    gic_init();
    interrupt(0);
    interrupt(1);
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
