/* gic_timer.c - interrupts end to end: the generic timer's PPIs and a
 * software-generated interrupt travel through the GICv3 distributor,
 * redistributor and CPU interface to the CPU's IRQ vector; WFI wakes up. */
#include "fw.h"

#define GICD 0x08000000ul
#define GICR 0x080a0000ul          /* RD_base of CPU 0 */
#define GICR_SGI (GICR + 0x10000)  /* SGI_base of CPU 0 */
#define REG32(a) (*(volatile uint32_t *)(a))
#define REG8(a) (*(volatile uint8_t *)(a))

/* ICC_* registers by encoding (GICv3 system-register CPU interface). */
#define ICC_PMR_EL1 "S3_0_C4_C6_0"
#define ICC_IAR1_EL1 "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1 "S3_0_C12_C12_1"
#define ICC_SGI1R_EL1 "S3_0_C12_C11_5"
#define ICC_SRE_EL1 "S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICC_RPR_EL1 "S3_0_C12_C11_3"
#define MRS(reg) ({ uint64_t _v; __asm__ volatile("mrs %0, " reg : "=r"(_v)); _v; })
#define MSR(reg, v) __asm__ volatile("msr " reg ", %0" ::"r"((uint64_t)(v)) : "memory")

static volatile int irqs;
static volatile uint32_t last_intid;
static volatile uint64_t rpr_in_handler;

static bool on_irq(fw_frame_t *f, int vector, uint64_t esr, uint64_t far)
{
    (void)f; (void)esr; (void)far;
    if (vector != 5) /* IRQ, current EL with SP_ELx */
        return false;
    uint32_t intid = (uint32_t)MRS(ICC_IAR1_EL1);
    rpr_in_handler = MRS(ICC_RPR_EL1);
    last_intid = intid;
    if (intid == 30)
        SYSREG_WRITE(cntp_ctl_el0, 0);  /* timer off: its level drops */
    if (intid == 27)
        SYSREG_WRITE(cntv_ctl_el0, 0);
    MSR(ICC_EOIR1_EL1, intid);
    irqs++;
    return true;
}

static void enable_ppi_sgi(int intid)
{
    REG32(GICR_SGI + 0x080) |= 1u << intid;     /* GICR_IGROUPR0: group 1 */
    REG8(GICR_SGI + 0x400 + intid) = 0x80;      /* GICR_IPRIORITYR */
    REG32(GICR_SGI + 0x100) = 1u << intid;      /* GICR_ISENABLER0 */
}

static void wait_irq(int want)
{
    for (int spins = 0; irqs < want && spins < 1000000; spins++)
        __asm__ volatile("wfi");
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    fw_set_handler(on_irq);

    /* Distributor: affinity routing, group 0 and 1 enabled (DS = 1). */
    REG32(GICD + 0x0) = (1u << 4) | (1u << 1) | 1u;
    /* Wake the redistributor (GICR_WAKER.ProcessorSleep = 0, then wait
     * for ChildrenAsleep to clear), as Linux's gic_enable_redist does. */
    REG32(GICR + 0x14) &= ~(1u << 1);
    while (REG32(GICR + 0x14) & (1u << 2))
        ;
    MSR(ICC_SRE_EL1, 7);
    ISB();
    CHECK_EQ(MRS(ICC_SRE_EL1) & 1, 1);
    MSR(ICC_PMR_EL1, 0xf0);
    MSR(ICC_IGRPEN1_EL1, 1);
    ISB();
    CHECK_EQ(MRS(ICC_RPR_EL1) & 0xff, 0xff);   /* idle priority */
    enable_ppi_sgi(30);
    enable_ppi_sgi(27);
    enable_ppi_sgi(5);
    __asm__ volatile("msr daifclr, #2" ::: "memory");

    /* Physical timer: fire in 5 ms; WFI sleeps until then. */
    uint64_t freq = SYSREG_READ(cntfrq_el0);
    uint64_t t0 = SYSREG_READ(cntpct_el0);
    SYSREG_WRITE(cntp_tval_el0, freq / 200);
    SYSREG_WRITE(cntp_ctl_el0, 1);
    ISB();
    wait_irq(1);
    uint64_t t1 = SYSREG_READ(cntpct_el0);
    CHECK_EQ(irqs, 1);
    CHECK_EQ(last_intid, 30);
    CHECK_EQ(rpr_in_handler, 0x80);              /* running priority while active */
    CHECK(t1 - t0 >= freq / 200);                /* not before its deadline */
    fw_printf("physical timer interrupt: INTID %u\n", (unsigned)last_intid);
    CHECK_EQ(MRS(ICC_RPR_EL1) & 0xff, 0xff);     /* EOI dropped the priority */

    /* Virtual timer through CVAL. */
    SYSREG_WRITE(cntv_cval_el0, SYSREG_READ(cntvct_el0) + freq / 500);
    SYSREG_WRITE(cntv_ctl_el0, 1);
    ISB();
    wait_irq(2);
    CHECK_EQ(irqs, 2);
    CHECK_EQ(last_intid, 27);
    fw_printf("virtual timer interrupt: INTID %u\n", (unsigned)last_intid);

    /* A masked timer (IMASK) reports ISTATUS but raises nothing. */
    SYSREG_WRITE(cntp_tval_el0, 0);
    SYSREG_WRITE(cntp_ctl_el0, 3);
    ISB();
    for (volatile int i = 0; i < 100000; i++)
        ;
    CHECK_EQ(SYSREG_READ(cntp_ctl_el0), 7);
    CHECK_EQ(irqs, 2);
    SYSREG_WRITE(cntp_ctl_el0, 0);

    /* SGI 5 to ourselves: ICC_SGI1R_EL1 with target list bit 0 (Aff0 = 0). */
    MSR(ICC_SGI1R_EL1, (5ull << 24) | 1);
    ISB();
    wait_irq(3);
    CHECK_EQ(irqs, 3);
    CHECK_EQ(last_intid, 5);
    fw_printf("software generated interrupt: INTID %u\n", (unsigned)last_intid);

    /* With PMR below the priority, nothing is delivered; raising PMR lets
     * the pending SGI through. */
    MSR(ICC_PMR_EL1, 0x80);
    MSR(ICC_SGI1R_EL1, (5ull << 24) | 1);
    ISB();
    for (volatile int i = 0; i < 100000; i++)
        ;
    CHECK_EQ(irqs, 3);
    MSR(ICC_PMR_EL1, 0xf0);
    ISB();
    wait_irq(4);
    CHECK_EQ(irqs, 4);
    fw_printf("priority mask held the SGI back until raised\n");
    __asm__ volatile("msr daifset, #2" ::: "memory");
    return 0;
}
