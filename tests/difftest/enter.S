/* enter.S - enter a generated stream and come back from it.
 *
 * dt_enter(const dt_init_t *init) saves the runner's callee-saved registers,
 * loads every general register, SP_EL0, SPSR_EL1 and ELR_EL1 from *init and
 * ERETs into the stream (EL0t or EL1t, so the stream's SP is SP_EL0 and an
 * exception always lands on the runner's SP_EL1 stack whatever the stream
 * did to its own SP). The stream ends with a BRK, or with any other
 * synchronous exception; runner.c's handler records the registers from the
 * exception frame and returns to dt_resume at EL1h, which restores the
 * runner's registers and returns from dt_enter as if it were a call.
 *
 * init layout: x0..x30 at 0..240, sp_el0 at 248, spsr at 256, elr at 264.
 */
    .text
    .balign 4
    .globl dt_enter
    .type dt_enter, %function
dt_enter:
    adrp    x9, dt_saved
    add     x9, x9, :lo12:dt_saved
    stp     x19, x20, [x9, #0]
    stp     x21, x22, [x9, #16]
    stp     x23, x24, [x9, #32]
    stp     x25, x26, [x9, #48]
    stp     x27, x28, [x9, #64]
    stp     x29, x30, [x9, #80]
    mov     x10, sp
    str     x10, [x9, #96]
    ldr     x10, [x0, #248]
    msr     sp_el0, x10
    ldr     x10, [x0, #256]
    msr     spsr_el1, x10
    ldr     x10, [x0, #264]
    msr     elr_el1, x10
    clrex                           /* no exclusive reservation survives into a stream */
    mov     x30, x0
    ldp     x0, x1, [x30, #0]
    ldp     x2, x3, [x30, #16]
    ldp     x4, x5, [x30, #32]
    ldp     x6, x7, [x30, #48]
    ldp     x8, x9, [x30, #64]
    ldp     x10, x11, [x30, #80]
    ldp     x12, x13, [x30, #96]
    ldp     x14, x15, [x30, #112]
    ldp     x16, x17, [x30, #128]
    ldp     x18, x19, [x30, #144]
    ldp     x20, x21, [x30, #160]
    ldp     x22, x23, [x30, #176]
    ldp     x24, x25, [x30, #192]
    ldp     x26, x27, [x30, #208]
    ldp     x28, x29, [x30, #224]
    ldr     x30, [x30, #240]
    eret
    .size dt_enter, . - dt_enter

    .globl dt_resume
    .type dt_resume, %function
dt_resume:
    adrp    x9, dt_saved
    add     x9, x9, :lo12:dt_saved
    ldr     x10, [x9, #96]
    mov     sp, x10
    ldp     x19, x20, [x9, #0]
    ldp     x21, x22, [x9, #16]
    ldp     x23, x24, [x9, #32]
    ldp     x25, x26, [x9, #48]
    ldp     x27, x28, [x9, #64]
    ldp     x29, x30, [x9, #80]
    ret
    .size dt_resume, . - dt_resume

    .bss
    .balign 16
dt_saved:
    .skip   112
