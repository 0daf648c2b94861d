// oracle_tramp.S - run one instruction with the case's registers (fpdiff).
//
// void fpd_exec(const fpd_case_t *c, fpd_result_t *r, const void *stub)
// stub is "insn; ret". Loads FPCR, FPSR, NZCV, V0..V3, X0, X1 from c, calls
// the stub, and stores V0..V3, X0, X1, FPSR, NZCV to r. V4..V31 are zeroed
// first (as on tinyvm), so an instruction that reads one sees the same
// value on both; d8..d15 are callee-saved and restored.
    .text
    .global fpd_exec
    .type fpd_exec, %function
fpd_exec:
    stp     x29, x30, [sp, #-96]!
    mov     x29, sp
    stp     x19, x20, [sp, #16]
    stp     d8, d9, [sp, #32]
    stp     d10, d11, [sp, #48]
    stp     d12, d13, [sp, #64]
    stp     d14, d15, [sp, #80]
    movi    v4.2d, #0
    movi    v5.2d, #0
    movi    v6.2d, #0
    movi    v7.2d, #0
    movi    v8.2d, #0
    movi    v9.2d, #0
    movi    v10.2d, #0
    movi    v11.2d, #0
    movi    v12.2d, #0
    movi    v13.2d, #0
    movi    v14.2d, #0
    movi    v15.2d, #0
    movi    v16.2d, #0
    movi    v17.2d, #0
    movi    v18.2d, #0
    movi    v19.2d, #0
    movi    v20.2d, #0
    movi    v21.2d, #0
    movi    v22.2d, #0
    movi    v23.2d, #0
    movi    v24.2d, #0
    movi    v25.2d, #0
    movi    v26.2d, #0
    movi    v27.2d, #0
    movi    v28.2d, #0
    movi    v29.2d, #0
    movi    v30.2d, #0
    movi    v31.2d, #0
    mov     x19, x1
    mov     x20, x2
    ldr     w9, [x0, #4]
    msr     fpcr, x9
    ldr     w9, [x0, #8]
    msr     fpsr, x9
    ldr     w9, [x0, #12]
    msr     nzcv, x9
    ldp     q0, q1, [x0, #16]
    ldp     q2, q3, [x0, #48]
    ldr     x1, [x0, #88]
    ldr     x0, [x0, #80]
    blr     x20
    stp     q0, q1, [x19, #0]
    stp     q2, q3, [x19, #32]
    stp     x0, x1, [x19, #64]
    mrs     x9, fpsr
    str     w9, [x19, #80]
    mrs     x9, nzcv
    str     w9, [x19, #84]
    msr     fpcr, xzr
    ldp     d8, d9, [sp, #32]
    ldp     d10, d11, [sp, #48]
    ldp     d12, d13, [sp, #64]
    ldp     d14, d15, [sp, #80]
    ldp     x19, x20, [sp, #16]
    ldp     x29, x30, [sp], #96
    ret
    .size fpd_exec, .-fpd_exec
    .section .note.GNU-stack,"",%progbits
