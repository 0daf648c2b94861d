/* trace_unimp.c - the guest side of the -d trace tests (tests/trace/run.sh).
 *
 * It touches what does not exist -- an IMPLEMENTATION DEFINED system
 * register (read and write), an unmapped physical address, holes in the
 * PL011 and PL031 register windows, code at an address with nothing
 * there -- so `-d unimp` has something to
 * report, and runs a recognisable block (trace_marker) whose registers
 * `-d cpu` must show. Each fault is taken, counted and skipped. */
#include "fw.h"

static int undefs, aborts, fetch_aborts;

static bool skip_fault(fw_frame_t *f, int vector, uint64_t esr, uint64_t far)
{
    (void)vector;
    (void)far;
    unsigned ec = (unsigned)(esr >> 26);
    if (ec == 0x00)
        undefs++;
    else if (ec == 0x25)
        aborts++;
    else if (ec == 0x21) {
        /* A call into nothing: return to the caller. */
        fetch_aborts++;
        f->elr = f->x[30];
        return true;
    } else
        return false;
    f->elr += 4;
    return true;
}

/* A block that starts with known register values: x19..x21 are set, then a
 * branch ends the block, so the next block starts with them in place. */
__attribute__((noinline)) static uint64_t trace_marker(void)
{
    uint64_t r;
    __asm__ volatile("ldr x19, =0x1122334455667788\n"
                     "ldr x20, =0xcafef00dd00dfeed\n"
                     "mov x21, #0x2a\n"
                     "b 1f\n"
                     "1: add %0, x19, x21\n"
                     : "=r"(r)
                     :
                     : "x19", "x20", "x21");
    return r;
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    fw_set_handler(skip_fault);
    CHECK_EQ(trace_marker(), 0x1122334455667788ull + 0x2a);

    /* S3_0_C15_C2_0 and S3_1_C15_C2_0: IMPLEMENTATION DEFINED encodings
     * this CPU does not have (UNDEFINED, EC 0). */
    uint64_t v;
    __asm__ volatile("mrs %0, s3_0_c15_c2_0" : "=r"(v));
    __asm__ volatile("msr s3_1_c15_c2_0, %0" ::"r"(v));
    CHECK_EQ(undefs, 2);

    /* Nothing lives at 0x0c000000 on tinyvm's board: external abort. */
    volatile uint32_t *hole = (volatile uint32_t *)0x0c000000ul;
    (void)*hole;
    CHECK_EQ(aborts, 1);
    /* ... and executing there is an instruction abort. */
    ((void (*)(void))0x0c000000ul)();
    CHECK_EQ(fetch_aborts, 1);

    /* Reserved offsets inside device windows read as zero. */
    volatile uint32_t *uart = (volatile uint32_t *)UART_BASE;
    CHECK_EQ(uart[0x0a0 / 4], 0);
    volatile uint32_t *rtc = (volatile uint32_t *)0x09010000ul;
    rtc[0x040 / 4] = 1;

    fw_printf("trace_unimp: %d undefined, %d aborts\n", undefs, aborts);
    return 0;
}
