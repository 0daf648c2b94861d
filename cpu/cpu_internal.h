/* cpu_internal.h - the CPU's state and the contracts between cpu/ files.
 *
 * Only files in cpu/ include this. The layout is chosen for the translated
 * code's hot paths: the general registers, the lazy flags and the software
 * TLB sit at the start of struct cpu so a future native code generator can
 * reach them with small displacements from one base register.
 */
#ifndef TINYVM_CPU_CPU_INTERNAL_H
#define TINYVM_CPU_CPU_INTERNAL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"
#include "debug.h"
#include "op.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* Register slots. Instruction field value 31 means XZR or SP depending on the
 * instruction; the decoder resolves it once, so handlers index x[] blindly:
 *   REG_ZR   reads as zero and is never written,
 *   REG_SP   the stack pointer of the current EL/SPSel,
 *   REG_SINK absorbs writes to XZR.                                          */
enum { REG_ZR = 31, REG_SP = 32, REG_SINK = 33, REG_SLOTS = 34 };

/* Lazy NZCV (DESIGN.md "condition flags are lazy"): a flag-setting op stores
 * its operands, result and kind; NZCV is derived only when read. */
typedef enum {
    CC_NZCV = 0, /* cc_r holds NZCV in bits 31:28 (MSR NZCV, CCMP false, FCMP) */
    CC_ADD32, CC_ADD64,  /* r = a + b             */
    CC_SUB32, CC_SUB64,  /* r = a - b             */
    CC_ADC32, CC_ADC64,  /* r = a + b + c         */
    CC_SBC32, CC_SBC64,  /* r = a + ~b + c        */
    CC_LOGIC32, CC_LOGIC64, /* N,Z from r; C = V = 0 */
} cc_op_t;

/* One 128-bit SIMD&FP register V0..V31, viewed as lanes. Scalar FP values
 * live in the low lanes (the upper part is zeroed by scalar writes, as the
 * architecture requires). */
typedef union vreg {
    uint8_t b[16];
    uint16_t h[8];
    uint32_t s[4];
    uint64_t d[2];
} vreg_t;

/* Translation regimes the TLB keeps apart: what EL0 may touch differs from
 * EL1, and PAN changes EL1's view of EL0-accessible pages. */
enum { MMU_IDX_EL0 = 0, MMU_IDX_EL1 = 1, MMU_IDX_EL1_PAN = 2, MMU_IDX_COUNT = 3 };

/* 4096 entries per regime: the 16 MiB a pointer-chasing program touches
 * fit (1024 covered 4 MiB). What made a larger TLB slower before -- flushes
 * whose cost grew with the size -- is gone: the ASID-switch flush visits only
 * slots marked nG (tlb_ng_map), a TLBI by VA visits its pieces and the
 * victims; only a TLBI inside a block region, VMALLE1 and code protection
 * still touch every slot, and they are rare (hundreds per boot). */
#define TLB_BITS 12
#define TLB_SIZE (1u << TLB_BITS)
#define TLB_PAGE_BITS 12
#define TLB_PAGE_MASK (~(uint64_t)((1u << TLB_PAGE_BITS) - 1))
#define TLB_INVALID UINT64_MAX

/* One entry maps one 4 KiB virtual page (larger guest pages are cached in 4K
 * pieces). A tag is the page's VA when that access kind may use the fast
 * path, TLB_INVALID otherwise (no permission, MMIO, or a page holding
 * translated code that must be watched for writes).
 *
 * The hot entry is what the fast path reads, and nothing else: 32 bytes, two
 * per cache line (a regime's 4096 entries take 128 KiB). The translated
 * code (and the native backend's inline fast path) rely on this layout:
 * cpu->tlb[mmu_idx][(va >> TLB_PAGE_BITS) & (TLB_SIZE - 1)], fields
 * tag_read/tag_write/tag_exec/addend. What only the slow path needs lives
 * at the same index in the parallel cold array cpu->tlb_cold. */
typedef struct tlb_entry {
    uint64_t tag_read;
    uint64_t tag_write;
    uint64_t tag_exec;
    uintptr_t addend;  /* host address = guest VA + addend (RAM only) */
} tlb_entry_t;
_Static_assert(sizeof(tlb_entry_t) == 32, "the fast path assumes 32-byte TLB entries");

