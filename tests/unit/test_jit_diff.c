/* test_jit_diff.c - the native backend (cpu/jit/) against the threaded
 * executor, which is the reference (docs/ARCHITECTURE.md "The native
 * backend": native code must do exactly what the ops' C handlers do).
 *
 * Two CPUs over two copies of the same RAM, one with the native backend and
 * one threaded, run the same random programs from the same register values:
 * straight-line runs of the ops jit_ops.c inlines (every width, shifts by 0
 * and by width - 1, immediates with bit 31 set, XZR and SP operands,
 * loads/stores in every addressing mode near a page end, write-back with
 * Rt == Rn, LDP with Rt == Rt2) mixed with ops that read the lazy flags from
 * C (MRS NZCV, CCMP, ADC, CSEL), ending in a direct conditional branch. Each
 * program's end state -- X0-X30, SP, NZCV, how it stopped (ESR/FAR/ELR when
 * it faulted) and the data pages -- must be the same on both.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cpu/cpu_internal.h"
#include "cpu/tb.h"
#include "mem/physmap.h"
#include "cpu_harness.h"

#define RAM_SIZE (16u << 20)
#define DATA_PA (CH_RAM_BASE + 0x200000) /* two data pages */
#define DATA_LEN 0x2000u
#ifndef PROGS
#define PROGS 4000
#endif
#define LEN 24

typedef struct {
    cpu_harness_t nat, thr;
} pair_t;

static int setup(void **state)
{
    static pair_t p;
    ch_init_fresh(&p.nat, RAM_SIZE, CPU_MODEL_CORTEX_A57);
    ch_init_fresh(&p.thr, RAM_SIZE, CPU_MODEL_CORTEX_A57);
    if (!cpu_set_native(p.nat.cpu, true)) {
        ch_destroy(&p.nat);
        ch_destroy(&p.thr);
        skip(); /* not an x86-64 host: nothing to compare */
    }
    assert_true(cpu_set_native(p.thr.cpu, false));
    *state = &p;
    return 0;
}

