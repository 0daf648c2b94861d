/* Ops of the load/store files (ldst_*.c).
 *
 * Single-register loads/stores come in one op per (access kind, addressing
 * mode); see ldst.c for the modes:
 *   off/offsp    [base, #imm]            (also literals, LDUR, LDTR)
 *   pre/presp    [base, #imm]!
 *   post/postsp  [base], #imm
 *   rux/rsx/rlsl [base, Wm/Xm, UXTW/SXTW/LSL #a]
 * The *sp variants read the base from SP and check its alignment
 * (CheckSPAlignment); the others never look at SCTLR_EL1. */
#define LDST_SINGLE_MODES(X, k) \
    X(k##_off) X(k##_offsp) X(k##_pre) X(k##_presp) X(k##_post) X(k##_postsp) \
    X(k##_rux) X(k##_rsx) X(k##_rlsl)
#define LDST_PAIR_MODES(X, k) \
    X(k##_off) X(k##_offsp) X(k##_pre) X(k##_presp) X(k##_post) X(k##_postsp)
#define LDST_SIZES(X, k) X(k##8) X(k##16) X(k##32) X(k##64)

#define OP_LIST_MEM(X) \
    LDST_SINGLE_MODES(X, strb) LDST_SINGLE_MODES(X, ldrb) \
    LDST_SINGLE_MODES(X, ldrsb64) LDST_SINGLE_MODES(X, ldrsb32) \
    LDST_SINGLE_MODES(X, strh) LDST_SINGLE_MODES(X, ldrh) \
    LDST_SINGLE_MODES(X, ldrsh64) LDST_SINGLE_MODES(X, ldrsh32) \
    LDST_SINGLE_MODES(X, str32) LDST_SINGLE_MODES(X, ldr32) LDST_SINGLE_MODES(X, ldrsw) \
    LDST_SINGLE_MODES(X, str64) LDST_SINGLE_MODES(X, ldr64) \
    LDST_PAIR_MODES(X, stp32) LDST_PAIR_MODES(X, ldp32) LDST_PAIR_MODES(X, ldpsw) \
    LDST_PAIR_MODES(X, stp64) LDST_PAIR_MODES(X, ldp64) \
    X(prfm) \
    LDST_SIZES(X, ldxr) LDST_SIZES(X, stxr) X(ldxp32) X(ldxp64) X(stxp32) X(stxp64) \
    LDST_SIZES(X, ldar) LDST_SIZES(X, stlr) \
    LDST_SIZES(X, ldadd) LDST_SIZES(X, ldclr) LDST_SIZES(X, ldeor) LDST_SIZES(X, ldset) \
    LDST_SIZES(X, ldsmax) LDST_SIZES(X, ldsmin) LDST_SIZES(X, ldumax) LDST_SIZES(X, ldumin) \
    LDST_SIZES(X, swp) LDST_SIZES(X, cas) X(casp32) X(casp64)
