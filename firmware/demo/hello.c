/* hello.c - the demo `make run` boots until the real guest lands: a
 * bare-metal program that greets over the PL011, shows where it runs and
 * powers the machine off through PSCI. */
#include "fw.h"

int fw_main(uint64_t dtb)
{
    uint64_t el = SYSREG_READ(CurrentEL) >> 2;
    uint64_t midr = SYSREG_READ(midr_el1);
    fw_printf("Hello from a bare-metal AArch64 program on tinyvm!\n");
    fw_printf("  running at EL%lu, MIDR_EL1=0x%lx, device tree at 0x%lx\n",
              (unsigned long)el, (unsigned long)midr, (unsigned long)dtb);
    uint64_t sum = 0;
    for (uint64_t i = 1; i <= 1000000; i++)
        sum += i * i % 7;
    fw_printf("  computed a checksum of a million steps: %lu\n", (unsigned long)sum);
    fw_printf("  powering off through PSCI SYSTEM_OFF\n");
    return 0;
}
