/* simddiff.h - what the host tool (simddiff.c) and the guest runner
 * (runner.c, run under qemu-aarch64) share: fixed guest addresses, the
 * batch file layout and the per-case state and result records.
 *
 * A batch file is: sd_header_t, then ncases instruction slots (two words
 * each: the instruction under test, then UDF #0), then ncases sd_state_t.
 * The runner writes ncases sd_result_t. Everything is little-endian and
 * laid out identically on the host (x86-64) and the guest (aarch64).
 */
#ifndef SIMDDIFF_H
#define SIMDDIFF_H

#include <stdint.h>

/* Guest virtual addresses, the same on both machines (tinyvm runs the
 * cases at EL1 with the MMU off, so they are its physical addresses too). */
#define SD_CODE 0x40100000ull      /* slot i at SD_CODE + 8 * i */
#define SD_CODE_SIZE 0x00100000ull /* up to 131072 slots */
#define SD_BUF 0x407fc000ull       /* data buffer for loads/stores */
#define SD_BUF_SIZE 0x4000u        /* followed by an unmapped page */
#define SD_MAX_CASES 8192

#define SD_MAGIC 0x5344494du /* "MIDS" */

typedef struct sd_header {
    uint32_t magic;
    uint32_t ncases;
} sd_header_t;

enum { SD_F_MEM = 1 }; /* case touches the buffer: fill it, hash it */

typedef struct sd_state {
    uint64_t x[31];
    uint64_t sp;
    uint64_t nzcv, fpcr, fpsr;
    uint64_t memseed;
    uint32_t flags, pad;
    uint8_t v[32][16];
} sd_state_t;

enum { SD_OK = 1, SD_UNDEF = 2, SD_FAULT = 3, SD_OTHER = 4 };

typedef struct sd_result {
    uint32_t status, fpsr;
    uint64_t x[31];
    uint64_t sp, nzcv;
    uint64_t memhash;
    uint8_t v[32][16];
} sd_result_t;

/* splitmix64: the buffer contents of a case come from its memseed. */
static inline uint64_t sd_mix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline void sd_fill_buf(uint8_t *buf, uint64_t seed)
{
    for (unsigned i = 0; i < SD_BUF_SIZE; i += 8) {
        uint64_t v = sd_mix(&seed);
        for (int k = 0; k < 8; k++)
            buf[i + k] = (uint8_t)(v >> (8 * k));
    }
}

static inline uint64_t sd_hash_buf(const uint8_t *buf)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned i = 0; i < SD_BUF_SIZE; i++)
        h = (h ^ buf[i]) * 0x100000001b3ull;
    return h;
}

#endif
