/* vcpu_thread.c - one host thread per vCPU (vcpu_thread.h). */
#include "vcpu_thread.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

typedef struct vcpu {
    cpu_t *cpu;
    pthread_t thread;
    pthread_cond_t cond;     /* signalled with the big lock held */
    bool waiting;            /* its last slice ended in WFI */
    bool parked;             /* powered off and asleep */
    bool started;
    uint64_t run_ns;         /* --stats: host time inside cpu_run() */
    struct vcpu_threads *vt;
} vcpu_t;

/* A wire into a device that must be driven under the big lock. */
typedef struct locked_wire {
    struct vcpu_threads *vt;
    irq_handler_fn fn;
    void *opaque;
} locked_wire_t;

#define WIRES_PER_CPU 4

struct vcpu_threads {
    pthread_mutex_t big_lock;
    locked_wire_t *wires;
    int nwires;
    pthread_cond_t parked_cond;
    uint64_t slice;
    int stop;                /* read without the lock by nobody: set under it */
    int n;
    vcpu_t v[];
};

vcpu_threads_t *vcpu_threads_create(cpu_t *const *cpus, int n, uint64_t slice)
{
    vcpu_threads_t *vt = calloc(1, sizeof(*vt) + (size_t)n * sizeof(vt->v[0]));
    if (!vt)
        return NULL;
    pthread_mutex_init(&vt->big_lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* timer deadlines are CLOCK_MONOTONIC */
    pthread_cond_init(&vt->parked_cond, &ca);
    vt->slice = slice;
    vt->n = n;
    vt->wires = calloc((size_t)n * WIRES_PER_CPU, sizeof(vt->wires[0]));
    for (int i = 0; i < n; i++) {
        vt->v[i].cpu = cpus[i];
        vt->v[i].vt = vt;
        pthread_cond_init(&vt->v[i].cond, &ca);
    }
    pthread_condattr_destroy(&ca);
    if (!vt->wires || cpu_set_threaded(cpus, n) != 0) {
        vcpu_threads_destroy(vt);
        return NULL;
    }
    return vt;
}

void vcpu_threads_destroy(vcpu_threads_t *vt)
{
    if (!vt)
        return;
    for (int i = 0; i < vt->n; i++)
        pthread_cond_destroy(&vt->v[i].cond);
    pthread_cond_destroy(&vt->parked_cond);
    pthread_mutex_destroy(&vt->big_lock);
    free(vt->wires);
    free(vt);
}

/* How many times this thread holds the big lock: a path that may be reached
 * both with and without it (the timer's PPI: from the vCPU's own MSR to a
 * timer register, or from its timer poll under the lock) takes it only if
 * not held. Condition-variable waits happen at depth 1 only. */
static _Thread_local int lock_depth;

void vcpu_threads_lock(vcpu_threads_t *vt)
{
    if (lock_depth++ == 0)
        pthread_mutex_lock(&vt->big_lock);
}

void vcpu_threads_unlock(vcpu_threads_t *vt)
{
    if (--lock_depth == 0)
        pthread_mutex_unlock(&vt->big_lock);
}

static void locked_wire(void *opaque, int n, int level)
{
    locked_wire_t *w = opaque;
    vcpu_threads_lock(w->vt);
    w->fn(w->opaque, n, level);
    vcpu_threads_unlock(w->vt);
}

void vcpu_threads_connect_locked(vcpu_threads_t *vt, irq_line_t *line, irq_handler_fn fn,
                                 void *opaque, int n)
{
    if (vt->nwires >= vt->n * WIRES_PER_CPU)
        return; /* never: the board connects at most WIRES_PER_CPU per CPU */
    locked_wire_t *w = &vt->wires[vt->nwires++];
    w->vt = vt;
    w->fn = fn;
    w->opaque = opaque;
    irq_connect(line, locked_wire, w, n);
}

/* The GIC drives these with the big lock held. */
static void vcpu_irq(void *opaque, int n, int level)
{
    vcpu_t *v = opaque;
    cpu_set_irq_line(v->cpu, n, level);
    if (level)
        pthread_cond_signal(&v->cond);
}

void vcpu_threads_connect(vcpu_threads_t *vt, int i, irq_line_t *irq, irq_line_t *fiq)
{
    irq_connect(irq, vcpu_irq, &vt->v[i], CPU_IRQ_LINE_IRQ);
    irq_connect(fiq, vcpu_irq, &vt->v[i], CPU_IRQ_LINE_FIQ);
}

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void wait_until(vcpu_t *v, uint64_t deadline_ns)
{
    /* Look around at least once a second regardless. */
    uint64_t cap = mono_ns() + 1000000000ull;
    if (deadline_ns > cap)
        deadline_ns = cap;
    struct timespec ts = { (time_t)(deadline_ns / 1000000000ull), (long)(deadline_ns % 1000000000ull) };
    pthread_cond_timedwait(&v->cond, &v->vt->big_lock, &ts);
}

static void *vcpu_main(void *arg)
{
    vcpu_t *v = arg;
    vcpu_threads_t *vt = v->vt;
    cpu_t *c = v->cpu;
    cpu_thread_bind(c);
    vcpu_threads_lock(vt);
    for (;;) {
        /* Sleep while off, or in WFI with nothing pending. */
        for (;;) {
            if (vt->stop)
                goto out;
            uint64_t deadline = cpu_timer_poll(c); /* may raise this CPU's PPIs */
            if (!cpu_is_powered(c)) {
                v->parked = true;
                pthread_cond_broadcast(&vt->parked_cond);
                pthread_cond_wait(&v->cond, &vt->big_lock);
                continue;
            }
            v->parked = false;
            if (v->waiting && !cpu_interrupt_pending(c)) {
                wait_until(v, deadline);
                continue;
            }
            break;
        }
        vcpu_threads_unlock(vt);
        cpu_thread_enter(c);
        uint64_t t0 = mono_ns();
        cpu_exit_t why = cpu_run(c, vt->slice);
        v->run_ns += mono_ns() - t0;
        cpu_thread_leave(c);
        vcpu_threads_lock(vt);
        v->waiting = why == CPU_EXIT_WFI;
    }
out:
    v->parked = true;
    pthread_cond_broadcast(&vt->parked_cond);
    vcpu_threads_unlock(vt);
    return NULL;
}

void vcpu_threads_start(vcpu_threads_t *vt)
{
    for (int i = 0; i < vt->n; i++)
        vt->v[i].started = pthread_create(&vt->v[i].thread, NULL, vcpu_main, &vt->v[i]) == 0;
}

void vcpu_threads_halt(vcpu_threads_t *vt)
{
    vt->stop = 1;
    for (int i = 0; i < vt->n; i++)
        cpu_request_exit(vt->v[i].cpu);
    vcpu_threads_wake_all(vt);
    pthread_cond_broadcast(&vt->parked_cond);
}

void vcpu_threads_stop(vcpu_threads_t *vt)
{
    vcpu_threads_lock(vt);
    vcpu_threads_halt(vt);
    vcpu_threads_unlock(vt);
    for (int i = 0; i < vt->n; i++)
        if (vt->v[i].started)
            pthread_join(vt->v[i].thread, NULL);
}

void vcpu_threads_wait_parked(vcpu_threads_t *vt, int i)
{
    vcpu_t *v = &vt->v[i];
    while (!cpu_is_powered(v->cpu) && !v->parked && !vt->stop)
        pthread_cond_wait(&vt->parked_cond, &vt->big_lock);
}

void vcpu_threads_wake_all(vcpu_threads_t *vt)
{
    for (int i = 0; i < vt->n; i++)
        pthread_cond_signal(&vt->v[i].cond);
}

bool vcpu_threads_all_off(vcpu_threads_t *vt)
{
    for (int i = 0; i < vt->n; i++)
        if (cpu_is_powered(vt->v[i].cpu) || !vt->v[i].parked)
            return false;
    return true;
}

uint64_t vcpu_threads_run_ns(vcpu_threads_t *vt)
{
    uint64_t sum = 0;
    for (int i = 0; i < vt->n; i++)
        sum += vt->v[i].run_ns;
    return sum;
}
