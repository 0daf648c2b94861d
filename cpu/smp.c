/* smp.c - broadcast maintenance and code tracking across CPUs (smp.h).
 *
 * Single-thread mode (-accel tcg,thread=single): every CPU runs on the one
 * board thread, so while one executes the others are between slices and an
 * operation is applied to each sibling directly.
 *
 * Multi-thread mode (thread=multi): each CPU has a host thread of its own
 * and its TLB, block cache and jump cache are touched only by that thread
 * (the fast path reads them without locks). Work for another CPU is queued
 * in its struct smp_queue and the owner applies it:
 *   - the requester appends under the queue's mutex (a leaf lock), bumps
 *     req_gen and, if the target is executing guest code (in_guest), kicks
 *     it: exit_request makes cpu_run return at the next block boundary
 *     (icount_limit = 0 stops a chain of blocks at its next jump);
 *   - the target applies its queue in cpu_thread_enter, before it runs any
 *     guest instruction, and publishes done_gen;
 *   - a synchronous request (TLBI ...IS, IC IVAU, IC IALLUIS: the issuing
 *     CPU's DSB must find them complete on every PE) waits until the target
 *     has applied it (done_gen) or is not executing guest code (in_guest = 0:
 *     it will apply the request before it runs again). The Dekker pair
 *     "requester: store req_gen; load in_guest / target: store in_guest;
 *     load req_gen", both sequentially consistent, makes one of the two see
 *     the other. While it waits, the requester applies its own queue, so
 *     two CPUs flushing each other cannot deadlock.
 * Code writes and "page now holds code" protection are asynchronous: the
 * architecture lets another PE run the old instructions until its own
 * context synchronisation after the writer's IC maintenance, which is
 * synchronous. Blocks are only ever freed by their owner (its arena flush),
 * so no CPU can run a block another thread freed.
 */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "smp.h"
#include "tb.h"

bool tb_page_has_code(cpu_t *cpu, uint64_t ppage);

enum { REQ_TLBI, REQ_TB_INVAL, REQ_PROTECT, REQ_TB_FLUSH };
#define SMP_QUEUE_LEN 64
#define SMP_WAIT_MAX 64 /* CPUs a broadcast waits for together */

typedef struct smp_req {
    uint8_t kind;
    uint32_t enc;
    uint64_t a, b;
} smp_req_t;

struct smp_queue {
    pthread_mutex_t lock;
    int n;
    bool overflow;           /* too many requests: flush everything instead */
    smp_req_t req[SMP_QUEUE_LEN];
    uint64_t req_gen;        /* requests posted (atomic) */
    uint64_t done_gen;       /* requests applied (atomic) */
    int in_guest;            /* inside cpu_thread_enter/leave (atomic) */
};

static _Thread_local cpu_t *smp_self; /* the CPU this host thread runs */

void cpu_set_siblings(cpu_t *const *cpus, int n)
{
    for (int i = 0; i < n; i++) {
        cpus[i]->siblings = (cpu_t **)cpus;
        cpus[i]->nsiblings = n;
    }
}

int cpu_set_threaded(cpu_t *const *cpus, int n)
{
    for (int i = 0; i < n; i++) {
        struct smp_queue *q = calloc(1, sizeof(*q));
        if (!q)
            return -1;
        pthread_mutex_init(&q->lock, NULL);
        cpus[i]->smpq = q;
    }
    return 0;
}

void smp_queue_free(cpu_t *cpu)
{
    if (cpu->smpq) {
        pthread_mutex_destroy(&cpu->smpq->lock);
        free(cpu->smpq);
        cpu->smpq = NULL;
    }
}

void cpu_thread_bind(cpu_t *cpu)
{
    smp_self = cpu;
}

static void apply(cpu_t *cpu, const smp_req_t *r)
{
    switch (r->kind) {
    case REQ_TLBI: sysreg_tlbi_local(cpu, r->enc, r->a); break;
    case REQ_TB_INVAL: tb_invalidate_phys_range(cpu, r->a, r->b); break;
    case REQ_PROTECT: tlb_protect_code_page(cpu, r->a); break;
    case REQ_TB_FLUSH: tb_flush(cpu); break;
    }
}

/* Apply this CPU's queue (its own thread only). mid_block: called from an
 * instruction (a waiting requester): after a block-cache flush the current
 * block must not chain on, so end the run at the next boundary. */
static void drain(cpu_t *cpu, bool mid_block)
{
    struct smp_queue *q = cpu->smpq;
    uint64_t gen = __atomic_load_n(&q->req_gen, __ATOMIC_SEQ_CST);
    if (gen == __atomic_load_n(&q->done_gen, __ATOMIC_ACQUIRE))
        return;
    smp_req_t local[SMP_QUEUE_LEN];
    pthread_mutex_lock(&q->lock);
    gen = __atomic_load_n(&q->req_gen, __ATOMIC_SEQ_CST);
    int n = q->n;
    bool overflow = q->overflow;
    memcpy(local, q->req, (size_t)n * sizeof(local[0]));
    q->n = 0;
    q->overflow = false;
    pthread_mutex_unlock(&q->lock);
    bool flushed = overflow;
    if (overflow) {
        /* Everything a lost request could have asked for. */
        tlb_flush_all(cpu);
        tb_flush(cpu);
    } else {
        for (int i = 0; i < n; i++) {
            apply(cpu, &local[i]);
            flushed |= local[i].kind == REQ_TB_FLUSH;
        }
    }
    if (flushed && mid_block)
        cpu_request_exit(cpu);
    __atomic_store_n(&q->done_gen, gen, __ATOMIC_RELEASE);
}

