/* reset.c - asks for a reset through PSCI SYSTEM_RESET (for -no-reboot tests).
 * Each boot prints one line, so without -no-reboot the line repeats as the
 * board reboots. */
#include "fw.h"

int fw_main(uint64_t dtb)
{
    (void)dtb;
    fw_puts("reset: booted, asking PSCI for SYSTEM_RESET\n");
    fw_hvc(0x84000009, 0, 0, 0);
    fw_puts("FAIL: SYSTEM_RESET returned\n");
    return 1;
}
