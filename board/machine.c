/* machine.c - the virt board and its main loop.
 *
 * One host thread runs everything (DESIGN.md "Time and the main loop"): the
 * CPUs execute in slices of instructions, round-robin (-accel
 * tcg,thread=single); between rounds the loop polls the host (console input)
 * and lets timers fire. A CPU waiting for an interrupt (WFI) is skipped until
 * one is pending; when every powered CPU waits, the loop sleeps in poll()
 * until the next timer deadline or host input, so an idle guest costs no
 * host CPU.
 */
#include "machine.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "board/board_display.h"
#include "board/board_virtio.h"
#include "board/boot.h"
#include "board/console_watch.h"
#include "board/psci.h"
#include "board/stats.h"
#include "board/vcpu_thread.h"
#include "board/virt.h"
#include "cpu/cpu.h"
#include "debug/gdb_server.h"
#include "devices/gicv3.h"
#include "devices/pl011.h"
#include "devices/pl031.h"
#include "mem/physmap.h"

#define SLICE_INSNS 200000 /* between host polls: ~1-2 ms of guest time */

typedef struct machine {
    const vm_options_t *opts;
    physmap_t pm;
    cpu_t *cpu;            /* the boot CPU, cpus[0] */
    int ncpus;             /* -smp */
    cpu_t *cpus[VIRT_MAX_CPUS];
    bool waiting[VIRT_MAX_CPUS]; /* in WFI: not run until an interrupt is pending */
    cpu_t *running;        /* the CPU inside cpu_run(), for stop_cpu() */
    vcpu_threads_t *vt;    /* -accel thread=multi: a host thread per vCPU; else NULL */
    gicv3_t *gic;
    pl011_t *uart;
    pl031_t *rtc;
    psci_t psci;
    console_t *console;
    console_watch_t *watch;
    uint64_t deadline_ns;  /* --timeout: host time at which to give up, or 0 */
    bool quit;
    /* virtio (board/board_virtio.h): backends outlive reboots, devices do not */
    virtio_backends_t *vb;
    board_virtio_t *virtio;
    pollset_t ps;          /* poll_host()'s fds: console first, then backends' */
    machine_times_t times; /* --stats: where the host time went */
    gdb_server_t *gdb;     /* -gdb/-s: the debugger stub (outlives reboots), or NULL */
    /* -display sdl (board/board_display.h): NULL without a display */
    board_display_t *display;
} machine_t;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static cpu_model_t cpu_model_of(vm_cpu_model_t m)
{
    switch (m) {
    case VM_CPU_CORTEX_A53: return CPU_MODEL_CORTEX_A53;
    case VM_CPU_CORTEX_A72: return CPU_MODEL_CORTEX_A72;
    case VM_CPU_MAX: return CPU_MODEL_MAX;
    default: return CPU_MODEL_CORTEX_A57;
    }
}

/* The console watch matched: stop the CPU that printed. */
static void stop_cpu(void *opaque)
{
    machine_t *m = opaque;
    if (m->vt)
        vcpu_threads_halt(m->vt); /* under the big lock (UART); the main loop sees the match */
    else if (m->running)
        cpu_request_exit(m->running);
}

/* GIC CPU interface glue: cpu/ and devices/ never include each other.
 * With a thread per vCPU the GIC is shared state: under the big lock. */
static bool gic_implemented(uint32_t reg) { return gicv3_icc_is_implemented(reg); }
static uint64_t gic_read(void *o, int cpu, uint32_t reg)
{
    machine_t *m = o;
    if (m->vt)
        vcpu_threads_lock(m->vt);
    uint64_t v = gicv3_icc_read(m->gic, cpu, reg);
    if (m->vt)
        vcpu_threads_unlock(m->vt);
    return v;
}
static void gic_write(void *o, int cpu, uint32_t reg, uint64_t v)
{
    machine_t *m = o;
    if (m->vt)
        vcpu_threads_lock(m->vt);
    gicv3_icc_write(m->gic, cpu, reg, v);
    if (m->vt)
        vcpu_threads_unlock(m->vt);
}

/* physmap's MMIO lock hook (thread=multi). */
static void mmio_lock(void *o, bool lock)
{
    machine_t *m = o;
    if (lock)
        vcpu_threads_lock(m->vt);
    else
        vcpu_threads_unlock(m->vt);
}

/* PSCI with a thread per vCPU: under the big lock. CPU_ON of a CPU that
 * has just turned itself off waits until its thread has parked, so the
 * reset never races with the end of that CPU's last slice; afterwards every
 * sleeping vCPU looks at its power state again. */
