/* stats.h - --stats: what the machine prints about a run when it ends.
 *
 * Counting is cheap enough to leave on: the CPU keeps plain counters in
 * cpu_stats_t (cpu/cpu.h), host time is read with clock_gettime() only at
 * coarse points (around cpu_run() slices and the main loop's poll(), around
 * block translation and device register callbacks). */
#ifndef TINYVM_BOARD_STATS_H
#define TINYVM_BOARD_STATS_H

#include <stdint.h>
#include <stdio.h>

#include "cpu/cpu.h"

/* Host time of one machine's life, split by the main loop (machine.c). */
typedef struct machine_times {
    uint64_t wall_ns;   /* from the first slice to the end */
    uint64_t run_ns;    /* inside cpu_run(): executing, translating, device callbacks */
    uint64_t idle_ns;   /* asleep in poll() waiting for a timer or host input (WFI) */
    uint64_t device_ns; /* main-loop device work: timers, RTC, console and network I/O */
} machine_times_t;

/* Per-machine totals over n CPUs (SMP: the sum of every vCPU's counters). */
void stats_sum_cpus(cpu_t *const *cpus, int n, cpu_stats_t *sum);

/* The --stats report for counters s and times t (the virtio lines follow,
 * from board_virtio_print_stats()). */
void stats_print(FILE *f, const cpu_stats_t *s, const machine_times_t *t);

#endif
