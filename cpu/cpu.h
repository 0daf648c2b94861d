/* cpu.h - the AArch64 CPU as the board sees it.
 *
 * This is the whole public surface of cpu/: create a CPU over a physical
 * address map, reset it to the Linux boot state, run it for a budget of
 * instructions, and wire its interrupt inputs, timer outputs and the two
 * "firmware" hooks (the GIC's system-register CPU interface and the HVC/SMC
 * conduit that PSCI uses). Everything else in cpu/ is internal
 * (cpu_internal.h).
 */
#ifndef TINYVM_CPU_CPU_H
#define TINYVM_CPU_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem/irq.h"
#include "mem/physmap.h"

typedef struct cpu cpu_t;

/* The models -cpu accepts. They differ in MIDR and the advertised features. */
typedef enum {
    CPU_MODEL_CORTEX_A57,
    CPU_MODEL_CORTEX_A53,
    CPU_MODEL_CORTEX_A72,
    CPU_MODEL_MAX,
} cpu_model_t;

/* Why cpu_run() returned. */
typedef enum {
    CPU_EXIT_BUDGET,   /* ran its instruction budget (or was kicked) */
    CPU_EXIT_WFI,      /* executed WFI/WFE with nothing pending: sleep until an event */
    CPU_EXIT_HALTED,   /* powered off (PSCI CPU_OFF/SYSTEM_OFF) or never started */
    CPU_EXIT_REQUEST,  /* a hook asked the machine to stop (SYSTEM_OFF, SYSTEM_RESET ...) */
    CPU_EXIT_DEBUG,    /* a breakpoint, watchpoint or single step stopped it: cpu_debug_stop() */
} cpu_exit_t;

/* Interrupt inputs (irq_line_t.n when a wire targets the CPU). */
enum { CPU_IRQ_LINE_IRQ = 0, CPU_IRQ_LINE_FIQ = 1 };

/* Generic timer outputs, in the order of the arm,armv8-timer binding. */
enum { CPU_TIMER_PHYS = 0, CPU_TIMER_VIRT = 1, CPU_TIMER_COUNT = 2 };

/* The GIC's CPU interface lives in devices/; the CPU reaches its ICC_*
 * registers through these callbacks. reg packs the encoding as
 * (op0<<14)|(op1<<11)|(CRn<<7)|(CRm<<3)|op2. */
typedef struct cpu_gic_hooks {
    bool (*implemented)(uint32_t reg);
    uint64_t (*read)(void *opaque, int cpu_index, uint32_t reg);
    void (*write)(void *opaque, int cpu_index, uint32_t reg, uint64_t val);
    void *opaque;
} cpu_gic_hooks_t;

/* HVC/SMC with no EL2/EL3: the board's firmware (PSCI) answers. Return true
 * when the call was handled (results already in x0..x3); false makes the
 * instruction UNDEFINED, as on hardware without the exception level. The hook
 * may call cpu_request_exit() to stop the machine. */
typedef bool (*cpu_firmware_call_fn)(void *opaque, cpu_t *cpu, bool is_smc, uint16_t imm);

cpu_t *cpu_create(physmap_t *pm, cpu_model_t model, int index);
void cpu_destroy(cpu_t *cpu);

/* Tell each of cpus[0..n-1] that they share memory (one inner-shareable
 * domain): TLBI ...IS, IC IALLUIS/IVAU, SEV and code-write tracking then
 * reach all of them (cpu/smp.h). The array must outlive the CPUs' runs. */
void cpu_set_siblings(cpu_t *const *cpus, int n);

/* -accel tcg,thread=multi (cpu/smp.c). cpu_set_threaded gives each CPU a
 * request queue: from then on another thread never touches a CPU's TLB or
 * block cache; broadcast maintenance and code-write invalidation are
 * queued for the owner, which applies them at its next block boundary (a
 * kick ends its current block chain). The host thread that runs a CPU calls
 * cpu_thread_bind once, then brackets every cpu_run with
 * cpu_thread_enter/cpu_thread_leave: between the two the CPU may execute
 * guest code; outside them it does not, and it applies its queued requests
 * in cpu_thread_enter before running anything. Returns 0 or -1 (no memory). */