static bool psci_call_threaded(void *o, cpu_t *cpu, bool is_smc, uint16_t imm)
{
    machine_t *m = o;
    vcpu_threads_lock(m->vt);
    uint32_t fn = (uint32_t)cpu_get_x(cpu, 0);
    if (fn == PSCI_FN_CPU_ON || fn == PSCI_FN64_CPU_ON) {
        uint64_t want = cpu_get_x(cpu, 1) & 0xff00ffffffull;
        for (int i = 0; i < m->ncpus; i++)
            if ((cpu_mpidr(m->cpus[i]) & 0xff00ffffffull) == want)
                vcpu_threads_wait_parked(m->vt, i);
    }
    bool handled = psci_call(&m->psci, cpu, is_smc, imm);
    if (m->psci.event != PSCI_EVENT_NONE)
        vcpu_threads_halt(m->vt); /* SYSTEM_OFF/RESET: no CPU runs on */
    vcpu_threads_wake_all(m->vt);
    vcpu_threads_unlock(m->vt);
    return handled;
}

static void machine_destroy(machine_t *m)
{
    board_display_destroy(m->display); /* detaches the window from the devices below */
    if (m->vt)
        m->pm.mmio_lock = NULL;
    board_virtio_destroy(m->virtio); /* before the GIC and RAM it uses */
    pollset_free(&m->ps);
    for (int i = 0; i < m->ncpus; i++)
        cpu_destroy(m->cpus[i]);
    pl011_destroy(m->uart);
    pl031_destroy(m->rtc);
    gicv3_destroy(m->gic);
    physmap_destroy(&m->pm);
    free(m->psci.cpus);
    vcpu_threads_destroy(m->vt);
}

