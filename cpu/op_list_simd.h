/* Ops of the Advanced SIMD files (simd_*.c).
 *
 * Most ops come in one handler per element size, listed in increasing
 * size so that the decoders can pick OP_<name>8 + size (SIMD_S4: sizes
 * 8..64; SIMD_S3: 8..32, named by the narrow element for the widening and
 * narrowing ops; SIMD_HS: 16 and 32, for the ops that exist only there).
 */
#define SIMD_S4(X, n) X(n##8) X(n##16) X(n##32) X(n##64)
#define SIMD_S3(X, n) X(n##8) X(n##16) X(n##32)
#define SIMD_HS(X, n) X(n##16) X(n##32)
#define SIMD_SD(X, n) X(n##32) X(n##64)

/* simd_int.c */
#define OP_LIST_SIMD_INT(X) \
    SIMD_S4(X, v_add) SIMD_S4(X, v_sub) SIMD_S4(X, v_mul) SIMD_S4(X, v_mla) SIMD_S4(X, v_mls) \
    SIMD_S4(X, v_cmgt) SIMD_S4(X, v_cmhi) SIMD_S4(X, v_cmge) SIMD_S4(X, v_cmhs) \
    SIMD_S4(X, v_cmeq) SIMD_S4(X, v_cmtst) SIMD_S4(X, v_smax) SIMD_S4(X, v_umax) \
    SIMD_S4(X, v_smin) SIMD_S4(X, v_umin) SIMD_S4(X, v_sabd) SIMD_S4(X, v_uabd) \
    SIMD_S4(X, v_saba) SIMD_S4(X, v_uaba) SIMD_S4(X, v_shadd) SIMD_S4(X, v_uhadd) \
    SIMD_S4(X, v_srhadd) SIMD_S4(X, v_urhadd) SIMD_S4(X, v_shsub) SIMD_S4(X, v_uhsub) \
    SIMD_HS(X, v_mul_e) SIMD_HS(X, v_mla_e) SIMD_HS(X, v_mls_e) X(v_pmul8) \
    X(v_and) X(v_bic) X(v_orr) X(v_orn) X(v_eor) X(v_bsl) X(v_bit) X(v_bif) \
    X(v_eor_q) X(v_and_q) X(v_orr_q) X(v_mov) X(v_cmeq8_q) \
    SIMD_S4(X, v_sshl) SIMD_S4(X, v_ushl) SIMD_S4(X, v_srshl) SIMD_S4(X, v_urshl) \
    SIMD_S4(X, v_sqadd) SIMD_S4(X, v_uqadd) SIMD_S4(X, v_sqsub) SIMD_S4(X, v_uqsub) \
    SIMD_S4(X, v_suqadd) SIMD_S4(X, v_usqadd) SIMD_S4(X, v_sqshl) SIMD_S4(X, v_uqshl) \
    SIMD_S4(X, v_sqrshl) SIMD_S4(X, v_uqrshl) SIMD_HS(X, v_sqdmulh) SIMD_HS(X, v_sqrdmulh) \
    SIMD_HS(X, v_sqdmulh_e) SIMD_HS(X, v_sqrdmulh_e) SIMD_S4(X, v_sqabs) SIMD_S4(X, v_sqneg) \
    SIMD_S4(X, v_abs) SIMD_S4(X, v_neg) SIMD_S4(X, v_cmgt0) SIMD_S4(X, v_cmge0) \
    SIMD_S4(X, v_cmeq0) SIMD_S4(X, v_cmle0) SIMD_S4(X, v_cmlt0) \
    SIMD_S3(X, v_clz) SIMD_S3(X, v_cls) X(v_cnt8) X(v_rbit8) X(v_not) X(v_rev) X(v_rev64_8)

