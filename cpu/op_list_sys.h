/* Ops of the system-instruction files (system.c): hints, barriers, PSTATE
 * and system register access, SYS (cache/TLB maintenance, AT). */
#define OP_LIST_SYS(X) \
    X(wfi) X(wfe) X(sev) X(barrier) X(clrex) \
    X(msr_daifset) X(msr_daifclr) X(msr_spsel) X(msr_pan) X(msr_uao) \
    X(mrs) X(msr) X(mrs_field) X(msr_field) X(mrs_nzcv) X(msr_nzcv) \
    X(mrs_daif) X(msr_daif) X(mrs_sp_el0) X(msr_sp_el0) X(sysreg_trap) \
    X(sys) X(dc_zva)
