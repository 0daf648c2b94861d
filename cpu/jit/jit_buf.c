/* jit_buf.c - executable memory for the native backend (see jit_buf.h). */
#if defined(__x86_64__)
#include "jit_buf.h"

#include <sys/mman.h>

#include "x86_emit.h"

uint8_t *jit_buf_map(size_t size)
{
    /* Try hints below and above tinyvm's text (this function is in it), so
     * the whole buffer is within +-2 GiB of every handler; the kernel may
     * place the mapping elsewhere, which only costs longer calls. */
    uintptr_t text = (uintptr_t)(const void *)jit_buf_map & ~(uintptr_t)0xfffff;
    static const intptr_t hints[] = { -(intptr_t)(512u << 20), 256u << 20, -(intptr_t)(1u << 30) };
    for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
        uintptr_t want = text + (uintptr_t)hints[i];
        void *p = mmap((void *)want, size, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED)
            return NULL; /* W+X refused: no point trying other addresses */
        uint8_t *b = p;
        if (x86_rel32_ok(b, (const void *)text) && x86_rel32_ok(b + size, (const void *)text))
            return b;
        if (i + 1 == sizeof(hints) / sizeof(hints[0]))
            return b; /* far away: calls go through a register */
        munmap(p, size);
    }
    return NULL;
}

void jit_buf_unmap(uint8_t *buf, size_t size)
{
    if (buf)
        munmap(buf, size);
}
#endif
