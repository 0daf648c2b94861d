/* flags.c - lazy NZCV.
 *
 * Flag-setting ops store (cc_op, a, b, result, carry-in) and move on; the
 * flags are derived here only when something reads them: a conditional
 * instruction, MRS NZCV, or exception entry saving PSTATE to SPSR.
 * The formulas are AddWithCarry() from the Arm pseudocode:
 *   N = result<msb>, Z = IsZero(result),
 *   C = carry out of the unsigned sum, V = signed overflow.
 */
#include "cpu_internal.h"

#define NZCV(n, z, c, v) ((uint32_t)(n) << 31 | (uint32_t)(z) << 30 | (uint32_t)(c) << 29 | (uint32_t)(v) << 28)

uint32_t cpu_get_nzcv(const cpu_t *cpu)
{
    uint64_t a = cpu->cc_a, b = cpu->cc_b, r = cpu->cc_r;
    switch ((cc_op_t)cpu->cc_op) {
    case CC_NZCV:
        return (uint32_t)r & 0xf0000000u;
    case CC_ADD64:
        return NZCV(r >> 63, r == 0, r < a, ((a ^ r) & (b ^ r)) >> 63);
    case CC_SUB64: /* a - b = a + ~b + 1 */
        return NZCV(r >> 63, r == 0, a >= b, ((a ^ b) & (a ^ r)) >> 63);
    case CC_ADC64: {
        unsigned __int128 w = (unsigned __int128)a + b + (cpu->cc_c & 1);
        return NZCV(r >> 63, r == 0, (uint64_t)(w >> 64), ((a ^ r) & (b ^ r)) >> 63);
    }
    case CC_SBC64: { /* r = a + ~b + c */
        uint64_t nb = ~b;
        unsigned __int128 w = (unsigned __int128)a + nb + (cpu->cc_c & 1);
        return NZCV(r >> 63, r == 0, (uint64_t)(w >> 64), ((a ^ r) & (nb ^ r)) >> 63);
    }
    case CC_ADD32: {
        uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, r32 = (uint32_t)r;
        return NZCV(r32 >> 31, r32 == 0, r32 < a32, ((a32 ^ r32) & (b32 ^ r32)) >> 31);
    }
    case CC_SUB32: {
        uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, r32 = (uint32_t)r;
        return NZCV(r32 >> 31, r32 == 0, a32 >= b32, ((a32 ^ b32) & (a32 ^ r32)) >> 31);
    }
    case CC_ADC32: {
        uint64_t wide = (uint64_t)(uint32_t)a + (uint32_t)b + (cpu->cc_c & 1);
        uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, r32 = (uint32_t)r;
        return NZCV(r32 >> 31, r32 == 0, wide >> 32, ((a32 ^ r32) & (b32 ^ r32)) >> 31);
    }
    case CC_SBC32: {
        uint64_t wide = (uint64_t)(uint32_t)a + (uint32_t)~(uint32_t)b + (cpu->cc_c & 1);
        uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, r32 = (uint32_t)r;
        return NZCV(r32 >> 31, r32 == 0, wide >> 32, ((a32 ^ b32) & (a32 ^ r32)) >> 31);
    }
    case CC_LOGIC32:
        return NZCV((uint32_t)r >> 31, (uint32_t)r == 0, 0, 0);
    case CC_LOGIC64:
        return NZCV(r >> 63, r == 0, 0, 0);
    }
    return 0;
}

void cpu_set_nzcv(cpu_t *cpu, uint32_t nzcv)
{
    cpu->cc_op = CC_NZCV;
    cpu->cc_r = nzcv & 0xf0000000u;
}

/* ConditionHolds(cond) from the Arm pseudocode, for any cc_op (the inline
 * cpu_cond_holds in cpu_internal.h handles compares itself). */
bool cpu_cond_holds_general(const cpu_t *cpu, unsigned cond)
{
    /* Fast paths for the overwhelmingly common compare-then-branch. */
    if (cpu->cc_op == CC_SUB64 || cpu->cc_op == CC_SUB32) {
        bool is64 = cpu->cc_op == CC_SUB64;
        uint64_t a = is64 ? cpu->cc_a : (uint32_t)cpu->cc_a;
        uint64_t b = is64 ? cpu->cc_b : (uint32_t)cpu->cc_b;
        int64_t sa = is64 ? (int64_t)a : (int32_t)a;
        int64_t sb = is64 ? (int64_t)b : (int32_t)b;
        bool r;
        switch (cond >> 1) {
        case 0: r = a == b; break;   /* EQ */
        case 1: r = a >= b; break;   /* CS: no borrow */
        case 5: r = sa >= sb; break; /* GE */
        case 6: r = sa > sb; break;  /* GT */
        case 4: r = a > b; break;    /* HI */
        default: goto general;
        }
        return (cond & 1) && cond != 15 ? !r : r;
    }
general:;
    uint32_t f = cpu_get_nzcv(cpu);
    bool n = f >> 31 & 1, z = f >> 30 & 1, c = f >> 29 & 1, v = f >> 28 & 1;
    bool r;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: r = true; break; /* AL, NV */
    }
    return (cond & 1) && cond != 15 ? !r : r;
}
