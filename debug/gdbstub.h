/* gdbstub.h - the commands of the GDB remote serial protocol, independent
 * of the transport (gdb_server.c feeds it packets from a socket; the unit
 * test feeds it directly). GDB manual, appendix "GDB Remote Serial
 * Protocol": "Packets", "Stop Reply Packets", "General Query Packets".
 *
 * One GDB thread per vCPU: thread id n is the CPU with index n - 1.
 */
#ifndef TINYVM_DEBUG_GDBSTUB_H
#define TINYVM_DEBUG_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "debug/gdb_packet.h"

/* What the machine must do after a command. */
typedef enum gdb_action {
    GDB_ACT_NONE = 0, /* stay as we are (the reply says the rest) */
    GDB_ACT_CONTINUE, /* resume the guest */
    GDB_ACT_STEP,     /* resume for one instruction (the CPU is set to step) */
    GDB_ACT_DETACH,   /* GDB leaves: forget its breakpoints, resume */
    GDB_ACT_KILL,     /* end tinyvm */
} gdb_action_t;

/* A breakpoint or watchpoint GDB inserted (Z packets), kept so it can be
 * put back into the CPUs of a rebooted machine. */
typedef struct gdb_point {
    int type;          /* Z type 0..4 */
    uint64_t addr, len;
} gdb_point_t;

#define GDB_MAX_POINTS 64

typedef struct gdb_stub {
    cpu_t **cpus;
    int ncpus;
    int g_cpu;         /* Hg: CPU whose registers and memory view are used */
    int c_cpu;         /* Hc: CPU that steps (-1: any) */
    bool no_ack;       /* QStartNoAckMode was accepted */
    bool gdb_swbreak, gdb_hwbreak; /* GDB understands these stop reasons */
    gdb_point_t points[GDB_MAX_POINTS];
    int npoints;
    char stop_reply[128]; /* the last stop reply, for '?' */
    bool has_reply;    /* the command produced a reply (c, s and k do not) */
    size_t reply_len;      /* at most GDB_PACKET_MAX */
    uint8_t reply[GDB_PACKET_MAX + 1]; /* + the NUL the hex encoder ends with */
} gdb_stub_t;

void gdb_stub_init(gdb_stub_t *s);
/* A (new) machine's CPUs: the inserted points are installed on them. */
void gdb_stub_attach(gdb_stub_t *s, cpu_t **cpus, int ncpus);
/* Remove every point and stepping from the CPUs (detach, disconnect). */
void gdb_stub_forget(gdb_stub_t *s);

/* Execute one packet payload (len bytes at pkt, modified in place; pkt[len]
 * must be writable). Fills s->reply/s->reply_len when s->has_reply. Any
 * malformed packet gets an "E.." or empty reply. */
gdb_action_t gdb_stub_command(gdb_stub_t *s, char *pkt, size_t len);

/* Record the stop reply for the machine stopping (s->stop_reply):
 * sig = 2 (SIGINT) for Ctrl-C, 5 (SIGTRAP) otherwise; cpu is the CPU that
 * stopped, with its CPU_EXIT_DEBUG reason when debug_exit. Also turns
 * single stepping off. */
void gdb_stub_set_stop(gdb_stub_t *s, cpu_t *cpu, int sig, bool debug_exit);

#endif
