/* test_cpu_condsel.c - the conditional ops after every kind of flag setter:
 * CSEL, CSINC, B.cond, CCMP (cpu/flags.c: cpu_cond_holds_general's condition
 * table) and ADC (cpu/dp_alu.c: carry_flag's shortcuts) read the lazy flags
 * of ANDS, ADDS, ADCS, SBCS and SUBS (both widths); every condition EQ..NV,
 * over edge values and both carry-ins, against a model written here from the
 * Arm pseudocode (AddWithCarry, ConditionHolds).
 *
 * Program: MSR NZCV, X7 (the carry-in); <setter> X3/W3, X1/W1, X2/W2;
 * CSEL X0, X4, X5, cond; CSINC X8, X4, X5, cond; ADC X9, X1, X2;
 * ADC W10, W1, W2; B.cond over MOVZ X11, #1; CCMP X1, X2, #0b1010, cond;
 * MSR NZCV, X7; <setter> again; CSEL/CSINC/CSINV/CSNEG of both widths (the
 * *_cmp variants after SUBS, cpu/dp_alu.c DEF_CSEL_CMP; the general ones
 * after the other setters).
 */
#include <stdlib.h>

#include "cpu/cpu_internal.h"
#include "cpu/tb.h"
#include "mem/physmap.h"
#include "cpu_harness.h"

#define RAM_SIZE (16u << 20)

static int setup(void **state)
{
    static cpu_harness_t f;
    ch_init_fresh(&f, RAM_SIZE, CPU_MODEL_CORTEX_A57);
    *state = &f;
    return 0;
}

enum { K_AND, K_ADD, K_SUB, K_ADC, K_SBC };

/* AddWithCarry(a, b, cin) at width w: result and NZCV in bits 3:0. */
static uint64_t add_with_carry(uint64_t a, uint64_t b, unsigned cin, int w, unsigned *nzcv)
{
    uint64_t mask = w == 64 ? ~0ull : 0xffffffffull, sign = 1ull << (w - 1);
    a &= mask;
    b &= mask;
    uint64_t r = (a + b + cin) & mask;
    unsigned c;
    if (w == 64)
        c = (unsigned)(((unsigned __int128)a + b + cin) >> 64);
    else
        c = (unsigned)((a + b + cin) >> 32);
    unsigned n = (r & sign) != 0, z = r == 0, v = ((~(a ^ b) & (a ^ r)) & sign) != 0;
    *nzcv = n << 3 | z << 2 | c << 1 | v;
    return r;
}

static uint64_t model_setter(int kind, uint64_t a, uint64_t b, unsigned cin, int w,
                             unsigned *nzcv)
{
    uint64_t mask = w == 64 ? ~0ull : 0xffffffffull, sign = 1ull << (w - 1);
    switch (kind) {
    case K_AND: {
        uint64_t r = a & b & mask;
        *nzcv = ((r & sign) != 0) << 3 | (r == 0) << 2;
        return r;
    }
    case K_ADD: return add_with_carry(a, b, 0, w, nzcv);
    case K_SUB: return add_with_carry(a, ~b, 1, w, nzcv);
    case K_ADC: return add_with_carry(a, b, cin, w, nzcv);
    default: return add_with_carry(a, ~b, cin, w, nzcv);
    }
}

static const uint64_t values[] = {
    0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0xfffffffffffffffeull, 0xffffffffffffffffull, 0x123456789abcdef0ull,
};
#define NVALUES (sizeof(values) / sizeof(values[0]))

