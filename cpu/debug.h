/* debug.h - the CPU's side of an attached debugger (cpu/ internal).
 *
 * The state a debugger sets up on one CPU: breakpoints (virtual PCs),
 * watchpoints (virtual data ranges), single stepping, and the reason the CPU
 * last stopped. It lives inside struct cpu, so each vCPU of an SMP machine
 * has its own. The public API is in cpu.h (cpu_debug_*); this header holds
 * the layout and the hooks the translator, dispatcher and TLB call.
 *
 * Nothing here costs anything while no debugger uses the CPU: the
 * dispatcher tests cpu->dbg_active once per block it looks up, the
 * translator consults the breakpoint list only when it is non-empty, and
 * watched pages reach the memory slow path because their TLB tags are
 * invalid, so the fast path never looks at watchpoints.
 */
#ifndef TINYVM_CPU_DEBUG_H
#define TINYVM_CPU_DEBUG_H

#include <stdbool.h>
#include <stdint.h>

#define CPU_DEBUG_MAX_BP 64
#define CPU_DEBUG_MAX_WP 16

typedef struct cpu_watch {
    uint64_t va, len;
    int kind; /* CPU_WATCH_* (cpu.h) */
} cpu_watch_t;

typedef struct cpu_debug_state {
    uint64_t bp[CPU_DEBUG_MAX_BP];
    int nbp;
    cpu_watch_t wp[CPU_DEBUG_MAX_WP];
    int nwp;
    bool step;            /* the debugger asked for one instruction */
    bool step_started;    /* the stepped instruction (or exception entry) is under way */
    bool watch_hit;       /* an access hit a watchpoint: stop before its instruction */
    bool watch_skip;      /* resuming at that instruction: let its access through */
    cpu_debug_stop_t stop; /* why cpu_run() last returned CPU_EXIT_DEBUG */
} cpu_debug_state_t;

#endif
