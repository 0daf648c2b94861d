/* op.h - the translator's intermediate representation.
 *
 * A translation block (TB) is an array of ops, normally one per guest
 * instruction. An op is a handler plus operands the decoder extracted once
 * (register slots, immediates, shift, size, condition), so executing it does
 * no decoding (DESIGN.md "decode once, execute many").
 *
 * The set of ops is explicit: every op has a kind (OP_<name>) listed in one of
 * the op_list_*.h files, and its handler op_<name>(). The threaded-code
 * executor only follows fn; a native code generator (a later backend) will
 * switch on kind and read the same operand fields.
 *
 * Handler contract: return the next op to execute. Ordinary ops return op + 1.
 * The last op of a block (a branch, or the fall-through "goto_tb" the
 * translator appends) sets cpu->pc and returns either the first op of a
 * chained successor block or NULL to go back to the dispatcher. An op that
 * faults never returns: it takes the exception and unwinds (cpu_raise_*).
 */
#ifndef TINYVM_CPU_OP_H
#define TINYVM_CPU_OP_H

#include <stdint.h>

struct cpu;
struct op;
typedef const struct op *(*op_fn)(struct cpu *cpu, const struct op *op);

typedef struct op {
    op_fn fn;
    uint16_t kind;   /* OP_* */
    uint16_t idx;    /* index of the guest instruction in its TB: pc = tb->pc + 4*idx */
    uint8_t rd, rn, rm, ra; /* register slots (cpu_internal.h REG_*) */
    uint8_t sf;      /* 1: 64-bit operation; for memory ops: log2 of the access size */
    uint8_t a, b, c; /* small operands: shift type/amount, extend, cond, flags ... */
    uint32_t insn;   /* the guest instruction word (traces, syndromes) */
    uint64_t imm;
    uint64_t imm2;
} op_t;

#include "op_list_branch.h"
#include "op_list_dp.h"
#include "op_list_mem.h"
#include "op_list_sys.h"
#include "op_list_fp.h"
#include "op_list_simd.h"

#define OP_LIST_ALL(X) \
    OP_LIST_BRANCH(X) OP_LIST_DP(X) OP_LIST_MEM(X) OP_LIST_SYS(X) OP_LIST_FP(X) OP_LIST_SIMD(X)

#define OP_ENUM_ENTRY(name) OP_##name,
enum op_kind { OP_LIST_ALL(OP_ENUM_ENTRY) OP_KIND_COUNT };
#undef OP_ENUM_ENTRY

#define OP_DECLARE(name) const op_t *op_##name(struct cpu *cpu, const op_t *op);
OP_LIST_ALL(OP_DECLARE)
#undef OP_DECLARE

extern const op_fn op_handlers[OP_KIND_COUNT];
extern const char *const op_names[OP_KIND_COUNT];

/* Give op its kind and handler. */
static inline void op_set(op_t *op, enum op_kind kind)
{
    op->kind = (uint16_t)kind;
    op->fn = op_handlers[kind];
}

#endif
