/* dp_misc.c - handlers for the A64 data-processing (1 source, 2 source and
 * 3 source) instructions, decoded by dp_reg.c: RBIT, REV16, REV32, REV, CLZ,
 * CLS; UDIV, SDIV, LSLV, LSRV, ASRV, RORV, CRC32{B,H,W,X}, CRC32C{B,H,W,X};
 * MADD, MSUB, SMADDL, SMSUBL, UMADDL, UMSUBL, SMULH, UMULH.
 *
 * Operands: rd, rn, rm, ra register slots. 32-bit results are zero-extended
 * into the 64-bit register, as for every W-register write.
 */
#include <pthread.h>

#include "decode.h"
#include "dp.h"

#define T64(v) ((uint64_t)(v))
#define T32(v) ((uint64_t)(uint32_t)(v))

/* ---- shifts by register (ShiftReg with amount = Rm MOD datasize) -------- */

const op_t *op_lslv64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->rn] << (cpu->x[op->rm] & 63);
    return op + 1;
}

const op_t *op_lslv32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint32_t)(cpu->x[op->rn] << (cpu->x[op->rm] & 31));
    return op + 1;
}

const op_t *op_lsrv64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->rn] >> (cpu->x[op->rm] & 63);
    return op + 1;
}

const op_t *op_lsrv32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint32_t)cpu->x[op->rn] >> (cpu->x[op->rm] & 31);
    return op + 1;
}

const op_t *op_asrv64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint64_t)((int64_t)cpu->x[op->rn] >> (cpu->x[op->rm] & 63));
    return op + 1;
}

const op_t *op_asrv32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint32_t)((int32_t)(uint32_t)cpu->x[op->rn] >> (cpu->x[op->rm] & 31));
    return op + 1;
}

const op_t *op_rorv64(cpu_t *cpu, const op_t *op)
{
    uint64_t v = cpu->x[op->rn];
    unsigned s = cpu->x[op->rm] & 63;
    cpu->x[op->rd] = (v >> s) | (v << ((64 - s) & 63));
    return op + 1;
}

const op_t *op_rorv32(cpu_t *cpu, const op_t *op)
{
    uint32_t v = (uint32_t)cpu->x[op->rn];
    unsigned s = cpu->x[op->rm] & 31;
    cpu->x[op->rd] = (uint32_t)((v >> s) | (v << ((32 - s) & 31)));
    return op + 1;
}

/* ---- division ------------------------------------------------------------ */

/* A64 division never traps: x / 0 = 0, and INT_MIN / -1 = INT_MIN (the
 * pseudocode's RoundTowardsZero of the exact quotient, truncated to N bits).
 * Both cases would trap on an x86 host, so they are handled first. */
const op_t *op_udiv64(cpu_t *cpu, const op_t *op)
{
    uint64_t n = cpu->x[op->rn], m = cpu->x[op->rm];
    cpu->x[op->rd] = m ? n / m : 0;
    return op + 1;
}

const op_t *op_udiv32(cpu_t *cpu, const op_t *op)
{
    uint32_t n = (uint32_t)cpu->x[op->rn], m = (uint32_t)cpu->x[op->rm];
    cpu->x[op->rd] = m ? n / m : 0;
    return op + 1;
}

const op_t *op_sdiv64(cpu_t *cpu, const op_t *op)
{
    int64_t n = (int64_t)cpu->x[op->rn], m = (int64_t)cpu->x[op->rm];
    uint64_t r;
    if (m == 0)
        r = 0;
    else if (m == -1)
        r = 0 - (uint64_t)n; /* wraps for INT64_MIN, giving INT64_MIN */
    else
        r = (uint64_t)(n / m);
    cpu->x[op->rd] = r;
    return op + 1;
}

const op_t *op_sdiv32(cpu_t *cpu, const op_t *op)
{
    int32_t n = (int32_t)(uint32_t)cpu->x[op->rn], m = (int32_t)(uint32_t)cpu->x[op->rm];
    uint32_t r;
    if (m == 0)
        r = 0;
    else if (m == -1)
        r = 0 - (uint32_t)n;
    else
        r = (uint32_t)(n / m);
    cpu->x[op->rd] = r;
    return op + 1;
}

/* ---- multiply ------------------------------------------------------------ */

const op_t *op_madd64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->ra] + cpu->x[op->rn] * cpu->x[op->rm];
    return op + 1;
}

const op_t *op_madd32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint32_t)(cpu->x[op->ra] + cpu->x[op->rn] * cpu->x[op->rm]);
    return op + 1;
}

const op_t *op_msub64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->ra] - cpu->x[op->rn] * cpu->x[op->rm];
    return op + 1;
}

