/* cpu_harness.h - a real CPU over guest RAM for the cpu unit tests
 * (test_cpu_*.c): instruction words are written into RAM followed by an
 * HVC, whose firmware hook stops the CPU and records the HVC's immediate,
 * so a test sees how its program ended (HVC #0: normally; the HVCs a test
 * puts in its vectors: through an exception). The CPU starts at EL1 with
 * the MMU off. Header-only; each test binary includes it once.
 */
#ifndef TINYVM_TESTS_CPU_HARNESS_H
#define TINYVM_TESTS_CPU_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cpu/cpu_internal.h"
#include "cpu/tb.h"
#include "mem/physmap.h"

#define CH_RAM_BASE 0x40000000ull

/* HVC #n */
#define CH_HVC(n) (0xd4000002u | (uint32_t)(n) << 5)

typedef struct {
    physmap_t pm;
    cpu_t *cpu;
    uint64_t next; /* where ch_run puts the next program */
    int hvc;       /* immediate of the HVC that stopped the CPU, -1: none */
} cpu_harness_t;

static inline bool ch_fw_hook(void *opaque, cpu_t *cpu, bool smc, uint16_t imm)
{
    cpu_harness_t *h = opaque;
    (void)smc;
    h->hvc = imm;
    cpu_request_exit(cpu);
    return true;
}

/* ram_size bytes of RAM at CH_RAM_BASE and a CPU of the given model whose
 * firmware calls (HVC) stop it. */
static inline void ch_init(cpu_harness_t *h, uint64_t ram_size, cpu_model_t model)
{
    memset(h, 0, sizeof(*h));
    assert_int_equal(physmap_init(&h->pm, CH_RAM_BASE, ram_size), 0);
    h->cpu = cpu_create(&h->pm, model, 0);
    assert_non_null(h->cpu);
    cpu_set_firmware_call(h->cpu, ch_fw_hook, h);
    h->hvc = -1;
}

static inline void ch_destroy(cpu_harness_t *h)
{
    cpu_destroy(h->cpu);
    physmap_destroy(&h->pm);
}

/* The fixture of the tests that run each program at a fresh address
 * (ch_run): ch_init; VBAR_EL1 = CH_RAM_BASE, whose current-EL synchronous
 * vector (+0x200) holds HVC #1, so an exception stops the CPU with ESR/ELR
 * set; programs from CH_CODE_BASE on. ch_teardown is its cmocka teardown
 * (state = h). */
#define CH_CODE_BASE (CH_RAM_BASE + 0x10000)

static inline cpu_harness_t *ch_init_fresh(cpu_harness_t *h, uint64_t ram_size, cpu_model_t model)
{
    uint32_t vec = CH_HVC(1);
    ch_init(h, ram_size, model);
    h->cpu->sys.vbar = CH_RAM_BASE;
    memcpy(h->pm.ram + 0x200, &vec, 4);
    h->next = CH_CODE_BASE;
    return h;
}

static inline int ch_teardown(void **state)
{
    ch_destroy(*state);
    return 0;
}

/* ---- guest RAM ---- */

static inline uint8_t *ch_host(cpu_harness_t *h, uint64_t pa) { return h->pm.ram + (pa - CH_RAM_BASE); }
static inline uint64_t ch_rd64(cpu_harness_t *h, uint64_t pa) { uint64_t v; memcpy(&v, ch_host(h, pa), 8); return v; }
static inline void ch_wr64(cpu_harness_t *h, uint64_t pa, uint64_t v) { memcpy(ch_host(h, pa), &v, 8); }
static inline void ch_wr32(cpu_harness_t *h, uint64_t pa, uint32_t v) { memcpy(ch_host(h, pa), &v, 4); }
static inline void ch_put_code(cpu_harness_t *h, uint64_t pa, const uint32_t *w, size_t n)
{
    memcpy(ch_host(h, pa), w, n * 4);
}

/* ---- running ---- */

/* Run code[0..n) + HVC #0 from h->next, a fresh address each time (so no
 * stale translation is ever reused); returns the address of code[0]. The
 * caller checks h->hvc. */
static inline uint64_t ch_run(cpu_harness_t *h, const uint32_t *code, size_t n)
{
    uint64_t pc = h->next;
    uint32_t stop = CH_HVC(0);
    assert_true(pc + 4 * (n + 1) < CH_RAM_BASE + h->pm.ram_size);
    ch_put_code(h, pc, code, n);
    ch_put_code(h, pc + 4 * n, &stop, 1);
    h->next = (pc + 4 * (n + 1) + 15) & ~15ull;
    h->cpu->pc = pc;
    h->hvc = -1;
    cpu_run(h->cpu, 10000);
    return pc;
}

/* ch_run, and the program must end with its HVC #0. */
static inline uint64_t ch_run_ok(cpu_harness_t *h, const uint32_t *code, size_t n)
{
    uint64_t pc = ch_run(h, code, n);
    if (h->hvc != 0)
        fail_msg("program at %08x did not finish (hvc %d, esr %llx)", code[0], h->hvc,
                 (unsigned long long)h->cpu->sys.esr);
    return pc;
}

/* CH_RUN(h, word, ...): ch_run_ok on a literal list of instruction words. */
#define CH_RUN(h, ...)                                           \
    do {                                                         \
        static const uint32_t code_[] = { __VA_ARGS__ };         \
        ch_run_ok(h, code_, sizeof(code_) / sizeof(code_[0]));   \
    } while (0)

/* Run w[0..n) at pa followed by `end`, from the current PSTATE, after
 * dropping every translation (pa is reused); cpu_run must stop for `want`.
 * Returns the immediate of the HVC that stopped the CPU. */
static inline int ch_run_at(cpu_harness_t *h, uint64_t pa, const uint32_t *w, size_t n,
                            uint32_t end, cpu_exit_t want)
{
    ch_put_code(h, pa, w, n);
    ch_put_code(h, pa + 4 * n, &end, 1);
    tb_flush(h->cpu);
    h->cpu->pc = pa;
    h->hvc = -1;
    cpu_exit_t why = cpu_run(h->cpu, 100000);
    assert_int_equal(why, want);
    return h->hvc;
}

/* The Arm pseudocode ConditionHolds(cond) over NZCV in bits 3:0: the model
 * the condition tests check the CPU against. */
static inline bool model_condition_holds(unsigned nzcv, unsigned cond)
{
    bool n = nzcv >> 3 & 1, z = nzcv >> 2 & 1, c = nzcv >> 1 & 1, v = nzcv & 1, r;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: r = true; break;
    }
    return (cond & 1) && cond != 15 ? !r : r;
}

#endif
