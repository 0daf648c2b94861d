/* smp_ipi.c - interrupts between CPUs through the GICv3: each CPU wakes its
 * own redistributor and enables its CPU interface; SGIs sent with
 * ICC_SGI1R_EL1 reach exactly the CPUs named by the target list, or every
 * other CPU with IRM = 1; secondaries answer the boot CPU with SGIs of their
 * own; an SPI is delivered to the CPU its GICD_IROUTER affinity names.
 * run: -smp 4 -accel tcg,thread=single
 * run: -smp 4 -accel tcg,thread=multi */
#include "fw_smp.h"

#define NCPUS 4
#define LIMIT 100000000ull
#define GICD 0x08000000ul
#define GICR(c) (0x080a0000ul + 0x20000ul * (uint64_t)(c)) /* RD_base of CPU c */
#define GICR_SGI(c) (GICR(c) + 0x10000)
#define REG32(a) (*(volatile uint32_t *)(a))
#define REG8(a) (*(volatile uint8_t *)(a))
#define REG64(a) (*(volatile uint64_t *)(a))

#define ICC_PMR_EL1 "S3_0_C4_C6_0"
#define ICC_IAR1_EL1 "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1 "S3_0_C12_C12_1"
#define ICC_SGI1R_EL1 "S3_0_C12_C11_5"
#define ICC_SRE_EL1 "S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define MRS(reg) ({ uint64_t _v; __asm__ volatile("mrs %0, " reg : "=r"(_v)); _v; })
#define MSR(reg, v) __asm__ volatile("msr " reg ", %0" ::"r"((uint64_t)(v)) : "memory")

#define SPI 40 /* an SPI no device uses */

static volatile uint32_t counts[NCPUS][64]; /* [cpu][intid]: IRQs taken */
static volatile uint32_t ready, reply;

static bool on_irq(fw_frame_t *f, int vector, uint64_t esr, uint64_t far)
{
    (void)f; (void)esr; (void)far;
    if (vector != 5)
        return false;
    uint32_t intid = (uint32_t)MRS(ICC_IAR1_EL1);
    if (intid < 64)
        counts[fw_cpu_index()][intid]++;
    MSR(ICC_EOIR1_EL1, intid);
    return true;
}

/* This CPU's redistributor and CPU interface (as Linux's gic_cpu_init). */
static void gic_cpu_init(int c)
{
    REG32(GICR(c) + 0x14) &= ~(1u << 1);          /* GICR_WAKER.ProcessorSleep */
    while (REG32(GICR(c) + 0x14) & (1u << 2))     /* ChildrenAsleep */
        ;
    for (int intid = 1; intid < 8; intid++) {
        REG32(GICR_SGI(c) + 0x080) |= 1u << intid; /* IGROUPR0: group 1 */
        REG8(GICR_SGI(c) + 0x400 + intid) = 0x80;  /* IPRIORITYR */
        REG32(GICR_SGI(c) + 0x100) = 1u << intid;  /* ISENABLER0 */
    }
    MSR(ICC_SRE_EL1, 7);
    ISB();
    MSR(ICC_PMR_EL1, 0xf0);
    MSR(ICC_IGRPEN1_EL1, 1);
    ISB();
    __asm__ volatile("msr daifclr, #2" ::: "memory");
}

static void secondary(void *arg)
{
    int c = (int)(uintptr_t)arg;
    gic_cpu_init(c);
    fw_lse_add(&ready, 1);
    /* Answer once asked: SGI 4 + c to CPU 0 (distinct SGIs, so that they
     * cannot merge into one pending state). */
    while (fw_load_acquire(&reply) == 0)
        __asm__ volatile("wfi");
    MSR(ICC_SGI1R_EL1, (uint64_t)(4 + c) << 24 | 1);
    ISB();
    for (;;)
        __asm__ volatile("wfi");
}

static bool wait_count(int c, int intid, uint32_t want)
{
    return fw_wait_eq(&counts[c][intid], want, LIMIT);
}

static void sgi(uint64_t val)
{
    MSR(ICC_SGI1R_EL1, val);
    ISB();
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    fw_set_handler(on_irq);
    REG32(GICD + 0x0) = (1u << 4) | (1u << 1) | 1u; /* ARE, EnableGrp1, EnableGrp0 */
    gic_cpu_init(0);
    for (int c = 1; c < NCPUS; c++)
        CHECK_EQ(fw_cpu_on(c, secondary, (void *)(uintptr_t)c), PSCI_SUCCESS);
    CHECK(fw_wait_eq(&ready, NCPUS - 1, LIMIT));

    /* SGI 1 to each CPU by its target-list bit (Aff1.Aff2.Aff3 = 0). */
    for (int c = 1; c < NCPUS; c++) {
        sgi(1ull << 24 | 1ull << c);
        CHECK(wait_count(c, 1, 1));
    }
    fw_printf("SGI 1 delivered to each CPU by target list\n");
    /* SGI 2 with IRM = 1: every CPU but the sender. */
    sgi(2ull << 24 | 1ull << 40);
    for (int c = 1; c < NCPUS; c++)
        CHECK(wait_count(c, 2, 1));
    /* SGI 3 to CPUs 1 and 3 only. */
    sgi(3ull << 24 | 1ull << 1 | 1ull << 3);
    CHECK(wait_count(1, 3, 1));
    CHECK(wait_count(3, 3, 1));
    /* An SGI to a target list naming no CPU (Aff1 = 1: no such cluster). */
    sgi(4ull << 24 | 1ull << 16 | 0xf);
    /* SPI 40 routed by affinity to CPU 2, made pending by software. */
    REG32(GICD + 0x080 + 4 * (SPI / 32)) |= 1u << (SPI % 32);  /* IGROUPR: group 1 */
    REG8(GICD + 0x400 + SPI) = 0x80;                           /* IPRIORITYR */
    REG64(GICD + 0x6000 + 8 * SPI) = 2;                        /* IROUTER: Aff0 = 2 */
    REG32(GICD + 0x100 + 4 * (SPI / 32)) = 1u << (SPI % 32);   /* ISENABLER */
    REG32(GICD + 0x200 + 4 * (SPI / 32)) = 1u << (SPI % 32);   /* ISPENDR */
    CHECK(wait_count(2, SPI, 1));
    fw_printf("IRM broadcast, partial target list and SPI routing delivered\n");

    /* The secondaries answer with SGI 4 + c to CPU 0. */
    fw_store_release(&reply, 1);
    sgi(1ull << 24 | 0xe); /* wake them from WFI */
    for (int c = 1; c < NCPUS; c++)
        CHECK(wait_count(0, 4 + c, 1));
    fw_printf("each secondary interrupted CPU 0\n");

    /* Nothing arrived where it was not sent. */
    for (int c = 0; c < NCPUS; c++) {
        CHECK_EQ(counts[c][2], c == 0 ? 0 : 1);
        CHECK_EQ(counts[c][3], c == 1 || c == 3 ? 1 : 0);
        CHECK_EQ(counts[c][SPI], c == 2 ? 1 : 0);
        CHECK_EQ(counts[c][4], 0);
        for (int k = 5; k < 8; k++)
            CHECK_EQ(counts[c][k], c == 0 ? 1 : 0);
    }
    __asm__ volatile("msr daifset, #2" ::: "memory");
    return 0;
}
