/* fp_ops.c - handlers of the scalar floating-point instructions (decoded by
 * fp_scalar.c). The arithmetic itself is the FP library's (fpu.h), shared
 * with the vector instructions; these handlers move operands between the
 * register file and it.
 *
 * Operands: rd, rn, rm, ra are V register numbers (or general register
 * slots for the conversions), a/b/c small operands as listed per handler.
 *
 * Writes of a scalar to a V register clear the rest of the 128-bit register
 * (the pseudocode's V[] setter for widths below 128).
 */
#include "decode.h"
#include "fpu.h"
#include "fpu_internal.h"

#define FPCR(cpu) ((uint32_t)(cpu)->sys.fpcr)

static inline void set_v64(cpu_t *cpu, unsigned r, uint64_t v)
{
    cpu->v[r].d[0] = v;
    cpu->v[r].d[1] = 0;
}

/* Run fpu call `expr` (which uses `fpcr` and `&fpsr`) with the guest's
 * FPCR, accumulating its flags into FPSR. */
#define WITH_FPSR(cpu, T, r, expr)                         \
    uint32_t fpsr = (uint32_t)(cpu)->sys.fpsr;             \
    uint32_t fpcr = FPCR(cpu);                             \
    T r = (expr);                                          \
    (cpu)->sys.fpsr = fpsr

#define S(r) cpu->v[r].s[0]
#define D(r) cpu->v[r].d[0]

/* ---- 2 sources: a = unused --------------------------------------------- */

#define DEF_FP2(name, fn32, fn64)                                            \
    const op_t *op_##name##_s(cpu_t *cpu, const op_t *op)                   \
    {                                                                        \
        WITH_FPSR(cpu, uint32_t, r, fn32(S(op->rn), S(op->rm), fpcr, &fpsr)); \
        set_v64(cpu, op->rd, r);                                             \
        return op + 1;                                                       \
    }                                                                        \
    const op_t *op_##name##_d(cpu_t *cpu, const op_t *op)                   \
    {                                                                        \
        WITH_FPSR(cpu, uint64_t, r, fn64(D(op->rn), D(op->rm), fpcr, &fpsr)); \
        set_v64(cpu, op->rd, r);                                             \
        return op + 1;                                                       \
    }

/* FADD/FSUB/FMUL/FDIV: the FP library's host fast path inline (round to
 * nearest, IXC set, a result fp_host_result_ok() accepts), so the common
 * case costs no call; the library call for everything else. */
#define DEF_FAST_FP2(name, K, oper, fn32, fn64)                              \
    static __attribute__((noinline)) const op_t *lib_##name##_s(cpu_t *cpu, const op_t *op) \
    {                                                                        \
        WITH_FPSR(cpu, uint32_t, r, fn32(S(op->rn), S(op->rm), fpcr, &fpsr)); \
        set_v64(cpu, op->rd, r);                                             \
        return op + 1;                                                       \
    }                                                                        \
    static __attribute__((noinline)) const op_t *lib_##name##_d(cpu_t *cpu, const op_t *op) \
    {                                                                        \
        WITH_FPSR(cpu, uint64_t, r, fn64(D(op->rn), D(op->rm), fpcr, &fpsr)); \
        set_v64(cpu, op->rd, r);                                             \
        return op + 1;                                                       \
    }                                                                        \
    const op_t *op_##name##_s(cpu_t *cpu, const op_t *op)                   \
    {                                                                        \
        uint32_t a = S(op->rn), b = S(op->rm), fpcr = FPCR(cpu);             \
        if (fp_host_fast_mode(fpcr, (uint32_t)cpu->sys.fpsr)) {              \
            uint32_t r = f32_bits(f32_host(a) oper f32_host(b));             \
            if (fp_host_result_ok(32, K, a, b, r, fpcr)) {                   \
                set_v64(cpu, op->rd, r);                                     \
                return op + 1;                                               \
            }                                                                \
        }                                                                    \
        return lib_##name##_s(cpu, op);                                      \
    }                                                                        \
    const op_t *op_##name##_d(cpu_t *cpu, const op_t *op)                   \
    {                                                                        \
        uint64_t a = D(op->rn), b = D(op->rm);                               \
        uint32_t fpcr = FPCR(cpu);                                           \
        if (fp_host_fast_mode(fpcr, (uint32_t)cpu->sys.fpsr)) {              \
            uint64_t r = f64_bits(f64_host(a) oper f64_host(b));             \
            if (fp_host_result_ok(64, K, a, b, r, fpcr)) {                   \
                set_v64(cpu, op->rd, r);                                     \
                return op + 1;                                               \
            }                                                                \
        }                                                                    \
        return lib_##name##_d(cpu, op);                                      \
    }

DEF_FAST_FP2(fadd, FP_HOST_ADD, +, fpu_add32, fpu_add64)
DEF_FAST_FP2(fsub, FP_HOST_SUB, -, fpu_sub32, fpu_sub64)
DEF_FAST_FP2(fmul, FP_HOST_MUL, *, fpu_mul32, fpu_mul64)
DEF_FAST_FP2(fdiv, FP_HOST_DIV, /, fpu_div32, fpu_div64)
DEF_FP2(fmax, fpu_max32, fpu_max64)
DEF_FP2(fmin, fpu_min32, fpu_min64)
DEF_FP2(fmaxnm, fpu_maxnm32, fpu_maxnm64)
DEF_FP2(fminnm, fpu_minnm32, fpu_minnm64)

