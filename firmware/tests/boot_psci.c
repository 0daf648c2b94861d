/* boot_psci.c - the boot protocol state tinyvm hands a kernel, PSCI answers,
 * and the PrimeCell ID registers of the UART and RTC. */
#include "fw.h"

static uint32_t be32(const volatile uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int fw_main(uint64_t dtb)
{
    /* booting.rst: x0 = physical address of the DTB (8-byte aligned). */
    CHECK_EQ(dtb & 7, 0);
    CHECK_EQ(be32((const volatile uint8_t *)dtb), 0xd00dfeed);
    CHECK_EQ(SYSREG_READ(CurrentEL), 1 << 2);     /* EL1 */
    CHECK_EQ(SYSREG_READ(SPSel), 1);              /* EL1h */
    CHECK_EQ(SYSREG_READ(DAIF), 0xf << 6);        /* all masked */
    CHECK_EQ(SYSREG_READ(sctlr_el1) & 1, 0);      /* MMU off */
    CHECK(SYSREG_READ(cntfrq_el0) != 0);          /* CNTFRQ programmed */

    uint64_t ver = fw_hvc(0x84000000, 0, 0, 0);
    fw_printf("info: PSCI version %lu.%lu\n", (unsigned long)(ver >> 16), (unsigned long)(ver & 0xffff));
    CHECK(ver >= 0x10000);                                  /* PSCI >= 1.0 */
    CHECK_EQ(fw_hvc(0x8400000a, 0x84000008, 0, 0), 0);      /* FEATURES(SYSTEM_OFF) */
    CHECK_EQ(fw_hvc(0x8400000a, 0xc4000003, 0, 0), 0);      /* FEATURES(CPU_ON) */
    CHECK_EQ((uint32_t)fw_hvc(0x8400000a, 0x8400ffff, 0, 0), 0xffffffffu); /* NOT_SUPPORTED */
    uint64_t mpidr = SYSREG_READ(mpidr_el1);
    CHECK_EQ(fw_hvc(0xc4000004, mpidr & 0xff00ffffff, 0, 0), 0);  /* AFFINITY_INFO: ON */
    CHECK_EQ(fw_hvc(0xc4000003, mpidr & 0xff00ffffff, 0, 0), (uint64_t)-4); /* CPU_ON self: ALREADY_ON */
    CHECK_EQ(fw_hvc(0x84000006, 0, 0, 0), 2);                      /* MIGRATE_INFO_TYPE */

    /* The AMBA bus reads these before binding a driver (primecell.yaml). */
    static const uint8_t uart_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    static const uint8_t rtc_id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    for (int i = 0; i < 8; i++) {
        CHECK_EQ(*(volatile uint32_t *)(0x09000fe0ul + 4 * i), uart_id[i]);
        CHECK_EQ(*(volatile uint32_t *)(0x09010fe0ul + 4 * i), rtc_id[i]);
    }
    /* The RTC counts seconds of wall-clock time: well after 2020. */
    CHECK(*(volatile uint32_t *)0x09010000ul > 1577836800u);
    fw_printf("boot state, PSCI and PrimeCell IDs checked\n");
    return 0;
}