/* Create the board and load the guest. Returns 0 or an exit status. */
static int machine_create(machine_t *m, const vm_options_t *o, console_t *console,
                          console_watch_t *watch, virtio_backends_t *vb, display_t *win)
{
    memset(m, 0, sizeof(*m));
    m->vb = vb;
    m->opts = o;
    m->console = console;
    m->watch = watch;
    if (physmap_init(&m->pm, VIRT_RAM_BASE, o->ram_size) != 0) {
        fprintf(stderr, "tinyvm: -m: cannot reserve %llu MiB of guest RAM: %s\n",
                (unsigned long long)(o->ram_size >> 20), strerror(errno));
        return VM_EXIT_INTERNAL;
    }
    int ncpus = o->smp;
    m->ncpus = ncpus;
    m->gic = gicv3_create(&m->pm, ncpus, VIRT_GIC_DIST_BASE, VIRT_GIC_REDIST_BASE, 256);
    irq_line_t uart_irq = { gicv3_set_spi, m->gic, VIRT_UART_INTID };
    irq_line_t rtc_irq = { gicv3_set_spi, m->gic, VIRT_RTC_INTID };
    m->uart = m->gic ? pl011_create(&m->pm, VIRT_UART_BASE, uart_irq, console_watch_tx, watch) : NULL;
    m->rtc = m->gic ? pl031_create(&m->pm, VIRT_RTC_BASE, rtc_irq, NULL, NULL) /* host clock */ : NULL;
    bool cpus_ok = true;
    for (int i = 0; i < ncpus; i++) {
        /* cpu_create gives CPU i MPIDR affinity virt_cpu_mpidr_aff(i), the
         * GIC's default affinity for redistributor i; secondaries start
         * powered off, waiting for PSCI CPU_ON. */
        m->cpus[i] = cpu_create(&m->pm, cpu_model_of(o->cpu), i);
        cpus_ok = cpus_ok && m->cpus[i];
        /* -accel backend= (cpu_create chose native where it can). */
        if (m->cpus[i] && !cpu_set_native(m->cpus[i], o->accel_backend != VM_ACCEL_BACKEND_THREADED) &&
            o->accel_backend == VM_ACCEL_BACKEND_NATIVE) {
            fprintf(stderr, "tinyvm: -accel backend=native: the native backend is not available "
                    "on this host (x86-64 with executable memory); use backend=threaded\n");
            return VM_EXIT_INTERNAL;
        }
    }
    m->cpu = m->cpus[0];
    m->psci.cpus = calloc((size_t)ncpus, sizeof(cpu_t *));
    if (!m->gic || !m->uart || !m->rtc || !cpus_ok || !m->psci.cpus) {
        fprintf(stderr, "tinyvm: internal error: cannot create the virt board devices\n");
        return VM_EXIT_INTERNAL;
    }
    cpu_set_siblings(m->cpus, ncpus);
    watch->on_match = stop_cpu;
    watch->on_match_opaque = m;
    m->psci.ncpus = ncpus;

    /* Wiring, per CPU: GIC CPU interface i -> CPU i's IRQ/FIQ, CPU i's timer
     * -> PPIs of redistributor i (non-secure physical timer INTID 30,
     * virtual timer INTID 27), the GIC's ICC registers, PSCI. */
    cpu_gic_hooks_t hooks = { gic_implemented, gic_read, gic_write, m };
    /* -accel thread=multi (the default with several CPUs on a host with
     * several cores): a host thread per vCPU (board/vcpu_thread.h). */
    /* Under a debugger (-gdb/-s) the vCPUs run round-robin on one thread:
     * the stub stops and steps the whole machine between slices. */
    bool multi = ncpus > 1 && !o->gdb && (o->accel_thread == VM_ACCEL_THREAD_MULTI ||
                               (o->accel_thread == VM_ACCEL_THREAD_DEFAULT &&
                                sysconf(_SC_NPROCESSORS_ONLN) >= 2));
    if (multi) {
        m->vt = vcpu_threads_create(m->cpus, ncpus, SLICE_INSNS);
        if (!m->vt) {
            fprintf(stderr, "tinyvm: internal error: cannot set up the vCPU threads\n");
            return VM_EXIT_INTERNAL;
        }
        m->pm.mmio_lock = mmio_lock;
        m->pm.mmio_lock_opaque = m;
    }
    for (int i = 0; i < ncpus; i++) {
        cpu_t *c = m->cpus[i];
        m->psci.cpus[i] = c;
        if (m->vt) {
            vcpu_threads_connect(m->vt, i, gicv3_cpu_irq_line(m->gic, i), gicv3_cpu_fiq_line(m->gic, i));
        } else {
            irq_connect(gicv3_cpu_irq_line(m->gic, i), cpu_set_irq_line, c, CPU_IRQ_LINE_IRQ);
            irq_connect(gicv3_cpu_fiq_line(m->gic, i), cpu_set_irq_line, c, CPU_IRQ_LINE_FIQ);
        }
        int ppi_phys = i * 32 + VIRT_GIC_PPI_INTID(VIRT_TIMER_PHYS_PPI);
        int ppi_virt = i * 32 + VIRT_GIC_PPI_INTID(VIRT_TIMER_VIRT_PPI);
        if (m->vt) {
            vcpu_threads_connect_locked(m->vt, cpu_timer_output(c, CPU_TIMER_PHYS), gicv3_set_ppi, m->gic, ppi_phys);
            vcpu_threads_connect_locked(m->vt, cpu_timer_output(c, CPU_TIMER_VIRT), gicv3_set_ppi, m->gic, ppi_virt);
        } else {
            irq_connect(cpu_timer_output(c, CPU_TIMER_PHYS), gicv3_set_ppi, m->gic, ppi_phys);
            irq_connect(cpu_timer_output(c, CPU_TIMER_VIRT), gicv3_set_ppi, m->gic, ppi_virt);
        }
        cpu_set_gic_hooks(c, &hooks);
        if (m->vt)
            cpu_set_firmware_call(c, psci_call_threaded, m);
        else
            cpu_set_firmware_call(c, psci_call, &m->psci);
    }

    /* ---- virtio-mmio devices on slots 0.. in command-line order ---- */
    m->virtio = board_virtio_create(o, vb, &m->pm, m->gic);
    if (!m->virtio)
        return VM_EXIT_INTERNAL;
    /* ---- -display sdl: framebuffer window, power button ---- */
    bool display_err;
    m->display = board_display_create(o, win, &m->pm, m->gic, m->virtio, &display_err);
    if (display_err)
        return VM_EXIT_INTERNAL;

    boot_config_t bc;
    boot_config_from_options(&bc, o);
    bc.machine.virtio_slots = board_virtio_slots(o);
    boot_info_t bi;
    char err[512];
    int rc = boot_prepare(&bc, &m->pm, &bi, err, sizeof(err));
    if (rc != 0) {
        fprintf(stderr, "tinyvm: %s\n", err);
        return rc;
    }
    cpu_reset(m->cpu, bi.entry, bi.dtb_addr);
    boot_info_free(&bi);
    return 0;
}

/* Feed console input to the UART; wait at most timeout_ms for something to
 * happen (timeout_ms 0: just look). */