typedef struct tlb_cold {
    uint64_t vpage;    /* the VA page this entry describes; TLB_INVALID when empty */
    uint64_t ppage;    /* its physical page (slow path, code tracking) */
    uint8_t perms;     /* TLB_PERM_* granted to this regime */
    uint8_t is_ram;
    uint8_t level;     /* walk level of the final descriptor */
    uint8_t page_shift;/* log2 of the guest mapping's size (>= 12) */
    uint32_t attrs;    /* MAIR attribute index / shareability, MMU_ATTR_NG */
} tlb_cold_t;

enum { TLB_PERM_R = 1, TLB_PERM_W = 2, TLB_PERM_X = 4 };

/* Access kinds of a memory operation (AArch64.MemOp / AccType, simplified). */
typedef enum { ACC_READ = 0, ACC_WRITE = 1, ACC_EXEC = 2 } acc_t;

#define JC_BITS 16
#define JC_SIZE (1u << JC_BITS)

struct tb;

struct cpu {
    /* ---- hot: touched by nearly every op ---- */
    uint64_t x[REG_SLOTS];
    uint64_t pc;          /* valid between blocks and at exceptions */
    uint32_t cc_op;
    uint64_t cc_a, cc_b, cc_r, cc_c;
    uint64_t icount;      /* instructions retired (approximate within a block) */
    uint64_t icount_limit;/* cpu_run() stops when icount reaches this */
    physmap_t *pm;
    tlb_entry_t tlb[MMU_IDX_COUNT][TLB_SIZE];
    /* Per regime, the smallest aligned VA region holding every cached piece
     * of a block mapping (tlb.c: TLBI by VA inside it drops the regime). */
    uint64_t tlb_large_base[MMU_IDX_COUNT], tlb_large_mask[MMU_IDX_COUNT];
    /* Per regime, a bit per slot that received a non-global entry since the
     * last ASID flush, so that flush (every ASID switch: twice per syscall
     * under KPTI) visits only those slots, whatever the TLB's size. */
    uint64_t tlb_ng_map[MMU_IDX_COUNT][TLB_SIZE / 64];
    /* The slow-path half of each TLB entry (same indices as tlb). */
    tlb_cold_t tlb_cold[MMU_IDX_COUNT][TLB_SIZE];
    /* Victim TLB, per regime: entries a fill pushed out of their slot,
     * swapped back in on a miss before walking (tlb.c: tlb_fill). Replaced
     * round-robin; a VA page is in the main slot or here, never both. */
#define TLB_VICTIM 8
    tlb_entry_t tlb_victim[MMU_IDX_COUNT][TLB_VICTIM];
    tlb_cold_t tlb_victim_cold[MMU_IDX_COUNT][TLB_VICTIM];
    uint8_t tlb_victim_next[MMU_IDX_COUNT];

    /* ---- SIMD&FP registers (FPCR/FPSR are in sys) ---- */
    vreg_t v[32] __attribute__((aligned(16)));

    /* ---- PSTATE, apart from NZCV ---- */
    uint8_t el;           /* 0 or 1 */
    uint8_t spsel;        /* 0: SP_EL0, 1: SP_ELx */
    uint32_t daif;        /* PSTATE.{D,A,I,F} in SPSR bit positions (9:6) */
    uint8_t pan, uao, ss, il;
    uint64_t sp_el[2];    /* banked SP_EL0 / SP_EL1 when not current */

    /* ---- system registers (EL1 & EL0) ---- */
    struct {
        uint64_t sctlr, actlr, cpacr, ttbr0, ttbr1, tcr, mair, amair;
        uint64_t vbar, esr, far, par, elr, spsr, afsr0, afsr1;
        uint64_t contextidr, tpidr_el0, tpidr_el1, tpidrro_el0;
        uint64_t mdscr, oslsr, osdlr, mdccint, cntkctl, cntfrq;
        uint64_t fpcr, fpsr;
        uint64_t disr;
        uint64_t dbgbvr[16], dbgbcr[16], dbgwvr[16], dbgwcr[16];
        uint64_t pmuserenr, pmcr, pmselr, pmccfiltr, pmcntenset, pmintenset, pmovsset;
        uint64_t csselr;
    } sys;
    uint64_t midr, mpidr, revidr;
    uint64_t id_aa64pfr0, id_aa64pfr1, id_aa64dfr0, id_aa64isar0, id_aa64isar1;
    uint64_t id_aa64mmfr0, id_aa64mmfr1, id_aa64mmfr2, ctr, dczid, clidr;
    cpu_model_t model;

    /* ---- exclusive monitor (AArch64.ExclusiveMonitorsPass) ---- */
    uint64_t excl_addr;   /* physical address of the reserved granule, or ~0 */
    uint64_t excl_val[2]; /* value(s) read by the load-exclusive */
    uint8_t excl_size;

