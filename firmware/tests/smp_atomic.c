/* smp_atomic.c - several CPUs started through PSCI CPU_ON increment shared
 * counters at the same time, with a load/store-exclusive loop (the global
 * exclusive monitor must fail a STXR after another CPU's write) and with an
 * LSE atomic (LDADDAL atomic with respect to every CPU); the totals must be
 * exact. Also: distinct MPIDRs, CPU_ON and AFFINITY_INFO answers (ALREADY_ON,
 * INVALID_PARAMETERS, OFF after CPU_OFF) and starting a CPU again after it
 * turned itself off.
 * run: -smp 4 -accel tcg,thread=single
 * run: -smp 4 -accel tcg,thread=multi */
#include "fw_smp.h"

#define NCPUS 4
#define ITERS 20000
#define LIMIT 200000000ull

static volatile uint32_t excl_counter, lse_counter, mixed_counter;
static volatile uint32_t started, go, done, restarted;
static volatile uint64_t mpidr_seen[NCPUS];

static void work(void)
{
    for (int i = 0; i < ITERS; i++) {
        fw_excl_add(&excl_counter, 1);
        fw_lse_add(&lse_counter, 1);
        /* The same location updated both ways: each form must see the
         * other's writes. */
        if (i & 1)
            fw_excl_add(&mixed_counter, 3);
        else
            fw_lse_add(&mixed_counter, 3);
    }
}

static void secondary(void *arg)
{
    int id = (int)(uintptr_t)arg;
    mpidr_seen[id] = SYSREG_READ(mpidr_el1);
    fw_lse_add(&started, 1);
    fw_wait_eq(&go, 1, LIMIT);
    work();
    fw_excl_add(&done, 1);
}

static void again(void *arg)
{
    (void)arg;
    fw_store_release(&restarted, (uint32_t)fw_cpu_index() + 100);
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    mpidr_seen[0] = SYSREG_READ(mpidr_el1);
    CHECK_EQ(fw_cpu_index(), 0);
    for (int c = 1; c < NCPUS; c++)
        CHECK_EQ(fw_affinity_info(c), 1); /* secondaries start OFF */
    for (int c = 1; c < NCPUS; c++)
        CHECK_EQ(fw_cpu_on(c, secondary, (void *)(uintptr_t)c), PSCI_SUCCESS);
    CHECK(fw_wait_eq(&started, NCPUS - 1, LIMIT));
    fw_printf("%d secondary CPUs started\n", NCPUS - 1);

    /* Every secondary now waits for `go`: they are ON. */
    for (int c = 1; c < NCPUS; c++) {
        CHECK_EQ(fw_affinity_info(c), 0);
        CHECK_EQ(fw_cpu_on(c, secondary, 0), PSCI_ALREADY_ON);
    }
    CHECK_EQ(fw_cpu_on(0, secondary, 0), PSCI_ALREADY_ON);
    CHECK_EQ((int64_t)fw_hvc(0xc4000003, 0x80, 0, 0), PSCI_INVALID_PARAMETERS); /* no such CPU */
    CHECK_EQ((int64_t)fw_hvc(0xc4000004, 0x80, 0, 0), PSCI_INVALID_PARAMETERS);
    for (int c = 0; c < NCPUS; c++) {
        CHECK_EQ(mpidr_seen[c] & 0xff00ffffffull, (uint64_t)c);
        CHECK_EQ(mpidr_seen[c] >> 31 & 1, 1); /* RES1 */
    }
    fw_printf("MPIDRs distinct, CPU_ON/AFFINITY_INFO answers checked\n");

    fw_store_release(&go, 1);
    work();
    CHECK(fw_wait_eq(&done, NCPUS - 1, LIMIT));
    CHECK_EQ(fw_load_acquire(&excl_counter), NCPUS * ITERS);
    CHECK_EQ(fw_load_acquire(&lse_counter), NCPUS * ITERS);
    CHECK_EQ(fw_load_acquire(&mixed_counter), 3 * NCPUS * ITERS);
    fw_printf("counters: ldxr/stxr %u, ldadd %u, mixed %u\n", (unsigned)excl_counter,
              (unsigned)lse_counter, (unsigned)mixed_counter);

    /* The secondaries return from their function into PSCI CPU_OFF. */
    for (int c = 1; c < NCPUS; c++) {
        int64_t st = -1;
        for (uint64_t i = 0; i < LIMIT / 100 && (st = fw_affinity_info(c)) != 1; i++)
            ;
        CHECK_EQ(st, 1);
    }
    fw_printf("secondaries turned themselves off\n");
    /* An OFF CPU can be started again (what CPU hotplug does). */
    CHECK_EQ(fw_cpu_on(2, again, 0), PSCI_SUCCESS);
    CHECK(fw_wait_eq(&restarted, 102, LIMIT));
    fw_printf("CPU 2 started again after CPU_OFF\n");
    return 0;
}
