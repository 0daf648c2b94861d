/* fpdiff.h - the files exchanged between the FP differential test's host
 * tool (fpdiff.c) and its oracle program (oracle.c, run under qemu-aarch64).
 *
 * A case file is an array of fpd_case_t; the oracle writes one fpd_result_t
 * per case. Both sides are little-endian and these structs have no padding,
 * so the files are read with one fread on either machine.
 *
 * Register convention: the instruction under test only names V0..V3, X0, X1
 * and XZR; every other register is left alone.
 */
#ifndef TINYVM_FPDIFF_H
#define TINYVM_FPDIFF_H

#include <stdint.h>

typedef struct fpd_case {
    uint32_t insn;
    uint32_t fpcr;      /* FPCR before (RMode, FZ, DN, AHP) */
    uint32_t fpsr;      /* FPSR before (cumulative flags) */
    uint32_t nzcv;      /* NZCV before, bits 31:28 */
    uint64_t v[4][2];   /* V0..V3 before: low, high 64 bits */
    uint64_t x[2];      /* X0, X1 before */
    uint32_t tmpl;      /* generator template (reports only) */
    uint32_t spare;
} fpd_case_t;

enum { FPD_UNDEF = 1 }; /* fpd_result_t.flags: the instruction was UNDEFINED */

typedef struct fpd_result {
    uint64_t v[4][2];   /* V0..V3 after */
    uint64_t x[2];      /* X0, X1 after */
    uint32_t fpsr, nzcv;
    uint32_t flags, pad;
} fpd_result_t;

_Static_assert(sizeof(fpd_case_t) == 104, "fpd_case_t layout");
_Static_assert(sizeof(fpd_result_t) == 96, "fpd_result_t layout");

#endif