static int teardown(void **state)
{
    pair_t *p = *state;
    ch_destroy(&p->nat);
    ch_destroy(&p->thr);
    return 0;
}

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint64_t rnd64(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static uint32_t rnd(uint32_t n) { return (uint32_t)(rnd64() % n); }

static const uint64_t edge[] = {
    0, 1, 2, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
    0xffffffff, 0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull,
    0xffffffff80000000ull, 0xffffffff7fffffffull, 0x123456789abcdef0ull, 0x80000000ffffffffull,
};

static uint64_t value(void)
{
    return rnd(3) ? edge[rnd(sizeof(edge) / sizeof(edge[0]))] : rnd64();
}

/* Registers: x0-x7 random values, x9 = the data base, x10 = a base that
 * memory ops may write back, x11 = a small index, 31 = XZR or SP. */
static uint32_t r_any(void) { return rnd(10) == 0 ? 31 : rnd(8); }
static uint32_t r_dst(void) { return rnd(12) == 0 ? 31 : rnd(8); }

static uint32_t alu_insn(void)
{
    uint32_t sf = rnd(2), rd = r_dst(), rn = r_any(), rm = r_any();
    uint32_t w = sf ? 64 : 32;
    uint32_t amt = rnd(4) == 0 ? w - 1 : rnd(4) == 0 ? 0 : rnd(w);
    switch (rnd(16)) {
    case 0: /* ADD/SUB/ADDS/SUBS (immediate) */
        return sf << 31 | rnd(4) << 29 | 0x11000000u | rnd(2) << 22 | (rnd(2) ? 0xfffu : rnd(4096)) << 10 |
               rn << 5 | rd;
    case 1: /* logical (immediate): AND/ORR/EOR/ANDS; reserved forms stay UNDEFINED on both */
        return sf << 31 | rnd(4) << 29 | 0x12000000u | (sf ? rnd(2) : 0) << 22 | rnd(w) << 16 |
               rnd(w) << 10 | rn << 5 | rd;
    case 2: /* logical (shifted register), every opc/N/shift */
        return sf << 31 | rnd(4) << 29 | 0x0a000000u | rnd(4) << 22 | rnd(2) << 21 | rm << 16 |
               amt << 10 | rn << 5 | rd;
    case 3: /* ADD/SUB/ADDS/SUBS (shifted register), LSL/LSR/ASR */
        return sf << 31 | rnd(4) << 29 | 0x0b000000u | rnd(3) << 22 | rm << 16 | amt << 10 | rn << 5 |
               rd;
    case 4: /* SBFM/BFM/UBFM */
        return sf << 31 | rnd(3) << 29 | 0x13000000u | sf << 22 | rnd(w) << 16 | rnd(w) << 10 |
               rn << 5 | rd;
    case 5: { /* MOVN/MOVZ/MOVK */
        static const uint32_t opc[3] = { 0, 2, 3 };
        return sf << 31 | opc[rnd(3)] << 29 | 0x12800000u | rnd(sf ? 4 : 2) << 21 |
               (uint32_t)(value() & 0xffff) << 5 | rd;
    }
    case 6: /* LSLV/LSRV/ASRV/RORV */
        return sf << 31 | 0x1ac02000u | rm << 16 | rnd(4) << 10 | rn << 5 | rd;
    case 7: /* MADD/MSUB */
        return sf << 31 | 0x1b000000u | rm << 16 | rnd(2) << 15 | r_any() << 10 | rn << 5 | rd;
    case 8: /* CSEL/CSINC/CSINV/CSNEG, any condition incl. AL/NV */
        return sf << 31 | rnd(2) << 30 | 0x1a800000u | rm << 16 | rnd(16) << 12 | rnd(2) << 10 |
               rn << 5 | rd;
    case 9: /* CCMN/CCMP (register) */
        return sf << 31 | rnd(2) << 30 | 0x3a400000u | rm << 16 | rnd(16) << 12 | rn << 5 | rnd(16);
    case 10: /* ADC/ADCS/SBC/SBCS */
        return sf << 31 | rnd(4) << 29 | 0x1a000000u | rm << 16 | rn << 5 | rd;
    case 11: /* MRS Xt, NZCV */
        return 0xd53b4200u | rd;
    case 12: /* MOV (register) = ORR Rd, ZR, Rm */
        return sf << 31 | 0x2a0003e0u | rm << 16 | rd;
    case 13: /* ADD/SUB (immediate) with SP: ADD SP, SP, #16k keeps it aligned */
        return 1u << 31 | rnd(2) << 30 | 0x11000000u | rnd(4) << 14 | 31 << 5 | (rnd(2) ? 31 : rd);
    default: /* flag setters the conditions above read: CMP/CMN/TST */
        switch (rnd(3)) {
        case 0: return sf << 31 | 0x6b00001fu | rm << 16 | rn << 5;            /* cmp */
        case 1: return sf << 31 | 0x2b00001fu | rm << 16 | rn << 5;            /* cmn */
        default: return sf << 31 | 0x6a00001fu | rm << 16 | rn << 5;           /* tst */
        }
    }
}

/* A load or store at x10 (set to x9 + k just before, k near a page end so
 * some accesses cross it) or at SP; Rt may be the base. */
static void mem_insns(uint32_t *code, size_t *n)
{
    uint32_t k = rnd(2) ? 0x1000 - rnd(24) : rnd(DATA_LEN - 0x100);
    uint32_t rn = 10, rt = rnd(6) == 0 ? 10 : r_dst(), rt2 = rnd(6) == 0 ? rt : r_dst();
    if (rnd(8) == 0) {
        rn = 31; /* SP: x9 + k rounded to 16 (aligned) or not */
        k &= rnd(2) ? ~15u : ~0u;
        code[(*n)++] = 0x91000120u | k << 10 | 31;           /* add sp, x9, #k */
        if (rt == 10)
            rt = 0;
        if (rt2 == 10)
            rt2 = 1;
    } else {
        code[(*n)++] = 0x91000120u | k << 10 | 10;           /* add x10, x9, #k */
    }
    uint32_t size = rnd(4), opc = rnd(4);
    if (size == 3 && opc >= 2)
        opc = rnd(2); /* PRFM / unallocated: keep to LDR/STR */
    if (size == 2 && opc == 3)
        opc = 2;
    switch (rnd(5)) {
    case 0: /* unsigned offset */
        code[(*n)++] = 0x39000000u | size << 30 | opc << 22 | rnd(64) << 10 | rn << 5 | rt;
        break;
    case 1: /* pre/post index, imm9 signed */
        code[(*n)++] = 0x38000000u | size << 30 | opc << 22 | (rnd(512) & 0x1ff) << 12 |
                       (rnd(2) ? 1u : 3u) << 10 | rn << 5 | rt;
        break;
    case 2: { /* register offset, UXTW/LSL/SXTW/SXTX with x11 */
        static const uint32_t opt[4] = { 2, 3, 6, 7 };
        code[(*n)++] = 0x38200800u | size << 30 | opc << 22 | 11 << 16 | opt[rnd(4)] << 13 |
                       rnd(2) << 12 | rn << 5 | rt;
        break;
    }
    case 3: /* unscaled (LDUR/STUR) */
        code[(*n)++] = 0x38000000u | size << 30 | opc << 22 | (rnd(512) & 0x1ff) << 12 | rn << 5 | rt;
        break;
    default: { /* pairs: STP/LDP 32/64, LDPSW; offset, post, pre */
        static const uint32_t popc[4] = { 0, 1, 2, 2 };
        uint32_t o = popc[rnd(4)], l = o == 1 ? 1 : rnd(2), mode = 1 + rnd(3);
        code[(*n)++] = 0x28000000u | o << 30 | mode << 23 | l << 22 | (rnd(128) & 0x7f) << 15 |
                       rt2 << 10 | rn << 5 | rt;
        break;
    }
    }
}

/* The block end: a conditional branch over "movz x12, #1". */
static uint32_t branch_insn(void)
{
    uint32_t r = r_any();
    switch (rnd(4)) {
    case 0: return 0x54000040u | rnd(16);                               /* b.cond +8 */
    case 1: return rnd(2) << 31 | 0x34000040u | rnd(2) << 24 | r;         /* cbz/cbnz +8 */
    case 2: return rnd(2) << 31 | 0x36000040u | rnd(2) << 24 | rnd(32) << 19 | r; /* tbz/tbnz +8 */
    default: return 0x54000040u | rnd(14);
    }
}

typedef struct {
    uint64_t x[REG_SLOTS];
    uint32_t nzcv;
    int hvc;
    uint64_t esr, far, elr;
} state_t;

static void start(cpu_harness_t *h, const uint64_t *regs, const uint8_t *data)
{
    memcpy(h->cpu->x, regs, 32 * sizeof(uint64_t));
    h->cpu->x[REG_SP] = regs[REG_SP];
    h->cpu->x[REG_ZR] = 0;
    cpu_set_nzcv(h->cpu, (uint32_t)regs[REG_SINK] << 28);
    h->cpu->sys.esr = h->cpu->sys.far = h->cpu->sys.elr = 0;
    memcpy(ch_host(h, DATA_PA), data, DATA_LEN);
}

static void finish(cpu_harness_t *h, state_t *s)
{
    memset(s, 0, sizeof(*s));
    memcpy(s->x, h->cpu->x, sizeof(s->x));
    s->x[REG_SINK] = 0; /* not architectural */
    s->nzcv = cpu_get_nzcv(h->cpu);
    s->hvc = h->hvc;
    s->esr = h->cpu->sys.esr;
    s->far = h->cpu->sys.far;
    s->elr = h->cpu->sys.elr;
}

static void dump(const uint32_t *code, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "  %2zu: %08x\n", i, code[i]);
}