    /* ---- generic timer (timer.c) ---- */
    struct {
        uint64_t ctl, cval;
    } timer[CPU_TIMER_COUNT];
    uint64_t cntvoff;     /* virtual offset: always 0 without EL2 */
    irq_line_t timer_out[CPU_TIMER_COUNT];
    int timer_level[CPU_TIMER_COUNT];

    /* ---- interrupts and run control ---- */
    int irq_line, fiq_line;
    volatile int exit_request;
    bool event_reg;       /* the WFE event register (SEV/SEVL set it) */
    bool powered;
    int index;
    /* The CPUs this one shares memory with, itself included (cpu/smp.h);
     * NULL/0 until the board calls cpu_set_siblings: just this CPU. */
    struct cpu **siblings;
    int nsiblings;
    /* -accel thread=multi: this CPU runs on its own host thread, and other
     * threads reach its private structures only through requests
     * (cpu/smp.c); NULL in single-thread mode. */
    struct smp_queue *smpq;

    /* ---- hooks ---- */
    cpu_gic_hooks_t gic;
    cpu_firmware_call_fn fw_call;
    void *fw_opaque;

    /* ---- translation ---- */
    struct tb *jc[JC_SIZE];   /* jump cache: virtual PC -> block */
    struct tb_cache *tbc;
    struct jit *jit;          /* native backend's code buffer (cpu/jit/), NULL: threaded */
    const struct tb *cur_tb;  /* block being executed (for precise faults) */
    struct tb *chain_from;    /* block whose exit slot the dispatcher may patch */
    int chain_slot;
    bool wfi_exit;            /* WFI/WFE asked cpu_run() to return CPU_EXIT_WFI */
    sigjmp_buf exit_jmp;      /* cpu_raise_* unwinds here */

    cpu_stats_t stats;

    /* ---- debugger (debug.c): dbg_active is set while breakpoints exist,
     * a single step or a watchpoint hit is in progress ---- */
    bool dbg_active;
    cpu_debug_state_t dbg;
};

/* ---- flags.c ---- */
uint32_t cpu_get_nzcv(const cpu_t *cpu); /* NZCV in bits 31:28 */
void cpu_set_nzcv(cpu_t *cpu, uint32_t nzcv);
bool cpu_cond_holds_general(const cpu_t *cpu, unsigned cond); /* ConditionHolds(), any cc_op */

/* ConditionHolds(cond), inlined into CSEL/CSINC/CCMP/B.cond for the lazy-flag
 * kind almost every condition follows, a compare (SUBS): the condition is a
 * comparison of the saved operands (flags.c explains the correspondence).
 * Everything else goes to flags.c. */
static inline bool cpu_cond_holds(const cpu_t *cpu, unsigned cond)
{
    uint64_t a = cpu->cc_a, b = cpu->cc_b;
    if (cpu->cc_op == CC_SUB32) {
        a = (uint32_t)a;
        b = (uint32_t)b;
    } else if (cpu->cc_op != CC_SUB64) {
        return cpu_cond_holds_general(cpu, cond);
    }
    int64_t sa = cpu->cc_op == CC_SUB64 ? (int64_t)a : (int32_t)a;
    int64_t sb = cpu->cc_op == CC_SUB64 ? (int64_t)b : (int32_t)b;
    bool r;
    switch (cond >> 1) {
    case 0: r = a == b; break;   /* EQ: Z */
    case 1: r = a >= b; break;   /* CS: C, no borrow */
    case 4: r = a > b; break;    /* HI: C && !Z */
    case 5: r = sa >= sb; break; /* GE: N == V */
    case 6: r = sa > sb; break;  /* GT: N == V && !Z */
    default: return cpu_cond_holds_general(cpu, cond);
    }
    return (cond & 1) ? !r : r; /* cond 15 (NV) never gets here: cond >> 1 == 7 */
}

/* ---- pstate ---- */
uint32_t cpu_pstate_to_spsr(const cpu_t *cpu);
void cpu_spsr_to_pstate(cpu_t *cpu, uint32_t spsr); /* no legality checks */
void cpu_switch_sp(cpu_t *cpu, int new_el, int new_spsel);
int cpu_mmu_idx(const cpu_t *cpu);

/* AArch64.CheckFPAdvSIMDEnabled for EL0/EL1: CPACR_EL1.FPEN = 0b11 allows
 * both ELs, 0b01 allows EL1 only, 0bx0 traps both (EC 0x07). */