/* simd_wide.c */
#define OP_LIST_SIMD_WIDE(X) \
    SIMD_S3(X, v_saddl) SIMD_S3(X, v_uaddl) SIMD_S3(X, v_ssubl) SIMD_S3(X, v_usubl) \
    SIMD_S3(X, v_saddw) SIMD_S3(X, v_uaddw) SIMD_S3(X, v_ssubw) SIMD_S3(X, v_usubw) \
    SIMD_S3(X, v_sabal) SIMD_S3(X, v_uabal) SIMD_S3(X, v_sabdl) SIMD_S3(X, v_uabdl) \
    SIMD_S3(X, v_smlal) SIMD_S3(X, v_umlal) SIMD_S3(X, v_smlsl) SIMD_S3(X, v_umlsl) \
    SIMD_S3(X, v_smull) SIMD_S3(X, v_umull) \
    SIMD_HS(X, v_sqdmull) SIMD_HS(X, v_sqdmlal) SIMD_HS(X, v_sqdmlsl) \
    SIMD_HS(X, v_smull_e) SIMD_HS(X, v_umull_e) SIMD_HS(X, v_smlal_e) SIMD_HS(X, v_umlal_e) \
    SIMD_HS(X, v_smlsl_e) SIMD_HS(X, v_umlsl_e) SIMD_HS(X, v_sqdmull_e) \
    SIMD_HS(X, v_sqdmlal_e) SIMD_HS(X, v_sqdmlsl_e) \
    SIMD_S3(X, v_shll) X(v_pmull8) X(v_pmull64) \
    SIMD_S3(X, v_addhn) SIMD_S3(X, v_raddhn) SIMD_S3(X, v_subhn) SIMD_S3(X, v_rsubhn) \
    SIMD_S3(X, v_xtn) SIMD_S3(X, v_sqxtn) SIMD_S3(X, v_uqxtn) SIMD_S3(X, v_sqxtun) \
    SIMD_S3(X, v_shrn) SIMD_S3(X, v_rshrn) SIMD_S3(X, v_sqshrn) SIMD_S3(X, v_sqrshrn) \
    SIMD_S3(X, v_uqshrn) SIMD_S3(X, v_uqrshrn) SIMD_S3(X, v_sqshrun) SIMD_S3(X, v_sqrshrun) \
    SIMD_S3(X, v_sshll) SIMD_S3(X, v_ushll) \
    SIMD_S4(X, v_addp) SIMD_S4(X, v_smaxp) SIMD_S4(X, v_umaxp) SIMD_S4(X, v_sminp) \
    SIMD_S4(X, v_uminp) X(v_umaxp8_q) X(v_addp8_q) \
    SIMD_S3(X, v_saddlp) SIMD_S3(X, v_uaddlp) SIMD_S3(X, v_sadalp) SIMD_S3(X, v_uadalp) \
    SIMD_S3(X, v_addv) SIMD_S3(X, v_umaxv) SIMD_S3(X, v_uminv) SIMD_S3(X, v_smaxv) \
    SIMD_S3(X, v_sminv) SIMD_S3(X, v_saddlv) SIMD_S3(X, v_uaddlv) X(v_umaxv8_q) X(v_uminv8_q)

/* simd_shift.c */
#define OP_LIST_SIMD_SHIFT(X) \
    SIMD_S4(X, v_sshr) SIMD_S4(X, v_ushr) SIMD_S4(X, v_ssra) SIMD_S4(X, v_usra) \
    SIMD_S4(X, v_srshr) SIMD_S4(X, v_urshr) SIMD_S4(X, v_srsra) SIMD_S4(X, v_ursra) \
    SIMD_S4(X, v_sri) SIMD_S4(X, v_shl) SIMD_S4(X, v_sli) \
    SIMD_S4(X, v_sqshli) SIMD_S4(X, v_uqshli) SIMD_S4(X, v_sqshlu)

/* simd_perm.c */
#define OP_LIST_SIMD_PERM(X) \
    SIMD_S4(X, v_uzp1) SIMD_S4(X, v_uzp2) SIMD_S4(X, v_trn1) SIMD_S4(X, v_trn2) \
    SIMD_S4(X, v_zip1) SIMD_S4(X, v_zip2) X(v_ext) X(v_tbl) X(v_tbx) X(v_tbl1_q) \
    SIMD_S4(X, v_dup_e) SIMD_S4(X, v_dup_g) SIMD_S4(X, v_ins_e) SIMD_S4(X, v_ins_g) \
    SIMD_S4(X, v_umov) X(v_smov8w) X(v_smov16w) X(v_smov8x) X(v_smov16x) X(v_smov32x) \
    X(v_movi) X(v_orri) X(v_bici)

