/* vcpu_thread.h - -accel tcg,thread=multi: one host thread per vCPU.
 *
 * Each vCPU thread runs its CPU in slices without any lock. Everything a
 * device model touches is guarded by one mutex, the "big lock" (QEMU calls
 * it the BQL): MMIO callbacks (physmap's mmio_lock hook), the GIC's ICC
 * system registers, PSCI calls, the generic timer's interrupt outputs, and
 * the main thread's host I/O (console, virtio backends, RTC). A vCPU in WFI
 * with nothing pending sleeps on its condition variable (with the big lock,
 * so no wake-up is lost) until an interrupt line rises, PSCI powers it, its
 * timer deadline passes, or the machine stops: it never spins. Cross-CPU
 * maintenance (TLBI ...IS, code invalidation) does not use the big lock:
 * see cpu/smp.c. */
#ifndef TINYVM_BOARD_VCPU_THREAD_H
#define TINYVM_BOARD_VCPU_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "mem/irq.h"

typedef struct vcpu_threads vcpu_threads_t;

/* For cpus[0..n-1] (already wired, reset, siblings set). NULL on failure. */
vcpu_threads_t *vcpu_threads_create(cpu_t *const *cpus, int n, uint64_t slice);
void vcpu_threads_destroy(vcpu_threads_t *vt);

/* Route the GIC's output wires for CPU i through the threads, so that a
 * rising line also wakes the vCPU from WFI (call instead of connecting them
 * to cpu_set_irq_line directly). */
void vcpu_threads_connect(vcpu_threads_t *vt, int i, irq_line_t *irq, irq_line_t *fiq);

/* Connect a wire whose receiver (a device) must run under the big lock,
 * from a sender that may or may not hold it: the generic timer's PPIs into
 * the GIC (raised by the vCPU's own timer-register writes, without it). */
void vcpu_threads_connect_locked(vcpu_threads_t *vt, irq_line_t *line, irq_handler_fn fn,
                                 void *opaque, int n);

void vcpu_threads_start(vcpu_threads_t *vt); /* returns with the big lock NOT held */
/* Stop every vCPU at its next block boundary and join the threads. Call
 * without the big lock. */
void vcpu_threads_stop(vcpu_threads_t *vt);

void vcpu_threads_lock(vcpu_threads_t *vt);
void vcpu_threads_unlock(vcpu_threads_t *vt);
/* With the big lock: block until vCPU i's thread has parked after a PSCI
 * CPU_OFF (so CPU_ON may reset it), if it is powered off. */
void vcpu_threads_wait_parked(vcpu_threads_t *vt, int i);
/* With the big lock: let every sleeping vCPU look at its state again. */
void vcpu_threads_wake_all(vcpu_threads_t *vt);
/* With the big lock: every CPU is powered off and parked. */
bool vcpu_threads_all_off(vcpu_threads_t *vt);
/* With the big lock: the machine is ending (PSCI SYSTEM_OFF/RESET, an
 * --expect match): every vCPU stops at its next block boundary and its
 * thread ends; vcpu_threads_stop then only joins. */
void vcpu_threads_halt(vcpu_threads_t *vt);
/* --stats, after vcpu_threads_stop(): the vCPUs' host time inside cpu_run(),
 * summed over all of them. */
uint64_t vcpu_threads_run_ns(vcpu_threads_t *vt);

#endif
