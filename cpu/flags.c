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

static inline __attribute__((always_inline)) uint32_t nzcv_of(const cpu_t *cpu)
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

uint32_t cpu_get_nzcv(const cpu_t *cpu)
{
    return nzcv_of(cpu);
}

void cpu_set_nzcv(cpu_t *cpu, uint32_t nzcv)
{
    cpu->cc_op = CC_NZCV;
    cpu->cc_r = nzcv & 0xf0000000u;
}

/* ConditionHolds(cond) from the Arm pseudocode, for any cc_op (the inline
 * cpu_cond_holds in cpu_internal.h handles compares itself). */
_Static_assert(CC_ADD32 & CC_SUB32 & CC_ADC32 & CC_SBC32 & CC_LOGIC32 & 1 &&
                   !((CC_ADD64 | CC_SUB64 | CC_ADC64 | CC_SBC64 | CC_LOGIC64) & 1),
               "the 32-bit cc_op kinds are the odd ones");

bool cpu_cond_holds_general(const cpu_t *cpu, unsigned cond)
{
    /* EQ/NE: Z = IsZero(result) at the operation's width, whatever the kind
     * (ADDS/ADCS loop counters and TST feed B.NE far more than anything
     * else that comes here). */
    if (cond < 2 && cpu->cc_op != CC_NZCV) {
        uint64_t r = cpu->cc_op & 1 ? (uint32_t)cpu->cc_r : cpu->cc_r;
        return (r == 0) != (cond & 1);
    }
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
    /* ConditionHolds(cond) for every NZCV at once: bit (NZCV as 4 bits) of
     * cond_table[cond] (EQ: Z, CS: C, MI: N, VS: V, HI: C && !Z, GE: N == V,
     * GT: N == V && !Z, AL; odd conditions negated, NV = AL). One load and
     * shift instead of a branch per condition: B.cond after TST/ADDS/ADCS
     * comes here on every execution. */
    static const uint16_t cond_table[16] = {
        0xf0f0, 0x0f0f, 0xcccc, 0x3333, 0xff00, 0x00ff, 0xaaaa, 0x5555,
        0x0c0c, 0xf3f3, 0xaa55, 0x55aa, 0x0a05, 0xf5fa, 0xffff, 0xffff,
    };
    return cond_table[cond & 15] >> (nzcv_of(cpu) >> 28) & 1;
}
