/* oracle.c - the oracle side of the FP differential test: a static aarch64
 * Linux program, run under qemu-aarch64 -cpu cortex-a57.
 *
 *   oracle CASES.bin RESULTS.bin
 *
 * Each case's instruction is written into its own "insn; ret" stub (all
 * stubs first, then one cache sync, so nothing is modified while it runs),
 * and executed by fpd_exec with the case's registers. An UNDEFINED
 * instruction raises SIGILL: the handler flags the result and resumes after
 * the instruction.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "fpdiff.h"

void fpd_exec(const fpd_case_t *c, fpd_result_t *r, const void *stub);

static volatile int undef_hit;

static void on_sigill(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)si;
    ucontext_t *uc = ctx;
    undef_hit = 1;
    uc->uc_mcontext.pc += 4;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: oracle CASES.bin RESULTS.bin\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    size_t n = (size_t)size / sizeof(fpd_case_t);
    fpd_case_t *cases = malloc(n * sizeof *cases + 1);
    fpd_result_t *res = calloc(n + 1, sizeof *res);
    if (!cases || !res || fread(cases, sizeof *cases, n, f) != n) {
        fprintf(stderr, "oracle: cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(f);
    size_t code_size = (n * 8 + 4095) & ~(size_t)4095;
    uint32_t *code = mmap(NULL, code_size ? code_size : 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        code[2 * i] = cases[i].insn;
        code[2 * i + 1] = 0xd65f03c0u; /* ret */
    }
    __builtin___clear_cache((char *)code, (char *)(code + 2 * n));
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigill;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    for (size_t i = 0; i < n; i++) {
        undef_hit = 0;
        fpd_exec(&cases[i], &res[i], &code[2 * i]);
        res[i].flags = undef_hit ? FPD_UNDEF : 0;
    }
    f = fopen(argv[2], "wb");
    if (!f || fwrite(res, sizeof *res, n, f) != n || fclose(f) != 0) {
        perror(argv[2]);
        return 1;
    }
    return 0;
}