int cpu_set_threaded(cpu_t *const *cpus, int n);
void cpu_thread_bind(cpu_t *cpu);
void cpu_thread_enter(cpu_t *cpu);
void cpu_thread_leave(cpu_t *cpu);

/* Architectural reset, then the arm64 Linux boot state (booting.rst): EL1h,
 * MMU and caches off, DAIF masked, PC = entry, x0 = x0_value, x1..x3 = 0. */
void cpu_reset(cpu_t *cpu, uint64_t entry, uint64_t x0_value);

/* Execute up to budget instructions (a little more: whole blocks). */
cpu_exit_t cpu_run(cpu_t *cpu, uint64_t budget);

/* Ask a running cpu_run() to return at the next block boundary (safe from a
 * device callback or a hook; the exit reason becomes CPU_EXIT_REQUEST). */
void cpu_request_exit(cpu_t *cpu);
void cpu_kick(cpu_t *cpu); /* end the current slice early, e.g. an interrupt arrived */

/* irq_handler_fn for the GIC's output wires (n = CPU_IRQ_LINE_*). */
void cpu_set_irq_line(void *cpu, int n, int level);
bool cpu_interrupt_pending(const cpu_t *cpu); /* IRQ/FIQ line high (masked or not) */

void cpu_set_gic_hooks(cpu_t *cpu, const cpu_gic_hooks_t *hooks);
void cpu_set_firmware_call(cpu_t *cpu, cpu_firmware_call_fn fn, void *opaque);
irq_line_t *cpu_timer_output(cpu_t *cpu, int which);

/* Generic timer: update the timer outputs for the current time and return
 * the host monotonic time (ns) of the next timer event, or UINT64_MAX. */
uint64_t cpu_timer_poll(cpu_t *cpu);

/* Power state, for PSCI. */
bool cpu_is_powered(const cpu_t *cpu);
void cpu_power_off(cpu_t *cpu);
int cpu_index(const cpu_t *cpu);
uint64_t cpu_mpidr(const cpu_t *cpu);

/* Register access for hooks and tests. n = 0..30; 31 reads as zero. */
uint64_t cpu_get_x(const cpu_t *cpu, int n);
void cpu_set_x(cpu_t *cpu, int n, uint64_t val);
uint64_t cpu_get_pc(const cpu_t *cpu);
uint32_t cpu_get_pstate(const cpu_t *cpu); /* SPSR format: NZCV, DAIF, EL, SP */

/* Executor: the native x86-64 backend (cpu/jit/, on by default where the
 * host allows it) or the threaded-code reference executor. Returns false
 * when the native backend was asked for but is unavailable here. */
bool cpu_set_native(cpu_t *cpu, bool on);

/* Run statistics for --stats. */
typedef struct cpu_stats {
    uint64_t insns;            /* guest instructions executed */
    uint64_t tbs_translated;
    uint64_t tb_lookups, tb_jc_hits, tb_hash_hits;
    uint64_t tb_chained;       /* block-to-block transfers that skipped the dispatcher */
    uint64_t tlb_misses;       /* TLB fills: page walks for the TLB */
    uint64_t tlb_victim_hits;  /* TLB misses served by the victim TLB (no walk) */
    uint64_t tlb_flushes;      /* TLBI operations and flushes by MMU state changes */
    uint64_t tb_flushes, tb_invalidations;
    uint64_t exceptions[64];   /* synchronous exceptions by ESR.EC */
    uint64_t irqs, fiqs;
    uint64_t translate_ns;     /* host time spent translating blocks */
    uint64_t mmio_ns;          /* host time spent in device register callbacks */
    uint64_t mmio_accesses;    /* device register accesses */
    uint64_t native_cpus;      /* 1 when this CPU runs blocks with the native backend */
    uint64_t native_blocks, native_bytes; /* blocks compiled to x86-64, bytes generated */
} cpu_stats_t;

