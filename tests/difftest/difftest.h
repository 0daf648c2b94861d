/* difftest.h - what the stream generator (gen.c, host) and the guest runner
 * (runner.c, bare metal) agree on: the fixed guest addresses, the layout of a
 * generated batch, and the deterministic scratch-buffer contents.
 *
 * The streams are copied to, and their scratch buffer lives at, fixed
 * physical addresses, so every PC-relative result (ADR, ADRP, BL's link
 * value, literal loads) is the same on tinyvm and on the oracle wherever the
 * loader put the Image. Both sit in the middle of a 256 MiB RAM, far from the
 * Image (0x40200000) and the DTB (RAM base).
 */
#ifndef TINYVM_DIFFTEST_H
#define TINYVM_DIFFTEST_H

#include <stdint.h>

#define DT_MAGIC 0x31747366666964ull /* "difftst1" */

#define DT_CODE_BASE 0x48000000ull   /* stream code slots */
#define DT_CODE_SLOTS 1024u          /* stream id % slots picks the slot */
#define DT_CODE_SLOT_SIZE 0x1000u    /* one page per stream */
#define DT_MAX_LEN 1000u             /* instructions per stream, BRK excluded */

#define DT_BUF_BASE 0x48800000ull    /* scratch buffer: two pages */
#define DT_BUF_SIZE 8192u
#define DT_BUF_MID (DT_BUF_BASE + 4096) /* x28 holds this: the page boundary */
#define DT_BUF_REG 28                /* the pinned base register */

/* A stream ends with BRK #DT_BRK_IMM; anything else that stops it is
 * reported as an exception with its ESR and PC offset. */
#define DT_BRK_IMM 0xd1fu
#define DT_ESR_BRK (0xf2000000u | DT_BRK_IMM) /* EC 0x3c, IL=1 */
#define DT_ESR_UNDEF 0x02000000u              /* EC 0, IL=1 */

#define DT_F_DUMPMEM 1u /* batch flag: print every changed buffer word */

/* Stream flag: run with the MMU on (identity map, Normal memory), which
 * lets the stream make unaligned accesses, also across the page boundary
 * in the middle of the buffer. */
#define DT_S_MMU 1u

/* One stream, as the generator emits it (.quad fields in this order). */
typedef struct dt_stream {
    uint64_t id;        /* stream index within its seed */
    uint64_t code_addr; /* where the runner copies the code (a DT_CODE slot) */
    uint64_t code_off;  /* first word in dt_code[] */
    uint64_t ncode;     /* words, the final BRK included */
    uint64_t mem_seed;  /* scratch buffer contents, see dt_fill_word() */
    uint64_t sp;        /* SP_EL0, the stream's stack pointer */
    uint64_t spsr;      /* ERET into the stream: NZCV, DAIF masked, EL0t or EL1t */
    uint64_t sflags;    /* DT_S_* */
    uint64_t x[31];     /* x0..x30; x28 = DT_BUF_MID */
} dt_stream_t;

typedef struct dt_batch {
    uint64_t magic, nstreams, flags, reserved;
    dt_stream_t s[];
} dt_batch_t;

static inline uint64_t dt_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Word j (64-bit) of the scratch buffer before the stream runs. A few words
 * hold small or extreme values so loads feed edge cases to the ALU. */
static inline uint64_t dt_fill_word(uint64_t seed, uint64_t j)
{
    uint64_t v = dt_mix64(seed + (j + 1) * 0x9e3779b97f4a7c15ull);
    switch (v & 15) {
    case 0: return 0;
    case 1: return ~0ull;
    case 2: return (v >> 8) & 0xff;
    case 3: return 0x8000000080000000ull;
    case 4: return 0x7fffffff7fffffffull ^ ((v >> 20) & 0x100000001ull);
    default: return v;
    }
}

/* FNV-1a over the buffer's 64-bit words: one number per stream in the
 * batch output; a mismatching stream is rerun with DT_F_DUMPMEM. */
static inline uint64_t dt_hash_step(uint64_t h, uint64_t w)
{
    return (h ^ w) * 0x100000001b3ull;
}
#define DT_HASH_INIT 0xcbf29ce484222325ull

#endif
