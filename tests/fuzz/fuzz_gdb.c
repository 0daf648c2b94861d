/* fuzz_gdb.c - libFuzzer target for the GDB stub's packet layer
 * (debug/gdb_packet.c) and command parser (debug/gdbstub.c) on a real CPU.
 *
 * The input is the byte stream a debugger sends: it is fed to the receive
 * state machine byte by byte, and every packet that completes is executed
 * against a CPU over 1 MiB of guest RAM. A continue or step runs the CPU
 * for a few hundred instructions, so breakpoints, watchpoints and single
 * steps the input set up (and code it wrote with M/X) are exercised too.
 * ASan/UBSan watch every reply buffer and every guest access.
 *
 * Build and run: make fuzz-gdb (tests/gdb/gdb.mk); seeds in
 * tests/fuzz/corpus/gdb.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "debug/gdb_packet.h"
#include "debug/gdbstub.h"
#include "mem/physmap.h"

#define FUZZ_RAM (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static physmap_t pm;
    static cpu_t *cpu;
    static gdb_stub_t *stub;
    static gdb_rx_t *rx;
    if (!cpu) {
        if (physmap_init(&pm, 0x40000000, FUZZ_RAM) != 0)
            abort();
        cpu = cpu_create(&pm, CPU_MODEL_MAX, 0);
        stub = malloc(sizeof(*stub));
        rx = malloc(sizeof(*rx));
        if (!cpu || !stub || !rx)
            abort();
    }
    /* Each input starts from the same machine state. */
    memset(pm.ram, 0, FUZZ_RAM);
    cpu_reset(cpu, 0x40000000, 0);
    gdb_stub_init(stub);
    gdb_stub_attach(stub, &cpu, 1);
    gdb_rx_init(rx);
    for (size_t i = 0; i < size; i++) {
        if (gdb_rx_feed(rx, data[i]) != GDB_RX_PACKET)
            continue;
        gdb_action_t a = gdb_stub_command(stub, rx->buf, rx->len);
        if (stub->has_reply && stub->reply_len > GDB_PACKET_MAX)
            abort();
        if (a == GDB_ACT_CONTINUE || a == GDB_ACT_STEP) {
            if (cpu_run(cpu, 300) == CPU_EXIT_DEBUG)
                gdb_stub_set_stop(stub, cpu, 5, true);
        } else if (a == GDB_ACT_DETACH || a == GDB_ACT_KILL) {
            break;
        }
    }
    gdb_stub_forget(stub);
    return 0;
}
