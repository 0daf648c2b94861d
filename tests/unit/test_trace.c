/* test_trace.c - debug/trace.c: -d item parsing and ESR_ELx decoding.
 *
 * The ESR values are what the architecture defines (Arm ARM, ESR_EL1: EC in
 * bits 31:26, IL 25, ISS 24:0; DFSC/IFSC encodings), several of them as
 * tinyvm and QEMU report them in the firmware tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "debug/trace.h"

static void expect_esr(uint32_t esr, const char *want)
{
    char buf[256];
    const char *got = trace_esr_describe(esr, buf, sizeof(buf));
    if (strcmp(got, want) != 0)
        fprintf(stderr, "ESR 0x%08x: got '%s', want '%s'\n", esr, got, want);
    assert_string_equal(got, want);
}

static void test_esr_aborts(void **state)
{
    (void)state;
    /* EC 0x24, WnR = 1, DFSC 0b000111: a user store to an unmapped page. */
    expect_esr(0x92000047, "data abort from a lower EL, translation fault level 3, write");
    expect_esr(0x96000005, "data abort from the current EL, translation fault level 1, read");
    expect_esr(0x9600004f, "data abort from the current EL, permission fault level 3, write");
    expect_esr(0x9600000a, "data abort from the current EL, access flag fault level 2, read");
    expect_esr(0x96000040, "data abort from the current EL, address size fault level 0, write");
    expect_esr(0x96000021, "data abort from the current EL, alignment fault, read");
    /* EA = 1 with DFSC 0x10, and an external abort on the walk at level 3. */
    expect_esr(0x96000210, "data abort from the current EL, synchronous external abort, read");
    expect_esr(0x96000217, "data abort from the current EL, synchronous external abort on table walk level 3, read");
    /* CM = 1 (cache maintenance reports WnR = 1). */
    expect_esr(0x96000147, "data abort from the current EL, translation fault level 3, cache maintenance");
    /* ISV = 1, SAS = 0b11 (8 bytes), SRT = 5. */
    expect_esr(0x93c50047, "data abort from a lower EL, translation fault level 3, write, 8 bytes, x5");
    expect_esr(0x82000007, "instruction abort from a lower EL, translation fault level 3");
    expect_esr(0x8600000f, "instruction abort from the current EL, permission fault level 3");
    expect_esr(0x8a000000, "PC alignment fault");
    expect_esr(0x9a000000, "SP alignment fault");
}

static void test_esr_calls_and_traps(void **state)
{
    (void)state;
    expect_esr(0x56000123, "SVC from AArch64, #0x123");
    expect_esr(0x5a000000, "HVC from AArch64, #0x0");
    expect_esr(0x5e000000, "SMC from AArch64, #0x0");
    expect_esr(0xf20003e8, "BRK instruction, #0x3e8");
    expect_esr(0x02000000, "unknown reason (undefined instruction)");
    expect_esr(0x1fe00000, "SIMD/FP access trapped (CPACR_EL1.FPEN), ISS 0x1e00000");
    expect_esr(0x06000001, "trapped WFI/WFE, WFE");
    expect_esr(0x06000000, "trapped WFI/WFE, WFI");
    expect_esr(0x3a000000, "illegal execution state");
    /* EC 0x18: MRS x1, S3_0_C15_C2_0 (Op0 3, Op2 0, Op1 0, CRn 15, Rt 1,
     * CRm 2, read) and MSR S3_3_C4_C2_1, x2 (write). */
    uint32_t iss = 3u << 20 | 0u << 17 | 0u << 14 | 15u << 10 | 1u << 5 | 2u << 1 | 1u;
    expect_esr(0x62000000 | iss,
               "trapped MSR, MRS or system instruction, read S3_0_C15_C2_0, x1");
    iss = 3u << 20 | 1u << 17 | 3u << 14 | 4u << 10 | 2u << 5 | 2u << 1 | 0u;
    expect_esr(0x62000000 | iss,
               "trapped MSR, MRS or system instruction, write S3_3_C4_C2_1, x2");
    /* An EC the decoder has no words for. */
    expect_esr(0xfe000012, "EC 0x3f, ISS 0x12");
    expect_esr(0x4c000000, "EC 0x13");
}

static void test_esr_small_buffer(void **state)
{
    (void)state;
    char buf[12];
    memset(buf, 'x', sizeof(buf));
    trace_esr_describe(0x93c50047, buf, sizeof(buf));
    assert_int_equal(strlen(buf), sizeof(buf) - 1);
    assert_memory_equal(buf, "data abort ", 11);
}

static void test_fsc_names(void **state)
{
    (void)state;
    char buf[80];
    assert_string_equal(trace_fsc_name(0x07, buf, sizeof(buf)), "translation fault level 3");
    assert_string_equal(trace_fsc_name(0x30, buf, sizeof(buf)), "TLB conflict abort");
    assert_string_equal(trace_fsc_name(0x3f, buf, sizeof(buf)), "fault status 0x3f");
    assert_null(trace_ec_name(0x3f));
    assert_string_equal(trace_ec_name(0x15), "SVC from AArch64");
}

static void test_parse(void **state)
{
    (void)state;
    unsigned m = 0;
    char err[128];
    assert_int_equal(trace_parse("in_asm", &m, err, sizeof(err)), 0);
    assert_int_equal(m, TRACE_IN_ASM);
    assert_int_equal(trace_parse("exec,cpu,int,mmu,virtio,unimp,in_asm", &m, err, sizeof(err)), 0);
    assert_int_equal(m, TRACE_IN_ASM | TRACE_EXEC | TRACE_CPU | TRACE_INT | TRACE_MMU | TRACE_VIRTIO |
                            TRACE_UNIMP);
    assert_int_equal(trace_parse("help", &m, err, sizeof(err)), 1);
    assert_int_equal(trace_parse("mmu,help", &m, err, sizeof(err)), 1);
    assert_int_equal(trace_parse("in_asmx", &m, err, sizeof(err)), -1);
    assert_string_equal(err, "unknown item 'in_asmx' (see -d help)");
    assert_int_equal(trace_parse("in_as", &m, err, sizeof(err)), -1);
    assert_int_equal(trace_parse("", &m, err, sizeof(err)), -1);
    assert_int_equal(trace_parse(",int", &m, err, sizeof(err)), -1);
}

static void test_log_file(void **state)
{
    (void)state;
    char path[] = "/tmp/tinyvm-trace-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(trace_open(path), 0);
    trace_log("int: %s %d\n", "hello", 42);
    assert_ptr_not_equal(trace_file(), stderr);
    trace_close();
    assert_ptr_equal(trace_file(), stderr);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[64] = "";
    assert_non_null(fgets(line, sizeof(line), f));
    fclose(f);
    assert_string_equal(line, "int: hello 42\n");
    assert_int_equal(trace_open("/nonexistent-dir/trace.log"), -1);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_esr_aborts),
        cmocka_unit_test(test_esr_calls_and_traps),
        cmocka_unit_test(test_esr_small_buffer),
        cmocka_unit_test(test_fsc_names),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_log_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
