/* runner.c - the oracle side of tests/simddiff: a static aarch64 Linux
 * program run under qemu-aarch64 (user mode).
 *
 *   runner BATCH.in RESULTS.out
 *
 * For each case it loads the generated state (x0-x29, SP, NZCV, FPCR, FPSR,
 * V0-V31; x30 = the slot address) and branches to the case's slot: the
 * instruction under test, then UDF #0. Whatever stops it -- SIGILL at the
 * UDF (done), SIGILL at the instruction (UNDEFINED), SIGSEGV/SIGBUS (a
 * memory fault) -- the signal handler, on its own stack, records the
 * registers of the signal frame (general, SP, FPSR and the V registers of
 * the fpsimd record) and jumps back to the loop.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <asm/sigcontext.h>

#include "simddiff.h"

static sd_result_t *cur_res;
static uint64_t cur_slot;
static uint32_t cur_flags;
static sigjmp_buf back;

void sd_enter(const sd_state_t *st, uint64_t slot);

/* Offsets used by sd_enter below. */
_Static_assert(offsetof(sd_state_t, sp) == 248, "layout");
_Static_assert(offsetof(sd_state_t, nzcv) == 256, "layout");
_Static_assert(offsetof(sd_state_t, fpcr) == 264, "layout");
_Static_assert(offsetof(sd_state_t, fpsr) == 272, "layout");
_Static_assert(offsetof(sd_state_t, v) == 296, "layout");

__asm__(
    ".text\n"
    ".global sd_enter\n"
    "sd_enter:\n"
    "  ldr x2, [x0, #256]\n  msr nzcv, x2\n"
    "  ldr x2, [x0, #264]\n  msr fpcr, x2\n"
    "  ldr x2, [x0, #272]\n  msr fpsr, x2\n"
    "  add x2, x0, #296\n"
    "  ldp q0, q1, [x2], #32\n  ldp q2, q3, [x2], #32\n  ldp q4, q5, [x2], #32\n"
    "  ldp q6, q7, [x2], #32\n  ldp q8, q9, [x2], #32\n  ldp q10, q11, [x2], #32\n"
    "  ldp q12, q13, [x2], #32\n  ldp q14, q15, [x2], #32\n  ldp q16, q17, [x2], #32\n"
    "  ldp q18, q19, [x2], #32\n  ldp q20, q21, [x2], #32\n  ldp q22, q23, [x2], #32\n"
    "  ldp q24, q25, [x2], #32\n  ldp q26, q27, [x2], #32\n  ldp q28, q29, [x2], #32\n"
    "  ldp q30, q31, [x2], #32\n"
    "  ldr x2, [x0, #248]\n  mov sp, x2\n"
    "  mov x30, x1\n"
    "  ldp x2, x3, [x0, #16]\n  ldp x4, x5, [x0, #32]\n  ldp x6, x7, [x0, #48]\n"
    "  ldp x8, x9, [x0, #64]\n  ldp x10, x11, [x0, #80]\n  ldp x12, x13, [x0, #96]\n"
    "  ldp x14, x15, [x0, #112]\n  ldp x16, x17, [x0, #128]\n  ldp x18, x19, [x0, #144]\n"
    "  ldp x20, x21, [x0, #160]\n  ldp x22, x23, [x0, #176]\n  ldp x24, x25, [x0, #192]\n"
    "  ldp x26, x27, [x0, #208]\n  ldp x28, x29, [x0, #224]\n"
    "  ldp x0, x1, [x0]\n"
    "  br x30\n");

static void handler(int sig, siginfo_t *si, void *ucv)
{
    (void)si;
    ucontext_t *uc = ucv;
    struct sigcontext *mc = (struct sigcontext *)&uc->uc_mcontext;
    sd_result_t *r = cur_res;
    uint64_t pc = mc->pc;
    if (sig == SIGILL && pc == cur_slot + 4)
        r->status = SD_OK;
    else if (sig == SIGILL && pc == cur_slot)
        r->status = SD_UNDEF;
    else if ((sig == SIGSEGV || sig == SIGBUS) && pc == cur_slot)
        r->status = SD_FAULT;
    else
        r->status = SD_OTHER;
    for (int i = 0; i < 31; i++)
        r->x[i] = mc->regs[i];
    r->sp = mc->sp;
    r->nzcv = mc->pstate & 0xf0000000u;
    struct _aarch64_ctx *h = (struct _aarch64_ctx *)mc->__reserved;
    if (h->magic == FPSIMD_MAGIC) {
        struct fpsimd_context *f = (struct fpsimd_context *)h;
        r->fpsr = f->fpsr;
        memcpy(r->v, f->vregs, sizeof(r->v));
    }
    if (cur_flags & SD_F_MEM)
        r->memhash = sd_hash_buf((const uint8_t *)(uintptr_t)SD_BUF);
    siglongjmp(back, 1);
}

static void *map_fixed(uint64_t addr, size_t size, int prot)
{
    void *p = mmap((void *)(uintptr_t)addr, size, prot,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != (void *)(uintptr_t)addr) {
        fprintf(stderr, "runner: cannot map %#llx\n", (unsigned long long)addr);
        exit(2);
    }
    return p;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: runner BATCH.in RESULTS.out\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    sd_header_t hd;
    if (!in || fread(&hd, sizeof(hd), 1, in) != 1 || hd.magic != SD_MAGIC || hd.ncases > SD_MAX_CASES) {
        fprintf(stderr, "runner: bad batch %s\n", argv[1]);
        return 2;
    }
    uint32_t *code = map_fixed(SD_CODE, SD_CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC);
    uint8_t *buf = map_fixed(SD_BUF, SD_BUF_SIZE, PROT_READ | PROT_WRITE);
    /* The page after the buffer must stay unmapped: faults are tested there. */
    void *guard = mmap((void *)(uintptr_t)(SD_BUF + SD_BUF_SIZE), 4096, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (guard != (void *)(uintptr_t)(SD_BUF + SD_BUF_SIZE)) {
        fprintf(stderr, "runner: guard page in use\n");
        return 2;
    }
    munmap(guard, 4096);
    sd_state_t *st = malloc(sizeof(*st) * hd.ncases);
    sd_result_t *res = calloc(hd.ncases, sizeof(*res));
    if (fread(code, 8, hd.ncases, in) != hd.ncases || fread(st, sizeof(*st), hd.ncases, in) != hd.ncases) {
        fprintf(stderr, "runner: short batch\n");
        return 2;
    }
    fclose(in);
    __builtin___clear_cache((char *)code, (char *)code + 8 * hd.ncases);

    static uint8_t altstack[65536];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);

    for (uint32_t i = 0; i < hd.ncases; i++) {
        cur_res = &res[i];
        cur_slot = SD_CODE + 8ull * i;
        cur_flags = st[i].flags;
        if (st[i].flags & SD_F_MEM)
            sd_fill_buf(buf, st[i].memseed);
        if (sigsetjmp(back, 1) == 0)
            sd_enter(&st[i], cur_slot);
    }
    FILE *out = fopen(argv[2], "wb");
    if (!out || fwrite(res, sizeof(*res), hd.ncases, out) != hd.ncases || fclose(out) != 0) {
        fprintf(stderr, "runner: cannot write %s\n", argv[2]);
        return 2;
    }
    return 0;
}
