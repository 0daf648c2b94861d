/* psci.h - the board's firmware: PSCI 1.0 (and SMCCC discovery) over HVC/SMC.
 *
 * With no EL2/EL3 in the CPU, tinyvm itself plays the firmware that would
 * answer these calls on hardware (Arm DEN 0022; function IDs as in
 * Linux's include/uapi/linux/psci.h). The CPU hands every HVC/SMC #0 from
 * EL1 to psci_call(); system-wide requests are reported back as an event the
 * main loop acts on. */
#ifndef TINYVM_BOARD_PSCI_H
#define TINYVM_BOARD_PSCI_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"

typedef enum {
    PSCI_EVENT_NONE = 0,
    PSCI_EVENT_SYSTEM_OFF,
    PSCI_EVENT_SYSTEM_RESET,
} psci_event_t;

typedef struct psci {
    cpu_t **cpus;
    int ncpus;
    psci_event_t event; /* set by SYSTEM_OFF / SYSTEM_RESET */
} psci_t;

/* PSCI return codes. */
enum {
    PSCI_RET_SUCCESS = 0,
    PSCI_RET_NOT_SUPPORTED = -1,
    PSCI_RET_INVALID_PARAMS = -2,
    PSCI_RET_DENIED = -3,
    PSCI_RET_ALREADY_ON = -4,
};

/* Function IDs (SMC32 0x84..., SMC64 0xC4...). */
enum {
    PSCI_FN_VERSION = 0x84000000,
    PSCI_FN_CPU_SUSPEND = 0x84000001,
    PSCI_FN_CPU_OFF = 0x84000002,
    PSCI_FN_CPU_ON = 0x84000003,
    PSCI_FN_AFFINITY_INFO = 0x84000004,
    PSCI_FN_MIGRATE_INFO_TYPE = 0x84000006,
    PSCI_FN_SYSTEM_OFF = 0x84000008,
    PSCI_FN_SYSTEM_RESET = 0x84000009,
    PSCI_FN_FEATURES = 0x8400000a,
    PSCI_FN64_CPU_SUSPEND = 0xc4000001,
    PSCI_FN64_CPU_ON = 0xc4000003,
    PSCI_FN64_AFFINITY_INFO = 0xc4000004,
    SMCCC_FN_VERSION = 0x80000000,
};

/* cpu_firmware_call_fn: opaque is the psci_t. */
bool psci_call(void *opaque, cpu_t *cpu, bool is_smc, uint16_t imm);

#endif
