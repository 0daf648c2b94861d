/* jit_buf.h - the executable memory the native backend writes code into.
 *
 * One mapping per CPU (like its block cache), readable, writable and
 * executable. It is placed near tinyvm's own code when the kernel allows,
 * so generated code reaches the C op handlers with a 5-byte rel32 call
 * (x86_call falls back to an absolute call otherwise). When the mapping
 * cannot be made (a host that forbids writable+executable memory) the
 * backend is simply off and blocks run threaded.
 */
#ifndef TINYVM_CPU_JIT_JIT_BUF_H
#define TINYVM_CPU_JIT_JIT_BUF_H

#include <stddef.h>
#include <stdint.h>

/* Map size bytes of code memory; NULL on failure. */
uint8_t *jit_buf_map(size_t size);
void jit_buf_unmap(uint8_t *buf, size_t size);

#endif
