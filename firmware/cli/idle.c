/* idle.c - prints a line, then waits for interrupts forever with none
 * enabled: a guest that never finishes, for --timeout tests. tinyvm must
 * sleep (not spin) and still end at the timeout. */
#include "fw.h"

int fw_main(uint64_t dtb)
{
    (void)dtb;
    fw_puts("idle: waiting forever\n");
    for (;;)
        __asm__ volatile("wfi");
}