const cpu_stats_t *cpu_get_stats(const cpu_t *cpu);

/* ---- debugger support (cpu/debug.c) ----
 * For a debugger stub (debug/gdbstub.c): everything here is called while
 * the CPU is stopped (between cpu_run() calls). Breakpoints and watchpoints
 * use guest virtual addresses of the CPU's current translation regime, as
 * GDB does; they stop the CPU with CPU_EXIT_DEBUG. */
typedef enum {
    CPU_WATCH_WRITE = 1,  /* GDB Z2 */
    CPU_WATCH_READ = 2,   /* GDB Z3 */
    CPU_WATCH_ACCESS = 3, /* GDB Z4: read or write */
} cpu_watch_kind_t;

typedef enum {
    CPU_STOP_NONE = 0,
    CPU_STOP_BREAKPOINT, /* before the instruction at addr (= PC) executed */
    CPU_STOP_STEP,       /* one instruction (or exception entry) completed */
    CPU_STOP_WATCH,      /* before the instruction (at PC) that accesses addr */
} cpu_stop_reason_t;

typedef struct cpu_debug_stop {
    cpu_stop_reason_t reason;
    uint64_t addr;        /* breakpoint PC or watched data address */
    cpu_watch_kind_t watch_kind; /* the access that hit (WRITE or READ) */
} cpu_debug_stop_t;

/* Return 0, or -1 when the table is full (add) or nothing matched (remove).
 * Adding an existing breakpoint again is allowed (it is counted once). */
int cpu_debug_add_breakpoint(cpu_t *cpu, uint64_t va);
int cpu_debug_remove_breakpoint(cpu_t *cpu, uint64_t va);
int cpu_debug_add_watchpoint(cpu_t *cpu, uint64_t va, uint64_t len, cpu_watch_kind_t kind);
int cpu_debug_remove_watchpoint(cpu_t *cpu, uint64_t va, uint64_t len, cpu_watch_kind_t kind);
void cpu_debug_clear(cpu_t *cpu); /* every breakpoint/watchpoint, and stepping */
/* While set, cpu_run() returns CPU_EXIT_DEBUG (CPU_STOP_STEP) after each
 * instruction, or after entering an exception vector instead. */
void cpu_debug_set_single_step(cpu_t *cpu, bool on);
cpu_debug_stop_t cpu_debug_stop(const cpu_t *cpu);
/* Copy guest memory at virtual address va through the current translation
 * regime (EL1's view, permissions ignored), without faulting the guest,
 * filling its TLB or touching devices: RAM only. Returns the number of
 * bytes done (less than len at the first unmapped or non-RAM byte). Writes
 * drop translated code they overwrite. */
size_t cpu_debug_read_virt(cpu_t *cpu, uint64_t va, void *buf, size_t len);
size_t cpu_debug_write_virt(cpu_t *cpu, uint64_t va, const void *buf, size_t len);

/* Registers a debugger shows: the current SP, PC, CPSR (SPSR format), the
 * 128-bit V registers (16 bytes, little-endian), FPSR and FPCR. */
uint64_t cpu_get_sp(const cpu_t *cpu);
void cpu_set_sp(cpu_t *cpu, uint64_t val);
void cpu_set_pc(cpu_t *cpu, uint64_t val);
/* Returns false (nothing changed) for a mode tinyvm cannot run: AArch32,
 * EL2/EL3, or EL0 with SPSel = 1. */
bool cpu_set_pstate(cpu_t *cpu, uint32_t spsr);
void cpu_get_vreg(const cpu_t *cpu, int n, uint8_t out[16]);
void cpu_set_vreg(cpu_t *cpu, int n, const uint8_t in[16]);
uint32_t cpu_get_fpsr(const cpu_t *cpu);
uint32_t cpu_get_fpcr(const cpu_t *cpu);
void cpu_set_fpsr(cpu_t *cpu, uint32_t val);
void cpu_set_fpcr(cpu_t *cpu, uint32_t val);

#endif
