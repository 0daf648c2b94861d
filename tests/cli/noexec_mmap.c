/* noexec_mmap.c - an LD_PRELOAD shim for tests/cli/test_cli.sh: tinyvm's own
 * mmap calls that ask for executable memory fail with EACCES, as on a host
 * whose policy refuses writable+executable mappings (SELinux deny_execmem,
 * PaX MPROTECT). The dynamic loader maps libraries through its internal
 * mmap, which this does not see, so only the native backend's code buffer
 * (cpu/jit/jit_buf.c) is refused. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/mman.h>
#include <sys/types.h>

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    static void *(*real_mmap)(void *, size_t, int, int, int, off_t);
    if (prot & PROT_EXEC) {
        errno = EACCES;
        return MAP_FAILED;
    }
    if (!real_mmap)
        real_mmap = (void *(*)(void *, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, "mmap");
    return real_mmap(addr, len, prot, flags, fd, off);
}