static inline bool cpu_fp_enabled(const cpu_t *cpu)
{
    unsigned fpen = (unsigned)(cpu->sys.cpacr >> 20) & 3;
    return fpen == 3 || (fpen == 1 && cpu->el == 1);
}

/* AArch64.BranchAddr: when the top byte is ignored for the target's half of
 * the address space (TCR_EL1.TBI0/TBI1), bits 63:56 of the new PC are copies
 * of bit 55, so a tagged code pointer runs untagged code. */
static inline uint64_t cpu_branch_addr(const cpu_t *cpu, uint64_t target)
{
    if (likely((uint64_t)(((int64_t)target >> 55) + 1) <= 1))
        return target; /* bits 63:55 all equal: nothing to strip */
    unsigned tbi_bit = (target >> 55 & 1) ? 38 : 37;
    if (cpu->sys.tcr >> tbi_bit & 1)
        return (uint64_t)((int64_t)(target << 8) >> 8);
    return target;
}

/* ---- exception.c ---- */
/* Guest PC of the instruction op belongs to (precise faults). */
uint64_t cpu_op_pc(const cpu_t *cpu, const op_t *op);
/* Take a synchronous exception to EL1 (AArch64.TakeException) from the
 * instruction at pc, then unwind to the dispatcher. Never returns. */
_Noreturn void cpu_raise_sync(cpu_t *cpu, uint64_t pc, uint32_t esr, uint64_t far, bool far_valid);
_Noreturn void cpu_raise_undef(cpu_t *cpu, uint64_t pc);
/* Exception entry without unwinding (used for interrupts at block boundaries). */
void cpu_take_exception(cpu_t *cpu, int type, uint64_t ret_pc, uint32_t esr, uint64_t far,
                        bool far_valid);
enum { EXC_SYNC = 0, EXC_IRQ = 1, EXC_FIQ = 2, EXC_SERROR = 3 };
void cpu_eret(cpu_t *cpu); /* AArch64.ExceptionReturn from ELR/SPSR_EL1 */
/* Check for and deliver a pending unmasked interrupt; true if one was taken. */
bool cpu_check_interrupts(cpu_t *cpu);
/* Unwind to the dispatcher without an exception (state already updated). */
_Noreturn void cpu_loop_exit(cpu_t *cpu);

/* ESR fields (ESR_ELx, see linux asm/esr.h for the same numbers). */
#define ESR_EC_SHIFT 26
#define ESR_IL (1u << 25)
enum {
    EC_UNKNOWN = 0x00, EC_WFX = 0x01, EC_FP_ASIMD = 0x07, EC_ILLEGAL = 0x0e,
    EC_SVC64 = 0x15, EC_HVC64 = 0x16, EC_SMC64 = 0x17, EC_SYS64 = 0x18,
    EC_IABT_LOW = 0x20, EC_IABT_CUR = 0x21, EC_PC_ALIGN = 0x22,
    EC_DABT_LOW = 0x24, EC_DABT_CUR = 0x25, EC_SP_ALIGN = 0x26,
    EC_FP_EXC64 = 0x2c, EC_SERROR = 0x2f, EC_BREAKPT_LOW = 0x30,
    EC_SOFTSTP_LOW = 0x32, EC_WATCHPT_LOW = 0x34, EC_BRK64 = 0x3c,
};
static inline uint32_t esr_make(unsigned ec, bool il, uint32_t iss)
{
    return (uint32_t)ec << ESR_EC_SHIFT | (il ? ESR_IL : 0) | (iss & 0x1ffffff);
}

/* ---- mmu.c: stage-1 walk of the EL1&0 regime ---- */
typedef enum {
    MMU_FAULT_NONE = 0,
    MMU_FAULT_ADDRESS_SIZE,
    MMU_FAULT_TRANSLATION,
    MMU_FAULT_ACCESS_FLAG,
    MMU_FAULT_PERMISSION,
    MMU_FAULT_EXTERNAL, /* synchronous external abort on the walk itself */
    MMU_FAULT_ALIGNMENT,
} mmu_fault_t;

typedef struct mmu_result {
    uint64_t pa;         /* physical address of va (when no fault) */
    uint8_t perms;       /* TLB_PERM_* allowed for the regime asked about */
    uint8_t level;       /* level of the final descriptor, or of the fault */
    uint8_t first_level; /* level the walk started at (for -d mmu) */
    mmu_fault_t fault;
    bool s1ptw;          /* fault happened on a table walk access */
    uint32_t attrs;      /* AttrIndx (bits 2:0), SH (bits 9:8) for PAR_EL1 */
    uint8_t page_shift;  /* log2 of the mapping's size, >= 12 */
} mmu_result_t;

