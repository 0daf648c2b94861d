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
bool jit_inline_op(x86_emit_t *e, cpu_t *cpu, const tb_t *tb, const op_t *op);

#endif
