/* psci.c - PSCI 1.0 calls answered by the board (see psci.h). */
#include "psci.h"

static cpu_t *find_cpu(psci_t *p, uint64_t mpidr)
{
    /* Compare affinity fields only (Aff3 and Aff2..Aff0). */
    uint64_t want = mpidr & 0xff00ffffffull;
    for (int i = 0; i < p->ncpus; i++)
        if ((cpu_mpidr(p->cpus[i]) & 0xff00ffffffull) == want)
            return p->cpus[i];
    return NULL;
}

static bool implemented(uint32_t fn)
{
    switch (fn) {
    case PSCI_FN_VERSION: case PSCI_FN_CPU_SUSPEND: case PSCI_FN64_CPU_SUSPEND:
    case PSCI_FN_CPU_OFF: case PSCI_FN_CPU_ON: case PSCI_FN64_CPU_ON:
    case PSCI_FN_AFFINITY_INFO: case PSCI_FN64_AFFINITY_INFO:
    case PSCI_FN_MIGRATE_INFO_TYPE: case PSCI_FN_SYSTEM_OFF: case PSCI_FN_SYSTEM_RESET:
    case PSCI_FN_FEATURES:
        return true;
    default:
        return false;
    }
}

bool psci_call(void *opaque, cpu_t *cpu, bool is_smc, uint16_t imm)
{
    psci_t *p = opaque;
    (void)is_smc;
    /* SMCCC: the immediate must be 0; anything else is not a firmware call. */
    if (imm != 0)
        return false;
    uint32_t fn = (uint32_t)cpu_get_x(cpu, 0);
    bool smc32 = (fn & 0x40000000u) == 0; /* SMC32 calls take W registers */
    uint64_t a1 = cpu_get_x(cpu, 1), a2 = cpu_get_x(cpu, 2);
    if (smc32) {
        a1 = (uint32_t)a1;
        a2 = (uint32_t)a2;
    }
    int64_t ret;
    switch (fn) {
    case PSCI_FN_VERSION:
        ret = 0x10000; /* 1.0 */
        break;
    case PSCI_FN_CPU_SUSPEND:
    case PSCI_FN64_CPU_SUSPEND:
        /* Every power state is treated as a standby state that wakes at
         * once: returning SUCCESS is a valid outcome of a standby request. */
        ret = PSCI_RET_SUCCESS;
        break;
    case PSCI_FN_CPU_OFF:
        cpu_power_off(cpu);
        ret = PSCI_RET_SUCCESS; /* not seen by the (now off) caller */
        break;
    case PSCI_FN_CPU_ON:
    case PSCI_FN64_CPU_ON: {
        cpu_t *target = find_cpu(p, a1);
        if (!target)
            ret = PSCI_RET_INVALID_PARAMS;
        else if (cpu_is_powered(target))
            ret = PSCI_RET_ALREADY_ON;
        else {
            /* The target starts at EL1 at entry_point_address with x0 =
             * context_id, MMU off, as for the boot CPU. */
            uint64_t ctx = smc32 ? (uint32_t)cpu_get_x(cpu, 3) : cpu_get_x(cpu, 3);
            cpu_reset(target, a2, ctx);
            ret = PSCI_RET_SUCCESS;
        }
        break;
    }
    case PSCI_FN_AFFINITY_INFO:
    case PSCI_FN64_AFFINITY_INFO: {
        cpu_t *target = a2 == 0 ? find_cpu(p, a1) : NULL; /* level 0 only */
        ret = !target ? PSCI_RET_INVALID_PARAMS : cpu_is_powered(target) ? 0 : 1;
        break;
    }
    case PSCI_FN_MIGRATE_INFO_TYPE:
        ret = 2; /* no Trusted OS: migration not required */
        break;
    case PSCI_FN_SYSTEM_OFF:
        p->event = PSCI_EVENT_SYSTEM_OFF;
        cpu_request_exit(cpu);
        ret = PSCI_RET_SUCCESS;
        break;
    case PSCI_FN_SYSTEM_RESET:
        p->event = PSCI_EVENT_SYSTEM_RESET;
        cpu_request_exit(cpu);
        ret = PSCI_RET_SUCCESS;
        break;
    case PSCI_FN_FEATURES:
        ret = implemented((uint32_t)a1) ? 0 : PSCI_RET_NOT_SUPPORTED;
        break;
    default:
        /* Unknown function, including SMCCC_VERSION: NOT_SUPPORTED tells
         * Linux this is SMCCC 1.0 firmware with no workaround services. */
        ret = PSCI_RET_NOT_SUPPORTED;
        break;
    }
    cpu_set_x(cpu, 0, smc32 ? (uint64_t)(uint32_t)ret : (uint64_t)ret);
    return true;
}