/* AArch64.TranslateAddress for stage 1 of EL1&0 with MMU state from cpu->sys.
 * With SCTLR_EL1.M == 0 the address maps flat. Checks permissions for the
 * requested access kind in regime mmu_idx, and fills res either way. */
void mmu_translate(cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx, mmu_result_t *res);

/* ---- tlb.c: software TLB and the memory access slow path ---- */
void tlb_flush_all(cpu_t *cpu);
/* Drop every entry without counting a TLBI (tb_flush, reset). */
void tlb_drop_all(cpu_t *cpu);
void tlb_flush_page(cpu_t *cpu, uint64_t va); /* every regime, every ASID */
void tlb_flush_asid(cpu_t *cpu, uint16_t asid);
/* A TB now lives in physical page ppage: stop fast-path writes to it. */
void tlb_protect_code_page(cpu_t *cpu, uint64_t ppage);
/* Fill (or fault) for va; returns the entry. pc is the faulting instruction's. */
tlb_entry_t *tlb_fill(cpu_t *cpu, uint64_t va, acc_t acc, int mmu_idx, uint64_t pc);
uint64_t cpu_mem_read_slow(cpu_t *cpu, uint64_t va, unsigned size, int mmu_idx, uint64_t pc);
void cpu_mem_write_slow(cpu_t *cpu, uint64_t va, unsigned size, uint64_t val, int mmu_idx,
                        uint64_t pc);
/* Raise the data abort for a failed translation (AArch64.DataAbort). */
_Noreturn void cpu_raise_mmu_fault(cpu_t *cpu, uint64_t va, acc_t acc, const mmu_result_t *res,
                                   uint64_t pc);

/* ---- sysreg.c ---- */
/* MRS/MSR/SYS: return false when the encoding is not a register this CPU has
 * (the caller raises UNDEF); raise exceptions for traps themselves. */
bool sysreg_read(cpu_t *cpu, uint32_t enc, uint64_t *val, const op_t *op);
bool sysreg_write(cpu_t *cpu, uint32_t enc, uint64_t val, const op_t *op);
/* SYS instructions (DC, IC, AT, TLBI): op0 = 1. */
bool sysreg_sys_insn(cpu_t *cpu, uint32_t enc, uint64_t val, const op_t *op);
/* A TLBI operation (any form, IS or not) applied to this CPU's TLB only. */
void sysreg_tlbi_local(cpu_t *cpu, uint32_t enc, uint64_t val);
void sysreg_reset(cpu_t *cpu);
void cpu_set_id_registers(cpu_t *cpu, cpu_model_t model);
#define SYSREG_ENC(op0, op1, crn, crm, op2) \
    ((uint32_t)(op0) << 14 | (uint32_t)(op1) << 11 | (uint32_t)(crn) << 7 | (uint32_t)(crm) << 3 | (uint32_t)(op2))

/* ---- timer.c ---- */
uint64_t timer_counter(const cpu_t *cpu); /* CNTPCT: ticks of CNTFRQ since boot */
uint64_t timer_freq(void);
void timer_update(cpu_t *cpu);            /* recompute ISTATUS and the output levels */

/* ---- debug.c: hooks of the debugger support ---- */
uint32_t debug_tb_flags(const cpu_t *cpu);
/* A breakpoint at va (the translator ends blocks before one). */
bool debug_is_breakpoint(const cpu_t *cpu, uint64_t va);
/* At a block boundary with dbg_active: true when cpu_run() must stop now. */
bool debug_check_stop(cpu_t *cpu);
/* A watched page? (tlb_fill keeps its data tags invalid.) */
bool debug_page_watched(const cpu_t *cpu, uint64_t vpage);
/* Memory slow path, before the access by the instruction at pc: on a
 * watchpoint hit this unwinds to the dispatcher, which stops with PC at
 * that instruction (nothing of it done). */
void debug_check_watch(cpu_t *cpu, uint64_t va, unsigned size, acc_t acc, uint64_t pc);

/* ---- translate.c / tb.c ---- */
void tb_invalidate_phys_range(cpu_t *cpu, uint64_t pa, uint64_t len);
void tb_flush(cpu_t *cpu);
void cpu_code_write_hook(void *opaque, uint64_t pa, uint64_t len);

#endif