static void poll_host(machine_t *m, int timeout_ms)
{
    struct pollfd pfd = { .fd = console_fd(m->console), .events = POLLIN };
    /* Input the UART cannot take yet stays in the host's buffer: it waits,
     * it is never dropped. */
    bool want_input = pfd.fd >= 0 && pl011_rx_space(m->uart) > 0;
    if (!want_input)
        pfd.fd = -1;
    /* ---- virtio backends (user networking) join the same poll() ---- */
    pollset_clear(&m->ps);
    int con = pollset_add(&m->ps, pfd.fd, pfd.events);
    virtio_backends_poll_fill(m->vb, &m->ps, &timeout_ms);
    /* GDB's socket: a Ctrl-C (or a new debugger) must be seen while the guest runs. */
    int gdb = m->gdb ? pollset_add(&m->ps, gdb_server_poll_fd(m->gdb), POLLIN) : -1;
    if (m->vt && timeout_ms != 0)
        vcpu_threads_unlock(m->vt); /* the vCPUs' devices stay usable while we sleep */
    uint64_t t0 = now_ns();
    int n = poll(m->ps.fds, m->ps.n, timeout_ms);
    /* A poll() that may sleep is idle time; the main loop counts the rest
     * of its work outside cpu_run() as device work. */
    if (timeout_ms != 0)
        m->times.idle_ns += now_ns() - t0;
    if (m->vt && timeout_ms != 0)
        vcpu_threads_lock(m->vt);
    pfd.revents = con >= 0 ? m->ps.fds[con].revents : 0;
    virtio_backends_poll_done(m->vb, &m->ps, n < 0);
    if (gdb >= 0 && n > 0)
        gdb_server_poll_done(m->gdb, m->ps.fds[gdb].revents);
    /* ---- */
    if (n > 0 && (pfd.revents & (POLLIN | POLLHUP | POLLERR))) {
        uint8_t buf[64];
        size_t max = pl011_rx_space(m->uart);
        if (max > sizeof(buf))
            max = sizeof(buf);
        console_event_t ev = CONSOLE_EV_NONE;
        size_t got = console_read(m->console, buf, max, &ev);
        if (got)
            pl011_receive(m->uart, buf, got);
        if (ev == CONSOLE_EV_QUIT)
            m->quit = true;
    }
}

enum { LOOP_QUIT = -1, LOOP_WATCH = -2, LOOP_TIMEOUT = -3, LOOP_GDB_KILL = -4, LOOP_WINDOW_QUIT = -5 };

/* Run until something ends the machine. Returns a PSCI event or LOOP_*.
 * Each round gives every runnable CPU one slice (thread=single): powered,
 * and not waiting in WFI with nothing pending. With -smp 1 it is one
 * cpu_run() per round, as before SMP. */