static void test_native_matches_threaded(void **state)
{
    pair_t *p = *state;
    static uint8_t data[DATA_LEN];
    int finished = 0;
    for (int prog = 0; prog < PROGS; prog++) {
        uint32_t code[3 * LEN + 8];
        size_t n = 0;
        unsigned len = 1 + rnd(LEN);
        /* A quarter of the programs loop (x13 times): blocks chained to
         * themselves and each other through the chain stub. */
        bool loop = rnd(4) == 0;
        if (loop)
            code[n++] = 0xd10005adu; /* top: sub x13, x13, #1 */
        for (unsigned i = 0; i < len; i++) {
            if (rnd(3) == 0)
                mem_insns(code, &n);
            else
                code[n++] = alu_insn();
        }
        code[n++] = branch_insn();
        code[n++] = 0xd280002cu; /* movz x12, #1 */
        if (loop) /* cbnz x13, top */
            code[n] = 0xb500000du | (uint32_t)(-(int32_t)n & 0x7ffff) << 5, n++;
        uint64_t regs[REG_SLOTS];
        for (int i = 0; i < 32; i++)
            regs[i] = value();
        regs[9] = DATA_PA;
        regs[11] = rnd(2) ? rnd(64) : (uint64_t)-(int64_t)rnd(64) & 0xffffffffull;
        regs[12] = 0;
        regs[13] = 1 + rnd(40);
        regs[REG_SP] = DATA_PA + 0x1000;
        regs[REG_SINK] = rnd(16);
        for (size_t i = 0; i < DATA_LEN; i++)
            data[i] = (uint8_t)rnd64();
        uint64_t cross = rnd(4) == 0 ? 4 * (1 + rnd((unsigned)n)) : 0;
        state_t s[2];
        cpu_harness_t *hs[2] = { &p->nat, &p->thr };
        for (int k = 0; k < 2; k++) {
            cpu_harness_t *h = hs[k];
            if (h->next > CH_RAM_BASE + 0x180000)
                h->next = CH_CODE_BASE;
            if (cross) /* the program straddles a page end: goto_tb at the page end */
                h->next = ((h->next + 0xfff) & ~0xfffull) + 0x1000 - cross;
            tb_flush(h->cpu);
            start(h, regs, data);
            ch_run(h, code, n);
            finish(h, &s[k]);
        }
        bool same = memcmp(&s[0], &s[1], sizeof(s[0])) == 0 &&
                    memcmp(ch_host(&p->nat, DATA_PA), ch_host(&p->thr, DATA_PA), DATA_LEN) == 0;
        if (!same) {
            fprintf(stderr, "program %d differs (native vs threaded):\n", prog);
            dump(code, n);
            for (int i = 0; i < REG_SLOTS; i++)
                if (s[0].x[i] != s[1].x[i])
                    fprintf(stderr, "  x[%d]: %016llx vs %016llx (start %016llx)\n", i,
                            (unsigned long long)s[0].x[i], (unsigned long long)s[1].x[i],
                            (unsigned long long)regs[i]);
            fprintf(stderr, "  nzcv %x vs %x, hvc %d vs %d, esr %llx vs %llx\n", s[0].nzcv >> 28,
                    s[1].nzcv >> 28, s[0].hvc, s[1].hvc, (unsigned long long)s[0].esr,
                    (unsigned long long)s[1].esr);
            fail_msg("native and threaded executors differ");
        }
        finished += s[0].hvc == 0;
    }
    /* The comparison means something only if the native side ran native
     * code and most programs ran to their end (not into an early fault). */
    assert_true(p->nat.cpu->stats.native_blocks > 0);
    assert_int_equal(p->thr.cpu->stats.native_blocks, 0);
    if (getenv("JIT_DIFF_VERBOSE"))
        fprintf(stderr, "%d of %d programs ran to their end\n", finished, PROGS);
    assert_true(finished > PROGS / 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_native_matches_threaded, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