const op_t *op_msub32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint32_t)(cpu->x[op->ra] - cpu->x[op->rn] * cpu->x[op->rm]);
    return op + 1;
}

/* MUL: MADD with Ra = ZR, the overwhelmingly common form. */
const op_t *op_mul64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->rn] * cpu->x[op->rm];
    return op + 1;
}

const op_t *op_mul32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = (uint32_t)(cpu->x[op->rn] * cpu->x[op->rm]);
    return op + 1;
}

/* 32 x 32 -> 64 multiply-accumulate (the product never overflows 64 bits
 * as a signed or unsigned value; the accumulate wraps). */
#define SMUL3232(cpu, op) \
    ((uint64_t)((int64_t)(int32_t)(uint32_t)cpu->x[op->rn] * (int32_t)(uint32_t)cpu->x[op->rm]))
#define UMUL3232(cpu, op) ((uint64_t)(uint32_t)cpu->x[op->rn] * (uint32_t)cpu->x[op->rm])

const op_t *op_smaddl(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->ra] + SMUL3232(cpu, op);
    return op + 1;
}

const op_t *op_smsubl(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->ra] - SMUL3232(cpu, op);
    return op + 1;
}

const op_t *op_umaddl(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->ra] + UMUL3232(cpu, op);
    return op + 1;
}

const op_t *op_umsubl(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = cpu->x[op->ra] - UMUL3232(cpu, op);
    return op + 1;
}

/* High 64 bits of the 128-bit product. */
const op_t *op_smulh(cpu_t *cpu, const op_t *op)
{
    __int128 p = (__int128)(int64_t)cpu->x[op->rn] * (int64_t)cpu->x[op->rm];
    cpu->x[op->rd] = (uint64_t)((unsigned __int128)p >> 64);
    return op + 1;
}

const op_t *op_umulh(cpu_t *cpu, const op_t *op)
{
    unsigned __int128 p = (unsigned __int128)cpu->x[op->rn] * cpu->x[op->rm];
    cpu->x[op->rd] = (uint64_t)(p >> 64);
    return op + 1;
}

/* ---- bit manipulation (data-processing, 1 source) ----------------------- */

static inline uint64_t rbit64(uint64_t v)
{
    v = (v >> 1 & 0x5555555555555555ull) | (v & 0x5555555555555555ull) << 1;
    v = (v >> 2 & 0x3333333333333333ull) | (v & 0x3333333333333333ull) << 2;
    v = (v >> 4 & 0x0f0f0f0f0f0f0f0full) | (v & 0x0f0f0f0f0f0f0f0full) << 4;
    return __builtin_bswap64(v);
}

const op_t *op_rbit64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = rbit64(cpu->x[op->rn]);
    return op + 1;
}

const op_t *op_rbit32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = rbit64(cpu->x[op->rn]) >> 32; /* low word reversed lands in the high half */
    return op + 1;
}

/* REV16: swap the bytes of each halfword. */
static inline uint64_t rev16(uint64_t v)
{
    return (v >> 8 & 0x00ff00ff00ff00ffull) | (v & 0x00ff00ff00ff00ffull) << 8;
}

const op_t *op_rev16_64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = rev16(cpu->x[op->rn]);
    return op + 1;
}

const op_t *op_rev16_32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = rev16((uint32_t)cpu->x[op->rn]);
    return op + 1;
}

/* REV32 (64-bit): reverse the bytes of each word = byte-reverse everything,
 * then swap the words back. */
const op_t *op_rev32_64(cpu_t *cpu, const op_t *op)
{
    uint64_t v = __builtin_bswap64(cpu->x[op->rn]);
    cpu->x[op->rd] = v >> 32 | v << 32;
    return op + 1;
}

/* REV Wd, Wn */
const op_t *op_rev32(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = __builtin_bswap32((uint32_t)cpu->x[op->rn]);
    return op + 1;
}

/* REV Xd, Xn */
const op_t *op_rev64(cpu_t *cpu, const op_t *op)
{
    cpu->x[op->rd] = __builtin_bswap64(cpu->x[op->rn]);
    return op + 1;
}

/* CountLeadingZeroBits: the width for zero. */
const op_t *op_clz64(cpu_t *cpu, const op_t *op)
{
    uint64_t v = cpu->x[op->rn];
    cpu->x[op->rd] = v ? (uint64_t)__builtin_clzll(v) : 64;
    return op + 1;
}

const op_t *op_clz32(cpu_t *cpu, const op_t *op)
{
    uint32_t v = (uint32_t)cpu->x[op->rn];
    cpu->x[op->rd] = v ? (uint64_t)__builtin_clz(v) : 32;
    return op + 1;
}

/* CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>):
 * the bits below the sign bit that equal it. Flipping a negative value makes
 * that the leading zeros minus the sign bit itself. */
const op_t *op_cls64(cpu_t *cpu, const op_t *op)
{
    uint64_t v = cpu->x[op->rn];
    v ^= (uint64_t)((int64_t)v >> 63);
    cpu->x[op->rd] = (v ? (uint64_t)__builtin_clzll(v) : 64) - 1;
    return op + 1;
}

const op_t *op_cls32(cpu_t *cpu, const op_t *op)
{
    uint32_t v = (uint32_t)cpu->x[op->rn];
    v ^= (uint32_t)((int32_t)v >> 31);
    cpu->x[op->rd] = (v ? (uint64_t)__builtin_clz(v) : 32) - 1;
    return op + 1;
}

/* ---- CRC32 / CRC32C ------------------------------------------------------ */

/* The pseudocode's CRC32 works on bit-reversed values with the polynomial
 * 0x04C11DB7 (CRC32) or 0x1EDC6F41 (CRC32C): the same as the usual reflected
 * byte-wise CRC with the reversed polynomials below, without the initial and
 * final inversion (software does those around the instruction).
 * crc_tab[p][k][b] is the CRC of byte b followed by k zero bytes
 * ("slicing-by-8"), so a doubleword takes 8 lookups and no loop. */
static uint32_t crc_tab[2][8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_tables_init(void)
{
    static const uint32_t poly[2] = { 0xedb88320u, 0x82f63b78u };
    for (int p = 0; p < 2; p++) {
        for (unsigned b = 0; b < 256; b++) {
            uint32_t c = b;
            for (int i = 0; i < 8; i++)
                c = c >> 1 ^ (poly[p] & (0u - (c & 1)));
            crc_tab[p][0][b] = c;
        }
        for (int k = 1; k < 8; k++)
            for (unsigned b = 0; b < 256; b++) {
                uint32_t c = crc_tab[p][k - 1][b];
                crc_tab[p][k][b] = c >> 8 ^ crc_tab[p][0][c & 0xff];
            }
    }
}

/* Called by the decoder before it emits a CRC op. */
void dp_crc_init(void)
{
    pthread_once(&crc_once, crc_tables_init);
}

static inline uint32_t crc_b(const uint32_t (*t)[256], uint32_t crc, uint64_t data)
{
    return crc >> 8 ^ t[0][(crc ^ data) & 0xff];
}

static inline uint32_t crc_h(const uint32_t (*t)[256], uint32_t crc, uint64_t data)
{
    uint32_t c = crc ^ (uint16_t)data;
    return crc >> 16 ^ t[1][c & 0xff] ^ t[0][c >> 8 & 0xff];
}

static inline uint32_t crc_w(const uint32_t (*t)[256], uint32_t crc, uint64_t data)
{
    uint32_t c = crc ^ (uint32_t)data;
    return t[3][c & 0xff] ^ t[2][c >> 8 & 0xff] ^ t[1][c >> 16 & 0xff] ^ t[0][c >> 24];
}

static inline uint32_t crc_x(const uint32_t (*t)[256], uint32_t crc, uint64_t data)
{
    uint32_t lo = crc ^ (uint32_t)data, hi = (uint32_t)(data >> 32);
    return t[7][lo & 0xff] ^ t[6][lo >> 8 & 0xff] ^ t[5][lo >> 16 & 0xff] ^ t[4][lo >> 24] ^
           t[3][hi & 0xff] ^ t[2][hi >> 8 & 0xff] ^ t[1][hi >> 16 & 0xff] ^ t[0][hi >> 24];
}

/* CRC32{C}{B,H,W,X} Wd, Wn, {W,X}m: Wd = CRC(Wn, Rm's low 8/16/32/64 bits). */
#define DEF_CRC(name, fn, poly)                                               \
    const op_t *op_##name(cpu_t *cpu, const op_t *op)                         \
    {                                                                         \
        cpu->x[op->rd] = fn(crc_tab[poly], (uint32_t)cpu->x[op->rn], cpu->x[op->rm]); \
        return op + 1;                                                        \
    }

DEF_CRC(crc32b, crc_b, 0)
DEF_CRC(crc32h, crc_h, 0)
DEF_CRC(crc32w, crc_w, 0)
DEF_CRC(crc32x, crc_x, 0)
DEF_CRC(crc32cb, crc_b, 1)
DEF_CRC(crc32ch, crc_h, 1)
DEF_CRC(crc32cw, crc_w, 1)
DEF_CRC(crc32cx, crc_x, 1)
