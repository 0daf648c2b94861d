/* jit_ops.h - the ops the native backend turns into inline x86-64 instead
 * of a call of their C handler (jit.c). */
#ifndef TINYVM_CPU_JIT_JIT_OPS_H
#define TINYVM_CPU_JIT_JIT_OPS_H

#include <stdbool.h>

#include "cpu/cpu_internal.h"
#include "cpu/tb.h"
#include "x86_emit.h"

/* Emit op inline (not a block's last op) with cpu in rbx; false when it is
 * not one of the inlined kinds/forms (the caller emits the call). */
bool jit_inline_op(x86_emit_t *e, const op_t *op);

struct jit;
/* Emit a block-ending op (branch.c) inline: the direct branches (B, BL,
 * B.cond, CBZ/CBNZ, TBZ/TBNZ, the fused CMP + B.cond, the fall-through
 * goto_tb/exit_tb), each exit going to the shared chain stub; false for the
 * others (the caller calls the handler and jumps to the exit stub). */
bool jit_inline_exit(x86_emit_t *e, const struct jit *j, const tb_t *tb, const op_t *op);
/* The chain stub (generated once, jit.c): rax = tb->next[slot], rsi = tb,
 * edi = slot; does tb_chain()'s checks and bookkeeping and jumps to the
 * next block's code, or returns to the dispatcher. */
void jit_gen_chain_stub(x86_emit_t *e, const struct jit *j);

#endif