static int machine_loop(machine_t *m)
{
    for (;;) {
        /* The debugger may hold the machine here (Ctrl-C, -S, a new
         * connection), even while every CPU sleeps in WFI. */
        if (m->gdb && gdb_server_sync(m->gdb, m->cpu, CPU_EXIT_BUDGET) == GDB_SYNC_KILL)
            return LOOP_GDB_KILL;
        bool all_idle = true, any_on = false;
        for (int i = 0; i < m->ncpus; i++) {
            cpu_t *c = m->cpus[i];
            if (!cpu_is_powered(c))
                continue;
            any_on = true;
            if (m->waiting[i] && !cpu_interrupt_pending(c))
                continue;
            m->running = c;
            uint64_t t0 = now_ns();
            cpu_exit_t why = cpu_run(c, SLICE_INSNS);
            m->times.run_ns += now_ns() - t0; /* not the time a debugger holds us */
            m->running = NULL;
            m->waiting[i] = why == CPU_EXIT_WFI;
            if (m->watch->result != WATCH_NONE)
                return LOOP_WATCH;
            if (m->psci.event != PSCI_EVENT_NONE)
                return m->psci.event;
            if (why != CPU_EXIT_WFI && why != CPU_EXIT_HALTED)
                all_idle = false;
            /* A breakpoint, watchpoint or step of this CPU stops the machine. */
            if (m->gdb && gdb_server_sync(m->gdb, c, why) == GDB_SYNC_KILL)
                return LOOP_GDB_KILL;
        }
        uint64_t t1 = now_ns();
        if (!any_on) {
            /* Every CPU turned itself off (PSCI CPU_OFF): nothing can
             * wake them, so the machine is off. */
            return PSCI_EVENT_SYSTEM_OFF;
        }
        pl031_poll(m->rtc);
        uint64_t deadline = UINT64_MAX;
        for (int i = 0; i < m->ncpus; i++) {
            uint64_t d = cpu_timer_poll(m->cpus[i]);
            if (d < deadline)
                deadline = d;
            /* A CPU just powered on by CPU_ON, or woken by an interrupt
             * (a timer just now, an SGI from a CPU that ran after it),
             * runs in the next round: do not sleep. */
            if (cpu_is_powered(m->cpus[i]) && (!m->waiting[i] || cpu_interrupt_pending(m->cpus[i])))
                all_idle = false;
        }
        /* The window's events and refresh; its next frame bounds the sleep. */
        uint64_t display_at = m->display ? board_display_poll(m->display, now_ns()) : UINT64_MAX;
        int timeout = 0;
        if (all_idle) {
            /* Sleep until the next timer event or host input. */
            uint64_t now = now_ns();
            int64_t rtc_ns = pl031_ns_until_match(m->rtc);
            uint64_t wait_ns = deadline == UINT64_MAX ? UINT64_MAX : (deadline > now ? deadline - now : 0);
            if (rtc_ns >= 0 && (uint64_t)rtc_ns < wait_ns)
                wait_ns = (uint64_t)rtc_ns;
            if (display_at != UINT64_MAX && (display_at > now ? display_at - now : 0) < wait_ns)
                wait_ns = display_at > now ? display_at - now : 0;
            if (m->deadline_ns && m->deadline_ns - now < wait_ns)
                wait_ns = m->deadline_ns > now ? m->deadline_ns - now : 0;
            timeout = wait_ns == UINT64_MAX ? -1 : (int)((wait_ns + 999999) / 1000000);
            if (timeout > 1000 || timeout < 0)
                timeout = 1000; /* look around once a second regardless */
        }
        uint64_t idle_before = m->times.idle_ns;
        poll_host(m, timeout);
        if (timeout)
            for (int i = 0; i < m->ncpus; i++)
                cpu_timer_poll(m->cpus[i]);
        m->times.device_ns += now_ns() - t1 - (m->times.idle_ns - idle_before);
        if (m->quit)
            return LOOP_QUIT;
        if (board_display_quit(m->display))
            return LOOP_WINDOW_QUIT;
        if (m->deadline_ns && now_ns() >= m->deadline_ns)
            return LOOP_TIMEOUT;
    }
}

/* The main thread with a host thread per vCPU: it keeps the host I/O (poll),
 * the RTC and the decisions that end the machine; the vCPUs run and sleep on
 * their own (board/vcpu_thread.c). It holds the big lock except inside
 * poll(), and looks around at least every 10 ms (a PSCI SYSTEM_OFF or an
 * --expect match is noticed within that). */
static int machine_loop_threaded(machine_t *m)
{
    int ev = 0;
    vcpu_threads_start(m->vt);
    vcpu_threads_lock(m->vt);
    for (;;) {
        if (m->watch->result != WATCH_NONE) { ev = LOOP_WATCH; break; }
        if (m->psci.event != PSCI_EVENT_NONE) { ev = m->psci.event; break; }
        if (vcpu_threads_all_off(m->vt)) { ev = PSCI_EVENT_SYSTEM_OFF; break; }
        pl031_poll(m->rtc);
        int timeout = 10;
        int64_t rtc_ns = pl031_ns_until_match(m->rtc);
        if (rtc_ns >= 0 && rtc_ns < 10000000)
            timeout = (int)((rtc_ns + 999999) / 1000000);
        /* The window's events and refresh (under the big lock: they feed
         * the input devices); its next frame bounds the sleep. */
        if (m->display) {
            uint64_t now = now_ns(), at = board_display_poll(m->display, now);
            int ms = at <= now ? 0 : (int)((at - now + 999999) / 1000000);
            if (at != UINT64_MAX && ms < timeout)
                timeout = ms;
        }
        poll_host(m, timeout);
        if (m->quit) { ev = LOOP_QUIT; break; }
        if (board_display_quit(m->display)) { ev = LOOP_WINDOW_QUIT; break; }
        if (m->deadline_ns && now_ns() >= m->deadline_ns) { ev = LOOP_TIMEOUT; break; }
    }
    vcpu_threads_unlock(m->vt);
    vcpu_threads_stop(m->vt);
    return ev;
}

