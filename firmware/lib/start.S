/* start.S - entry of every firmware program.
 *
 * The first 64 bytes are an arm64 Image header (Linux booting.rst), so the
 * program boots through the same path as a kernel: x0 = DTB, EL1h, MMU off.
 * It installs a vector table that reports unexpected exceptions over the
 * UART, sets up a stack, clears .bss and calls fw_main(); the return value
 * is the test result, reported before powering off through PSCI.
 */
    .section .text.head, "ax"
    .globl _start
_start:
    b       1f                      /* code0 */
    .long   0                       /* code1 */
    .quad   0                       /* text_offset */
    .quad   _image_size             /* image_size (fw.ld) */
    .quad   0xa                     /* flags: LE, 4K pages, anywhere in RAM */
    .quad   0, 0, 0                 /* res2..res4 */
    .ascii  "ARM\x64"               /* magic */
    .long   0                       /* res5 */
1:
    /* ADRP+ADD reaches +-4 GiB (ADR only +-1 MiB), so large images link. */
    adrp    x1, _stack_top
    add     x1, x1, :lo12:_stack_top
    mov     sp, x1
    adr     x1, fw_vectors
    msr     vbar_el1, x1
    isb
    adrp    x1, _bss_start
    add     x1, x1, :lo12:_bss_start
    adrp    x2, _bss_end
    add     x2, x2, :lo12:_bss_end
2:  cmp     x1, x2
    b.hs    3f
    str     xzr, [x1], #8
    b       2b
3:  bl      fw_entry                /* x0 still holds the DTB address */
4:  b       4b

/* Vector table: 16 entries of 0x80 bytes. Each saves the registers and
 * calls fw_exception(frame, vector index); a program may install its own
 * handler with fw_set_handler(). */
    .section .text.vectors, "ax"
    .balign 2048
    .globl fw_vectors
fw_vectors:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .balign 128
    sub     sp, sp, #272
    stp     x0, x1, [sp, #0]
    mov     x1, #\n
    b       fw_vector_common
    .endr

fw_vector_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x2, elr_el1
    mrs     x3, spsr_el1
    stp     x30, x2, [sp, #240]
    str     x3, [sp, #256]
    mov     x0, sp
    bl      fw_exception
    ldp     x30, x2, [sp, #240]
    ldr     x3, [sp, #256]
    msr     elr_el1, x2
    msr     spsr_el1, x3
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #272
    eret
