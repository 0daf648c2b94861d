/* gdb_target.c - the guest program tests/gdb/run.sh debugs with GDB.
 *
 * Each step leaves something the debugger can check or change, and prints
 * what it saw so the test can check the debugger's effect on the program:
 *   gdb_add(0x1234, 0x4321)  break here: x0/x1 hold the arguments; the
 *                            debugger may change the result (x0 at return)
 *   gdb_magic                known data for memory reads
 *   gdb_patch                the debugger writes it; the program prints it
 *   gdb_store(0xabcd)        stores to gdb_watched: a write watchpoint fires
 *   gdb_spin()               runs until the debugger sets gdb_go (Ctrl-C test)
 * It is not a firmware *test* (no oracle run): the debugger drives it.
 */
#include "fw.h"

volatile uint64_t gdb_magic = 0x1122334455667788ull;
volatile uint64_t gdb_patch = 0x5a5a;
volatile uint64_t gdb_watched;
volatile uint64_t gdb_counter;
volatile uint64_t gdb_go;

__attribute__((noinline)) uint64_t gdb_add(uint64_t a, uint64_t b)
{
    return a + b;
}

__attribute__((noinline)) void gdb_store(uint64_t v)
{
    gdb_watched = v;
    gdb_counter = 1; /* the instruction after the watched store */
}

__attribute__((noinline)) void gdb_spin(void)
{
    while (!gdb_go)
        gdb_counter++;
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    fw_puts("gdb-target: start\n");
    uint64_t r = gdb_add(0x1234, 0x4321);
    fw_printf("gdb-target: add=%lx\n", (unsigned long)r);
    fw_printf("gdb-target: patch=%lx\n", (unsigned long)gdb_patch);
    gdb_store(0xabcd);
    fw_printf("gdb-target: watched=%lx\n", (unsigned long)gdb_watched);
    fw_puts("gdb-target: spinning\n");
    gdb_spin();
    fw_printf("gdb-target: spun, go=%lx\n", (unsigned long)gdb_go);
    return 0;
}
