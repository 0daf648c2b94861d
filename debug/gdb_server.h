/* gdb_server.h - the GDB stub as the board's main loop sees it: a TCP
 * listener (-gdb tcp:[HOST]:PORT, -s), the connection to GDB, and the
 * "machine stopped" state in which only GDB's packets are served.
 *
 * While the guest runs, the main loop adds gdb_server_poll_fd() to its
 * poll() set and hands the result to gdb_server_poll_done(), so a Ctrl-C
 * (0x03) from GDB, a new connection or a hang-up is seen within one time
 * slice. Before each time slice it calls gdb_server_sync(), which, when the
 * machine must stop (a breakpoint, a step, Ctrl-C, -S, a new connection),
 * sends the stop reply and serves GDB until it resumes, detaches or kills.
 *
 * A GDB that disconnects or detaches takes its breakpoints with it and the
 * guest resumes (QEMU does the same); another GDB may connect later.
 */
#ifndef TINYVM_DEBUG_GDB_SERVER_H
#define TINYVM_DEBUG_GDB_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "cpu/cpu.h"

typedef struct gdb_server gdb_server_t;

/* Check a -gdb device spec ("tcp::1234", "tcp:HOST:PORT"); false with a
 * message in err when it is not one. */
bool gdb_spec_valid(const char *spec, char *err, size_t errlen);

/* Listen on spec (host defaults to 127.0.0.1). wait: -S, hold the guest
 * until GDB resumes it. NULL with a message in err (port in use ...). */
gdb_server_t *gdb_server_open(const char *spec, bool wait, char *err, size_t errlen);
void gdb_server_close(gdb_server_t *g);

/* The CPUs of a (re)booted machine; breakpoints GDB set are put back. */
void gdb_server_attach(gdb_server_t *g, cpu_t **cpus, int ncpus);

/* The descriptor to poll for POLLIN while the guest runs (never -1). */
int gdb_server_poll_fd(const gdb_server_t *g);
void gdb_server_poll_done(gdb_server_t *g, short revents);

typedef enum { GDB_SYNC_RUN = 0, GDB_SYNC_KILL = 1 } gdb_sync_t;
/* Called before each time slice with why the last one ended (cpu: the CPU
 * that returned it). May block serving GDB; returns GDB_SYNC_KILL when GDB
 * killed the machine. */
gdb_sync_t gdb_server_sync(gdb_server_t *g, cpu_t *cpu, cpu_exit_t why);

#endif
