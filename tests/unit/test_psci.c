/* test_psci.c - the board's PSCI firmware, called as the CPU's HVC hook. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "board/psci.h"
#include "cpu/cpu.h"
#include "mem/physmap.h"

typedef struct {
    physmap_t pm;
    cpu_t *cpus[2];
    psci_t psci;
} fixture_t;

static int setup(void **state)
{
    static fixture_t f;
    assert_int_equal(physmap_init(&f.pm, 0x40000000, 16 << 20), 0);
    f.cpus[0] = cpu_create(&f.pm, CPU_MODEL_CORTEX_A57, 0);
    f.cpus[1] = cpu_create(&f.pm, CPU_MODEL_CORTEX_A57, 1);
    assert_non_null(f.cpus[0]);
    assert_non_null(f.cpus[1]);
    f.psci = (psci_t){ .cpus = f.cpus, .ncpus = 2 };
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    cpu_destroy(f->cpus[1]);
    cpu_destroy(f->cpus[0]);
    physmap_destroy(&f->pm);
    return 0;
}

static uint64_t call(fixture_t *f, int cpu, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    cpu_set_x(f->cpus[cpu], 0, fn);
    cpu_set_x(f->cpus[cpu], 1, a1);
    cpu_set_x(f->cpus[cpu], 2, a2);
    cpu_set_x(f->cpus[cpu], 3, a3);
    assert_true(psci_call(&f->psci, f->cpus[cpu], false, 0));
    return cpu_get_x(f->cpus[cpu], 0);
}

static void test_version_and_features(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(call(f, 0, PSCI_FN_VERSION, 0, 0, 0), 0x10000);
    assert_int_equal(call(f, 0, PSCI_FN_FEATURES, PSCI_FN_SYSTEM_OFF, 0, 0), 0);
    assert_int_equal(call(f, 0, PSCI_FN_FEATURES, PSCI_FN64_CPU_ON, 0, 0), 0);
    /* SMC32 results are 32-bit: NOT_SUPPORTED is 0xffffffff in W0. */
    assert_int_equal(call(f, 0, PSCI_FN_FEATURES, 0x84001234, 0, 0), 0xffffffffu);
    assert_int_equal(call(f, 0, SMCCC_FN_VERSION, 0, 0, 0), 0xffffffffu);
    assert_int_equal(call(f, 0, PSCI_FN_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
    assert_int_equal(f->psci.event, PSCI_EVENT_NONE);
}

static void test_nonzero_immediate_is_not_psci(void **state)
{
    fixture_t *f = *state;
    cpu_set_x(f->cpus[0], 0, PSCI_FN_VERSION);
    assert_false(psci_call(&f->psci, f->cpus[0], false, 1));
}

static void test_cpu_on_off_affinity(void **state)
{
    fixture_t *f = *state;
    uint64_t mp0 = cpu_mpidr(f->cpus[0]), mp1 = cpu_mpidr(f->cpus[1]);
    assert_true(cpu_is_powered(f->cpus[0]));
    assert_false(cpu_is_powered(f->cpus[1])); /* secondaries start off */
    assert_int_equal(call(f, 0, PSCI_FN64_AFFINITY_INFO, mp1, 0, 0), 1);  /* OFF */
    assert_int_equal(call(f, 0, PSCI_FN64_AFFINITY_INFO, mp0, 0, 0), 0);  /* ON */
    assert_int_equal((int64_t)call(f, 0, PSCI_FN64_AFFINITY_INFO, 0xff, 0, 0), PSCI_RET_INVALID_PARAMS);
    assert_int_equal((int64_t)call(f, 0, PSCI_FN64_CPU_ON, 0x7f, 0x40000000, 0), PSCI_RET_INVALID_PARAMS);
    assert_int_equal((int64_t)call(f, 0, PSCI_FN64_CPU_ON, mp0, 0x40000000, 0), PSCI_RET_ALREADY_ON);
    assert_int_equal(call(f, 0, PSCI_FN64_CPU_ON, mp1, 0x40001000, 0x1234), 0);
    assert_true(cpu_is_powered(f->cpus[1]));
    assert_int_equal(cpu_get_pc(f->cpus[1]), 0x40001000);
    assert_int_equal(cpu_get_x(f->cpus[1], 0), 0x1234);   /* context_id */
    assert_int_equal(cpu_get_pstate(f->cpus[1]) & 0xf, 0x5); /* EL1h */
    assert_int_equal(call(f, 0, PSCI_FN64_AFFINITY_INFO, mp1, 0, 0), 0);
    call(f, 1, PSCI_FN_CPU_OFF, 0, 0, 0);
    assert_false(cpu_is_powered(f->cpus[1]));
    assert_int_equal(call(f, 0, PSCI_FN64_AFFINITY_INFO, mp1, 0, 0), 1);
}

static void test_system_off_and_reset(void **state)
{
    fixture_t *f = *state;
    call(f, 0, PSCI_FN_SYSTEM_RESET, 0, 0, 0);
    assert_int_equal(f->psci.event, PSCI_EVENT_SYSTEM_RESET);
    f->psci.event = PSCI_EVENT_NONE;
    call(f, 0, PSCI_FN_SYSTEM_OFF, 0, 0, 0);
    assert_int_equal(f->psci.event, PSCI_EVENT_SYSTEM_OFF);
    /* The CPU was asked to stop running. */
    assert_int_equal(cpu_run(f->cpus[0], 1000), CPU_EXIT_REQUEST);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_version_and_features, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nonzero_immediate_is_not_psci, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cpu_on_off_affinity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_system_off_and_reset, setup, teardown),
    };
    return cmocka_run_group_tests_name("psci", tests, NULL, NULL);
}
