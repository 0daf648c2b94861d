/* Ops of the scalar floating-point files (fp_*.c). Naming: <insn>_<s|d>
 * for the single/double precision handler; conversions name their
 * source/destination (fcvt_sd = FCVT Dd, Sn: single to double). */
#define OP_LIST_FP(X) \
    /* fp_ops.c: data-processing, 2 sources */ \
    X(fadd_s) X(fadd_d) X(fsub_s) X(fsub_d) X(fmul_s) X(fmul_d) X(fdiv_s) X(fdiv_d) \
    X(fnmul_s) X(fnmul_d) X(fmax_s) X(fmax_d) X(fmin_s) X(fmin_d) \
    X(fmaxnm_s) X(fmaxnm_d) X(fminnm_s) X(fminnm_d) \
    /* 3 sources (FMADD/FMSUB/FNMADD/FNMSUB through sign masks) */ \
    X(fmadd_s) X(fmadd_d) \
    /* 1 source */ \
    X(fmov_s) X(fmov_d) X(fabs_s) X(fabs_d) X(fneg_s) X(fneg_d) X(fsqrt_s) X(fsqrt_d) \
    X(frint_s) X(frint_d) X(frinti_s) X(frinti_d) \
    X(fcvt_sd) X(fcvt_ds) X(fcvt_hs) X(fcvt_hd) X(fcvt_sh) X(fcvt_dh) \
    /* compare, conditional compare, conditional select, immediate */ \
    X(fcmp_s) X(fcmp_d) X(fcmp0_s) X(fcmp0_d) X(fccmp_s) X(fccmp_d) \
    X(fcsel_s) X(fcsel_d) X(fmov_imm) \
    /* conversions to/from general registers and fixed point */ \
    X(fcvt_int_s) X(fcvt_int_d) X(cvtf_s) X(cvtf_d) \
    X(fmov_ws) X(fmov_xd) X(fmov_xd1) X(fmov_sw) X(fmov_dx) X(fmov_d1x)