/* simd_crypto.c */
#define OP_LIST_SIMD_CRYPTO(X) \
    X(v_aese) X(v_aesd) X(v_aesmc) X(v_aesimc) X(v_sha1c) X(v_sha1p) X(v_sha1m) \
    X(v_sha1h) X(v_sha1su0) X(v_sha1su1) X(v_sha256h) X(v_sha256h2) X(v_sha256su0) \
    X(v_sha256su1)

/* simd_fp.c */
#define OP_LIST_SIMD_FP(X) \
    SIMD_SD(X, v_fadd) SIMD_SD(X, v_fsub) SIMD_SD(X, v_fmul) SIMD_SD(X, v_fdiv) \
    SIMD_SD(X, v_fmulx) SIMD_SD(X, v_fmax) SIMD_SD(X, v_fmin) SIMD_SD(X, v_fmaxnm) \
    SIMD_SD(X, v_fminnm) SIMD_SD(X, v_fabd) SIMD_SD(X, v_frecps) SIMD_SD(X, v_frsqrts) \
    SIMD_SD(X, v_fmla) SIMD_SD(X, v_fmls) SIMD_SD(X, v_fcmeq) SIMD_SD(X, v_fcmge) \
    SIMD_SD(X, v_fcmgt) SIMD_SD(X, v_facge) SIMD_SD(X, v_facgt) \
    SIMD_SD(X, v_faddp) SIMD_SD(X, v_fmaxp) SIMD_SD(X, v_fminp) SIMD_SD(X, v_fmaxnmp) \
    SIMD_SD(X, v_fminnmp) SIMD_SD(X, v_fmul_e) SIMD_SD(X, v_fmulx_e) SIMD_SD(X, v_fmla_e) \
    SIMD_SD(X, v_fmls_e) SIMD_SD(X, v_fabs) SIMD_SD(X, v_fneg) SIMD_SD(X, v_fsqrt) \
    SIMD_SD(X, v_frecpe) SIMD_SD(X, v_frsqrte) SIMD_SD(X, v_frecpx) SIMD_SD(X, v_fcmgt0) \
    SIMD_SD(X, v_fcmge0) SIMD_SD(X, v_fcmeq0) SIMD_SD(X, v_fcmle0) SIMD_SD(X, v_fcmlt0) \
    SIMD_SD(X, v_frint) SIMD_SD(X, v_frintx) SIMD_SD(X, v_frinti) SIMD_SD(X, v_fcvts) \
    SIMD_SD(X, v_fcvtu) SIMD_SD(X, v_scvtf) SIMD_SD(X, v_ucvtf) X(v_urecpe32) X(v_ursqrte32) \
    X(v_fcvtl16) X(v_fcvtl32) X(v_fcvtn32) X(v_fcvtn64) X(v_fcvtxn64) \
    X(v_fmaxnmv) X(v_fminnmv) X(v_fmaxv) X(v_fminv)

/* simd_ldst.c: the addressing modes are op_list_mem.h's */
#define OP_LIST_SIMD_LDST(X) \
    LDST_SINGLE_MODES(X, vstb) LDST_SINGLE_MODES(X, vldb) LDST_SINGLE_MODES(X, vsth) \
    LDST_SINGLE_MODES(X, vldh) LDST_SINGLE_MODES(X, vsts) LDST_SINGLE_MODES(X, vlds) \
    LDST_SINGLE_MODES(X, vstd) LDST_SINGLE_MODES(X, vldd) LDST_SINGLE_MODES(X, vstq) \
    LDST_SINGLE_MODES(X, vldq) \
    LDST_PAIR_MODES(X, vstps) LDST_PAIR_MODES(X, vldps) LDST_PAIR_MODES(X, vstpd) \
    LDST_PAIR_MODES(X, vldpd) LDST_PAIR_MODES(X, vstpq) LDST_PAIR_MODES(X, vldpq) \
    X(v_ld1m) X(v_st1m) X(v_ldnm) X(v_stnm) X(v_ldns) X(v_stns) X(v_ldnr)

#define OP_LIST_SIMD(X) \
    OP_LIST_SIMD_INT(X) OP_LIST_SIMD_WIDE(X) OP_LIST_SIMD_SHIFT(X) OP_LIST_SIMD_PERM(X) \
    OP_LIST_SIMD_CRYPTO(X) OP_LIST_SIMD_FP(X) OP_LIST_SIMD_LDST(X)