static int machine_run_watched(const vm_options_t *o, console_t *console, console_watch_t *watch,
                               virtio_backends_t *vb, gdb_server_t *gdb, display_t *win)
{
    /* --timeout counts from the start, across guest reboots. */
    uint64_t deadline = o->timeout > 0 ? now_ns() + (uint64_t)(o->timeout * 1e9) : 0;
    for (;;) {
        machine_t m;
        int rc = machine_create(&m, o, console, watch, vb, win);
        if (rc != 0) {
            machine_destroy(&m);
            return rc;
        }
        m.deadline_ns = deadline;
        m.gdb = gdb;
        if (gdb)
            gdb_server_attach(gdb, m.cpus, m.ncpus);
        uint64_t t0 = now_ns();
        int ev = m.vt ? machine_loop_threaded(&m) : machine_loop(&m);
        if (o->stats) {
            m.times.wall_ns = now_ns() - t0;
            if (m.vt) {
                /* A thread per vCPU: the split is the vCPUs' average (the
                 * main thread's device work runs beside them). */
                m.times.run_ns = vcpu_threads_run_ns(m.vt) / (uint64_t)m.ncpus;
                m.times.idle_ns = m.times.wall_ns > m.times.run_ns ? m.times.wall_ns - m.times.run_ns : 0;
                m.times.device_ns = 0;
            }
            cpu_stats_t sum;
            stats_sum_cpus(m.cpus, m.ncpus, &sum);
            if (m.vt) { /* as above: per-vCPU averages of the time counters */
                sum.translate_ns /= (uint64_t)m.ncpus;
                sum.mmio_ns /= (uint64_t)m.ncpus;
            }
            stats_print(stderr, &sum, &m.times);
            board_virtio_print_stats(m.virtio, stderr);
        }
        if (gdb)
            gdb_server_attach(gdb, NULL, 0); /* its CPUs are about to go */
        machine_destroy(&m);
        switch (ev) {
        case PSCI_EVENT_SYSTEM_RESET:
            if (o->no_reboot)
                return VM_EXIT_RESET;
            continue; /* a fresh board, the same images: a reboot */
        case LOOP_QUIT:
            fprintf(stderr, "tinyvm: quit at the user's request (Ctrl-A x)\n");
            return VM_EXIT_OK;
        case LOOP_GDB_KILL:
            fprintf(stderr, "tinyvm: killed by the debugger\n");
            return VM_EXIT_OK;
        case LOOP_WINDOW_QUIT: /* board_display.c said why */
            return VM_EXIT_OK;
        case LOOP_WATCH:
            if (watch->result == WATCH_FAILED) {
                fprintf(stderr, "tinyvm: --fail-on: console matched '%s'\n", watch->matched);
                return VM_EXIT_FAIL_ON;
            }
            return VM_EXIT_OK;
        case LOOP_TIMEOUT:
            fprintf(stderr, "tinyvm: --timeout: %g seconds passed%s; last console lines:\n",
                    o->timeout, o->expect ? " without a match for --expect" : "");
            console_watch_print_tail(watch, stderr);
            return VM_EXIT_TIMEOUT;
        default:
            return VM_EXIT_OK;
        }
    }
}

int machine_run(const vm_options_t *o, console_t *console)
{
    console_watch_t watch;
    if (console_watch_init(&watch, o, console) != 0) {
        fprintf(stderr, "tinyvm: --expect/--fail-on: cannot compile a pattern\n");
        return VM_EXIT_USAGE;
    }
    /* Disk images and user networks: opened once, kept across reboots,
     * synced and closed at the end (board/board_virtio.h). */
    virtio_backends_t *vb;
    int rc = virtio_backends_open(o, &vb);
    /* -gdb/-s: listen before the guest starts; the debugger stays across reboots. */
    gdb_server_t *gdb = NULL;
    if (rc == 0 && o->gdb) {
        char err[400];
        gdb = gdb_server_open(o->gdb, o->gdb_wait, err, sizeof(err));
        if (!gdb) {
            fprintf(stderr, "tinyvm: -gdb: %s\n", err);
            rc = VM_EXIT_USAGE;
        } else if (o->gdb_wait) {
            fprintf(stderr, "tinyvm: -S: waiting for GDB to connect (%s) and continue\n", o->gdb);
        }
    }
    display_t *win = rc == 0 ? board_display_open(o) : NULL; /* NULL: headless */
    if (rc == 0)
        rc = machine_run_watched(o, console, &watch, vb, gdb, win);
    display_close(win);
    gdb_server_close(gdb);
    virtio_backends_close(vb);
    console_watch_destroy(&watch);
    return rc;
}