void cpu_thread_enter(cpu_t *cpu)
{
    __atomic_store_n(&cpu->smpq->in_guest, 1, __ATOMIC_SEQ_CST);
    drain(cpu, false);
}

void cpu_thread_leave(cpu_t *cpu)
{
    __atomic_store_n(&cpu->smpq->in_guest, 0, __ATOMIC_SEQ_CST);
}

/* Queue r for target; returns the generation to wait for. */
static uint64_t post(cpu_t *target, const smp_req_t *r)
{
    struct smp_queue *q = target->smpq;
    pthread_mutex_lock(&q->lock);
    if (q->n < SMP_QUEUE_LEN)
        q->req[q->n++] = *r;
    else
        q->overflow = true;
    uint64_t gen = __atomic_add_fetch(&q->req_gen, 1, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&q->lock);
    if (__atomic_load_n(&q->in_guest, __ATOMIC_SEQ_CST)) {
        /* Kick: leave cpu_run at the next block boundary. */
        __atomic_store_n(&target->exit_request, 1, __ATOMIC_RELAXED);
        __atomic_store_n(&target->icount_limit, 0, __ATOMIC_RELAXED);
    }
    return gen;
}

static void wait_done(cpu_t *target, uint64_t gen)
{
    struct smp_queue *q = target->smpq;
    for (unsigned spins = 0;; spins++) {
        if (__atomic_load_n(&q->done_gen, __ATOMIC_ACQUIRE) >= gen ||
            !__atomic_load_n(&q->in_guest, __ATOMIC_SEQ_CST))
            return;
        if (smp_self && smp_self->smpq)
            drain(smp_self, true); /* someone may be waiting for us, too */
        if (spins > 1000)
            sched_yield();
#if defined(__x86_64__) || defined(__i386__)
        else
            __builtin_ia32_pause();
#endif
    }
}

/* Apply r to every CPU of the domain: directly to ourselves (and to every
 * CPU in single-thread mode), by request to the others; sync: wait for
 * them. */
static void broadcast(cpu_t *cpu, const smp_req_t *r, bool sync)
{
    cpu_t *t;
    if (!cpu->smpq) {
        SMP_FOR_EACH(t, cpu)
            apply(t, r);
        return;
    }
    uint64_t gens[SMP_WAIT_MAX];
    int i = 0;
    SMP_FOR_EACH(t, cpu) {
        if (t == smp_self) {
            apply(t, r);
        } else {
            uint64_t gen = post(t, r);
            if (i < SMP_WAIT_MAX)
                gens[i] = gen;
            else if (sync)
                wait_done(t, gen); /* more CPUs than we remember: one by one */
        }
        i++;
    }
    if (!sync)
        return;
    i = 0;
    SMP_FOR_EACH(t, cpu) {
        if (t != smp_self && i < SMP_WAIT_MAX)
            wait_done(t, gens[i]);
        i++;
    }
}

void smp_tlbi_is(cpu_t *cpu, uint32_t enc, uint64_t val)
{
    /* Each target applies the operation to its own TLB with its own
     * current ASID and TCR (tlb.c keeps only the current ASID's
     * non-global entries), which is what the broadcast means there. */
    smp_req_t r = { .kind = REQ_TLBI, .enc = enc, .a = val };
    broadcast(cpu, &r, true);
}

void smp_ic_iallu_is(cpu_t *cpu)
{
    smp_req_t r = { .kind = REQ_TB_FLUSH };
    broadcast(cpu, &r, true);
}

void smp_tb_invalidate_phys_range(cpu_t *cpu, uint64_t pa, uint64_t len)
{
    smp_req_t r = { .kind = REQ_TB_INVAL, .a = pa, .b = len };
    broadcast(cpu, &r, false);
}

void smp_ic_ivau(cpu_t *cpu, uint64_t pa, uint64_t len)
{
    smp_req_t r = { .kind = REQ_TB_INVAL, .a = pa, .b = len };
    broadcast(cpu, &r, true);
}

/* In multi-thread mode this reads other CPUs' page lists without a lock: a
 * stale answer only delays write protection, which the asynchronous
 * protocol above already allows. */
bool smp_page_has_code(cpu_t *cpu, uint64_t ppage)
{
    cpu_t *t;
    SMP_FOR_EACH(t, cpu)
        if (tb_page_has_code(t, ppage))
            return true;
    return false;
}

void smp_protect_code_page(cpu_t *cpu, uint64_t ppage)
{
    smp_req_t r = { .kind = REQ_PROTECT, .a = ppage };
    broadcast(cpu, &r, false);
}

void smp_sev(cpu_t *cpu)
{
    cpu_t *t;
    SMP_FOR_EACH(t, cpu)
        __atomic_store_n(&t->event_reg, true, __ATOMIC_RELEASE);
}
