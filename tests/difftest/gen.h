/* gen.h - the stream generator (gen.c), as the gen tool's commands (tool.c)
 * use it: a stream is a function of (seed, stream index, len, features). */
#ifndef TINYVM_DIFFTEST_GEN_H
#define TINYVM_DIFFTEST_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "difftest.h"

/* Optional instruction classes (features=). */
enum {
    F_CRC = 1u << 0,    /* CRC32, CRC32C */
    F_LSE = 1u << 1,    /* LD<op>, SWP, CAS, CASP */
    F_LRCPC = 1u << 2,  /* LDAPR */
    F_SYS = 1u << 3,    /* MRS/MSR NZCV, barriers, CLREX */
    F_FLAGM = 1u << 4,  /* CFINV, RMIF, SETF8/16 */
    F_FLAGM2 = 1u << 5, /* AXFLAG, XAFLAG */
    F_RCPC2 = 1u << 6,  /* LDAPUR, STLUR */
    F_UNDEF = 1u << 7,  /* a stream may end with a reserved encoding, SVC or BRK */
    F_SB = 1u << 8,     /* SB */
};
#define F_DEFAULT (F_CRC | F_LSE | F_SYS | F_UNDEF)

/* "crc32,lse,..." <-> bits; also "default", "all", "base" (none). */
unsigned parse_features(const char *s);
void features_str(unsigned feat, char *buf, size_t sz);

typedef struct rng {
    uint64_t s;
} rng_t;

enum { FX_IMM19, FX_IMM14, FX_IMM26, FX_ADR };

typedef struct fixup {
    int at;     /* the branch (or ADR) to patch */
    int from;   /* first instruction after its group */
    int hops;   /* target: the hops-th group boundary at or after 'from' */
    int kind;
} fixup_t;

typedef struct gen {
    rng_t r;
    unsigned feat;
    int len;           /* instructions before the final BRK */
    int n;             /* instructions emitted so far */
    int limit;         /* no branch goes past this index */
    int undef_at;      /* index of the final exception-raising word, or -1 */
    uint32_t end_esr;  /* ... the ESR it must raise */
    uint64_t end_pc;   /* ... and the preferred return address (offset) */
    uint32_t avoid;    /* registers the current group must not write; bit 31: SP */
    bool mmu;          /* runs with the MMU on: plain accesses may be unaligned */
    uint32_t w[DT_MAX_LEN + 1];
    bool bound[DT_MAX_LEN + 2];
    fixup_t fix[DT_MAX_LEN];
    int nfix;
    dt_stream_t hdr;
} gen_t;

/* Generates stream 'id' of 'seed' into *g (g->w[0..len] with the final BRK,
 * g->hdr for the batch). */
void gen_stream(gen_t *g, uint64_t seed, uint64_t id, int len, unsigned feat);

/* Replay k of a stream for bisection: only its first k instructions run. */
void truncate_stream(gen_t *g, int k);

/* A word that the Arm decode pseudocode makes UNDEFINED. */
uint32_t reserved_word(rng_t *r);

#endif