/* FNMUL: FPNeg(FPMul(n, m)); the negation applies to a NaN result too. */
const op_t *op_fnmul_s(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint32_t, r, fpu_mul32(S(op->rn), S(op->rm), fpcr, &fpsr));
    set_v64(cpu, op->rd, r ^ 0x80000000u);
    return op + 1;
}
const op_t *op_fnmul_d(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint64_t, r, fpu_mul64(D(op->rn), D(op->rm), fpcr, &fpsr));
    set_v64(cpu, op->rd, r ^ 0x8000000000000000ull);
    return op + 1;
}

/* ---- 3 sources ------------------------------------------------------------ */

/* FPMulAdd(a ^ imm, n ^ imm2, m): imm and imm2 are the sign masks that make
 * FMSUB (n negated), FNMADD (a and n negated) and FNMSUB (a negated). */
const op_t *op_fmadd_s(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint32_t, r,
              fpu_muladd32(S(op->ra) ^ (uint32_t)op->imm, S(op->rn) ^ (uint32_t)op->imm2, S(op->rm),
                           fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}
const op_t *op_fmadd_d(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint64_t, r,
              fpu_muladd64(D(op->ra) ^ op->imm, D(op->rn) ^ op->imm2, D(op->rm), fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}

/* ---- 1 source ---------------------------------------------------------------- */

/* FMOV/FABS/FNEG are bit operations: no exceptions, NaNs included. */
const op_t *op_fmov_s(cpu_t *cpu, const op_t *op) { set_v64(cpu, op->rd, S(op->rn)); return op + 1; }
const op_t *op_fmov_d(cpu_t *cpu, const op_t *op) { set_v64(cpu, op->rd, D(op->rn)); return op + 1; }
const op_t *op_fabs_s(cpu_t *cpu, const op_t *op) { set_v64(cpu, op->rd, S(op->rn) & 0x7fffffffu); return op + 1; }
const op_t *op_fabs_d(cpu_t *cpu, const op_t *op) { set_v64(cpu, op->rd, D(op->rn) & ~(1ull << 63)); return op + 1; }
const op_t *op_fneg_s(cpu_t *cpu, const op_t *op) { set_v64(cpu, op->rd, S(op->rn) ^ 0x80000000u); return op + 1; }
const op_t *op_fneg_d(cpu_t *cpu, const op_t *op) { set_v64(cpu, op->rd, D(op->rn) ^ (1ull << 63)); return op + 1; }

const op_t *op_fsqrt_s(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint32_t, r, fpu_sqrt32(S(op->rn), fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}
const op_t *op_fsqrt_d(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint64_t, r, fpu_sqrt64(D(op->rn), fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}

/* FRINTN/P/M/Z/A: a = rounding mode (fpround_t), b = 0 (not exact). */
const op_t *op_frint_s(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint32_t, r, fpu_round_int32(S(op->rn), (fpround_t)op->a, op->b, fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}
const op_t *op_frint_d(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint64_t, r, fpu_round_int64(D(op->rn), (fpround_t)op->a, op->b, fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}
/* FRINTI and FRINTX: the rounding mode of FPCR; b = exact (FRINTX). */
const op_t *op_frinti_s(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint32_t, r, fpu_round_int32(S(op->rn), fpcr_rounding(fpcr), op->b, fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}
const op_t *op_frinti_d(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint64_t, r, fpu_round_int64(D(op->rn), fpcr_rounding(fpcr), op->b, fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}

/* FCVT between precisions (FPConvert; FPCR.AHP for halves). */
const op_t *op_fcvt_sd(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint64_t, r, fpu_f32_to_f64(S(op->rn), fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}
const op_t *op_fcvt_ds(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint32_t, r, fpu_f64_to_f32(D(op->rn), fpcr_rounding(fpcr), fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}
const op_t *op_fcvt_hs(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint32_t, r, fpu_f16_to_f32(cpu->v[op->rn].h[0], fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}
const op_t *op_fcvt_hd(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint64_t, r, fpu_f16_to_f64(cpu->v[op->rn].h[0], fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}
const op_t *op_fcvt_sh(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint16_t, r, fpu_f32_to_f16(S(op->rn), fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}
const op_t *op_fcvt_dh(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint16_t, r, fpu_f64_to_f16(D(op->rn), fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}

/* ---- compare, conditional compare, conditional select ---------------------- */

/* FCMP/FCMPE: a = signalling (FCMPE). NZCV from FPCompare. */
const op_t *op_fcmp_s(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint32_t, nzcv, fpu_compare32(S(op->rn), S(op->rm), op->a, fpcr, &fpsr));
    cpu_set_nzcv(cpu, nzcv);
    return op + 1;
}
const op_t *op_fcmp_d(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint32_t, nzcv, fpu_compare64(D(op->rn), D(op->rm), op->a, fpcr, &fpsr));
    cpu_set_nzcv(cpu, nzcv);
    return op + 1;
}
/* FCMP/FCMPE with #0.0. */
const op_t *op_fcmp0_s(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint32_t, nzcv, fpu_compare32(S(op->rn), 0, op->a, fpcr, &fpsr));
    cpu_set_nzcv(cpu, nzcv);
    return op + 1;
}
const op_t *op_fcmp0_d(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint32_t, nzcv, fpu_compare64(D(op->rn), 0, op->a, fpcr, &fpsr));
    cpu_set_nzcv(cpu, nzcv);
    return op + 1;
}

/* FCCMP/FCCMPE: c = condition, a = signalling, imm = the NZCV to set when
 * the condition fails (bits 31:28). */
const op_t *op_fccmp_s(cpu_t *cpu, const op_t *op)
{
    if (!cpu_cond_holds(cpu, op->c)) {
        cpu_set_nzcv(cpu, (uint32_t)op->imm);
        return op + 1;
    }
    return op_fcmp_s(cpu, op);
}
const op_t *op_fccmp_d(cpu_t *cpu, const op_t *op)
{
    if (!cpu_cond_holds(cpu, op->c)) {
        cpu_set_nzcv(cpu, (uint32_t)op->imm);
        return op + 1;
    }
    return op_fcmp_d(cpu, op);
}

/* FCSEL: c = condition. */
const op_t *op_fcsel_s(cpu_t *cpu, const op_t *op)
{
    set_v64(cpu, op->rd, cpu_cond_holds(cpu, op->c) ? S(op->rn) : S(op->rm));
    return op + 1;
}
const op_t *op_fcsel_d(cpu_t *cpu, const op_t *op)
{
    set_v64(cpu, op->rd, cpu_cond_holds(cpu, op->c) ? D(op->rn) : D(op->rm));
    return op + 1;
}

/* FMOV (immediate): imm = VFPExpandImm's bit pattern, zero-extended. */
const op_t *op_fmov_imm(cpu_t *cpu, const op_t *op)
{
    set_v64(cpu, op->rd, op->imm);
    return op + 1;
}

/* ---- conversions ------------------------------------------------------------------ */

/* FCVT{N,P,M,Z,A}{S,U} (integer and fixed-point): rd = general register
 * slot, a = rounding mode, b = unsigned, c = fraction bits, sf = 64-bit
 * result (a W result is zero-extended). */
const op_t *op_fcvt_int_s(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint64_t, r,
              fpu_to_int32(S(op->rn), op->c, op->b, op->sf ? 64 : 32, (fpround_t)op->a, fpcr, &fpsr));
    cpu->x[op->rd] = r;
    return op + 1;
}
const op_t *op_fcvt_int_d(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint64_t, r,
              fpu_to_int64(D(op->rn), op->c, op->b, op->sf ? 64 : 32, (fpround_t)op->a, fpcr, &fpsr));
    cpu->x[op->rd] = r;
    return op + 1;
}

/* SCVTF/UCVTF (integer and fixed-point): rn = general register slot, sf =
 * 64-bit source, b = unsigned, c = fraction bits; FPCR's rounding mode. */
static inline uint64_t cvtf_src(const cpu_t *cpu, const op_t *op)
{
    uint64_t v = cpu->x[op->rn];
    if (!op->sf)
        v = op->b ? (uint32_t)v : (uint64_t)(int64_t)(int32_t)(uint32_t)v;
    return v;
}
const op_t *op_cvtf_s(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint32_t, r,
              fpu_from_int32(cvtf_src(cpu, op), op->c, op->b, fpcr_rounding(fpcr), fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}
const op_t *op_cvtf_d(cpu_t *cpu, const op_t *op)
{
    WITH_FPSR(cpu, uint64_t, r,
              fpu_from_int64(cvtf_src(cpu, op), op->c, op->b, fpcr_rounding(fpcr), fpcr, &fpsr));
    set_v64(cpu, op->rd, r);
    return op + 1;
}

/* FMOV (general): bit copies. rd/rn of the general side are register slots. */
const op_t *op_fmov_ws(cpu_t *cpu, const op_t *op) { cpu->x[op->rd] = S(op->rn); return op + 1; }
const op_t *op_fmov_xd(cpu_t *cpu, const op_t *op) { cpu->x[op->rd] = D(op->rn); return op + 1; }
const op_t *op_fmov_xd1(cpu_t *cpu, const op_t *op) { cpu->x[op->rd] = cpu->v[op->rn].d[1]; return op + 1; }
const op_t *op_fmov_sw(cpu_t *cpu, const op_t *op) { set_v64(cpu, op->rd, (uint32_t)cpu->x[op->rn]); return op + 1; }
const op_t *op_fmov_dx(cpu_t *cpu, const op_t *op) { set_v64(cpu, op->rd, cpu->x[op->rn]); return op + 1; }
/* FMOV Vd.D[1], Xn writes the upper half only: an element write. */
const op_t *op_fmov_d1x(cpu_t *cpu, const op_t *op) { cpu->v[op->rd].d[1] = cpu->x[op->rn]; return op + 1; }
