/* op_table.c - kind -> handler and kind -> name, generated from the op lists. */
#include "op.h"

#define OP_FN_ENTRY(name) [OP_##name] = op_##name,
const op_fn op_handlers[OP_KIND_COUNT] = { OP_LIST_ALL(OP_FN_ENTRY) };

#define OP_NAME_ENTRY(name) [OP_##name] = #name,
const char *const op_names[OP_KIND_COUNT] = { OP_LIST_ALL(OP_NAME_ENTRY) };