static void run_case(cpu_harness_t *f, uint32_t setter, int kind, int w, unsigned cond,
                     uint64_t a, uint64_t b, unsigned cin)
{
    const uint32_t code[] = {
        0xd51b4207,                       /* msr nzcv, x7 */
        setter,
        0x9a850080u | cond << 12,         /* csel x0, x4, x5, cond */
        0x9a850488u | cond << 12,         /* csinc x8, x4, x5, cond */
        0x9a020029,                       /* adc x9, x1, x2 */
        0x1a02002a,                       /* adc w10, w1, w2 */
        0x54000040u | cond,               /* b.cond +8 */
        0xd280002b,                       /* movz x11, #1 */
        0xfa42002au | cond << 12,         /* ccmp x1, x2, #0b1010, cond */
        /* the other select kinds and widths, after the same setter again */
        0xd51b4207,                       /* msr nzcv, x7 */
        setter,
        0x1a85008eu | cond << 12,         /* csel w14, w4, w5, cond */
        0x1a85048fu | cond << 12,         /* csinc w15, w4, w5, cond */
        0x5a85008cu | cond << 12,         /* csinv w12, w4, w5, cond */
        0xda85048du | cond << 12,         /* csneg x13, x4, x5, cond */
        0xda850490u | cond << 12,         /* csneg x16, x4, x5, cond */
        0x5a850491u | cond << 12,         /* csneg w17, w4, w5, cond */
        0xda850092u | cond << 12,         /* csinv x18, x4, x5, cond */
    };
    cpu_t *cpu = f->cpu;
    cpu->x[1] = a;
    cpu->x[2] = b;
    cpu->x[3] = 0xdead;
    cpu->x[4] = 1;
    cpu->x[5] = 2;
    cpu->x[7] = (uint64_t)cin << 29;
    cpu->x[11] = 0;
    ch_run_ok(f, code, sizeof(code) / sizeof(code[0]));

    unsigned nzcv, sub_nzcv;
    uint64_t r = model_setter(kind, a, b, cin, w, &nzcv);
    bool holds = model_condition_holds(nzcv, cond);
    unsigned c = nzcv >> 1 & 1;
    add_with_carry(a, ~b, 1, 64, &sub_nzcv);
    unsigned want_final = holds ? sub_nzcv : 0xa;
    /* After the second setter the flags are the setter's again. */
    if (cpu->x[14] != (holds ? 1u : 2u) || cpu->x[15] != (holds ? 1u : 3u) ||
        cpu->x[12] != (holds ? 1u : 0xfffffffdu) || cpu->x[13] != (holds ? 1u : (uint64_t)-2) ||
        cpu->x[16] != (holds ? 1u : (uint64_t)-2) || cpu->x[17] != (holds ? 1u : 0xfffffffeu) ||
        cpu->x[18] != (holds ? 1u : ~(uint64_t)2))
        fail_msg("%08x cond %u a=%016llx b=%016llx C=%u: w14=%llx w15=%llx w12=%llx x13=%llx "
                 "x16=%llx w17=%llx x18=%llx; want holds=%d",
                 setter, cond, (unsigned long long)a, (unsigned long long)b, cin,
                 (unsigned long long)cpu->x[14], (unsigned long long)cpu->x[15],
                 (unsigned long long)cpu->x[12], (unsigned long long)cpu->x[13],
                 (unsigned long long)cpu->x[16], (unsigned long long)cpu->x[17],
                 (unsigned long long)cpu->x[18], holds);
    want_final = nzcv;
    if (cpu->x[3] != r || cpu->x[0] != (holds ? 1u : 2u) || cpu->x[8] != (holds ? 1u : 3u) ||
        cpu->x[9] != a + b + c || cpu->x[10] != (uint32_t)(a + b + c) ||
        cpu->x[11] != (holds ? 0u : 1u) ||
        cpu_get_nzcv(cpu) >> 28 != want_final)
        fail_msg("%08x cond %u a=%016llx b=%016llx C=%u: x3=%llx x0=%llu x8=%llu x9=%llx "
                 "x10=%llx x11=%llu nzcv=%x; want x3=%llx holds=%d carry=%u nzcv=%x",
                 setter, cond, (unsigned long long)a, (unsigned long long)b, cin,
                 (unsigned long long)cpu->x[3], (unsigned long long)cpu->x[0],
                 (unsigned long long)cpu->x[8], (unsigned long long)cpu->x[9],
                 (unsigned long long)cpu->x[10], (unsigned long long)cpu->x[11], cpu_get_nzcv(cpu) >> 28,
                 (unsigned long long)r, holds, c, want_final);
}

static void test_setters(void **state)
{
    cpu_harness_t *f = *state;
    static const struct { uint32_t insn; int kind, w; } setters[] = {
        { 0xea020023, K_AND, 64 }, /* ands x3, x1, x2 */
        { 0x6a020023, K_AND, 32 }, /* ands w3, w1, w2 */
        { 0xab020023, K_ADD, 64 }, /* adds x3, x1, x2 */
        { 0x2b020023, K_ADD, 32 }, /* adds w3, w1, w2 */
        { 0xeb020023, K_SUB, 64 }, /* subs x3, x1, x2 */
        { 0x6b020023, K_SUB, 32 }, /* subs w3, w1, w2 */
        { 0xba020023, K_ADC, 64 }, /* adcs x3, x1, x2 */
        { 0x3a020023, K_ADC, 32 }, /* adcs w3, w1, w2 */
        { 0xfa020023, K_SBC, 64 }, /* sbcs x3, x1, x2 */
        { 0x7a020023, K_SBC, 32 }, /* sbcs w3, w1, w2 */
    };
    for (size_t k = 0; k < sizeof(setters) / sizeof(setters[0]); k++)
        for (unsigned cond = 0; cond < 16; cond++)
            for (size_t i = 0; i < NVALUES; i++)
                for (size_t j = 0; j < NVALUES; j++)
                    for (unsigned cin = 0; cin < 2; cin++) {
                        if (f->next > CH_RAM_BASE + RAM_SIZE - 4096) {
                            f->next = CH_CODE_BASE;
                            tb_flush(f->cpu);
                        }
                        run_case(f, setters[k].insn, setters[k].kind, setters[k].w, cond,
                                 values[i], values[j], cin);
                    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_setters),
    };
    return cmocka_run_group_tests(tests, setup, ch_teardown);
}
