/* tb.h - translation blocks and the block cache.
 *
 * Blocks are found by (virtual PC, physical PC, context flags): the virtual PC
 * because that is what the CPU jumps to, the physical PC so that two address
 * spaces mapping the same code share it and a remapped page never runs stale
 * code, and the flags for everything translation baked in (the exception
 * level and PAN, which choose the TLB regime memory ops use).
 *
 * Blocks live in one arena and are never freed one by one: invalidating a
 * block marks it invalid and unlinks it from the hash table; chained jumps to
 * it check `valid`. When the arena fills up, everything is flushed at once.
 */
#ifndef TINYVM_CPU_TB_H
#define TINYVM_CPU_TB_H

#include <stdbool.h>
#include <stdint.h>

#include "op.h"

#define TB_MAX_INSNS 128
#define TB_FLAG_FP 4 /* FP/SIMD enabled at this EL: see tb_flags_for() */
#define TB_FLAG_STEP 8 /* single-stepping: one-instruction blocks (debug.c) */

typedef struct tb {
    uint64_t pc;        /* guest virtual address of the first instruction */
    uint64_t phys_pc;   /* its physical address */
    uint32_t flags;     /* context: see tb_flags_for() */
    uint16_t ninsns;    /* guest instructions in the block */
    uint16_t nops;
    bool valid;
    struct tb *hash_next;
    struct tb *page_next;   /* blocks starting in the same physical page */
    struct tb *next[2];     /* chained successors for the two exit slots */
    void *native;           /* its x86-64 code (cpu/jit/), or NULL: run the ops */
    op_t ops[];
} tb_t;

struct cpu;

/* The context part of a block's key for the CPU's current state. */
uint32_t tb_flags_for(const struct cpu *cpu);

int tb_cache_init(struct cpu *cpu);
void tb_cache_destroy(struct cpu *cpu);

/* Find or translate the block at cpu->pc. May raise an instruction abort
 * (then it does not return). */
tb_t *tb_find(struct cpu *cpu);

/* Translate one block (translate.c). host points at the guest page's bytes. */
tb_t *tb_translate(struct cpu *cpu, uint64_t pc, uint64_t phys_pc, uint32_t flags,
                   const uint8_t *host_page);

/* Arena allocation for tb_translate: room for a block of up to nops ops. */
tb_t *tb_alloc(struct cpu *cpu, unsigned nops);
/* Shrink the last allocated block to its real op count and publish it. */
void tb_commit(struct cpu *cpu, tb_t *tb);

#endif
