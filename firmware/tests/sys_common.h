/* sys_common.h - shared by the firmware/tests/{sys,mmu,exc}_*.c programs:
 * result lines, a fault catcher, running a function at EL0, and a small
 * translation-table builder for the three granules.
 *
 * Every checked value is printed ("name = value"), so the runner's diff
 * against the oracle (qemu-system-aarch64 -cpu max) compares each one. */
#ifndef SYS_COMMON_H
#define SYS_COMMON_H

#include "fw.h"

/* ---- results ---- */
static __attribute__((unused)) int ncases;

static inline void show(const char *name, uint64_t got, uint64_t want)
{
    ncases++;
    fw_printf("%s = 0x%lx\n", name, (unsigned long)got);
    if (got != want) {
        fw_printf("FAIL %s: want 0x%lx\n", name, (unsigned long)want);
        fw_failures++;
    }
}

#define EC(esr) ((uint64_t)(esr) >> 26 & 0x3f)
#define ISS(esr) ((uint64_t)(esr) & 0x1ffffff)
#define DSB() __asm__ volatile("dsb sy" ::: "memory")
#define BARRIER() __asm__ volatile("" ::: "memory")

/* ---- faults ----
 * The catcher records the exception. It resumes at fault_resume when that
 * is set (then clears it); after an instruction abort or PC alignment
 * fault at the caller (ELR = LR: the faulting code was called); after SVC
 * where it points already; else after the faulting instruction. It also
 * records PSTATE.PAN as the handler sees it. */
static volatile int fault_count, fault_vector;
static volatile uint64_t fault_esr, fault_far, fault_elr, fault_spsr, fault_resume, fault_pan;

static inline void faults_reset(void)
{
    fault_count = 0;
    fault_vector = -1;
    fault_esr = fault_far = fault_elr = fault_spsr = 0;
}

/* ---- running code at EL0 ----
 * run_el0(entry, arg, sp_el0, lr): ERET to entry at EL0t (interrupts
 * masked) with x0 = arg and x30 = lr; the code ends with SVC #0xfff (the
 * el0_exit routine below, or a copy of it), and run_el0 returns its x0. */
extern uint64_t run_el0(uint64_t entry, uint64_t arg, uint64_t sp_el0, uint64_t lr);
extern void run_el0_resume(void);
extern void el0_exit(void);
uint64_t el0_saved[12];

__asm__(
    "    .text\n"
    "    .balign 4\n"
    "    .globl run_el0\n"
    "run_el0:\n"
    "    adrp x9, el0_saved\n"
    "    add x9, x9, :lo12:el0_saved\n"
    "    stp x19, x20, [x9, #0]\n"
    "    stp x21, x22, [x9, #16]\n"
    "    stp x23, x24, [x9, #32]\n"
    "    stp x25, x26, [x9, #48]\n"
    "    stp x27, x28, [x9, #64]\n"
    "    stp x29, x30, [x9, #80]\n"
    "    msr sp_el0, x2\n"
    "    msr elr_el1, x0\n"
    "    mov x0, #0x3c0\n"
    "    msr spsr_el1, x0\n"
    "    mov x0, x1\n"
    "    mov x30, x3\n"
    "    eret\n"
    "    .globl run_el0_resume\n"
    "run_el0_resume:\n"
    "    ret\n"
    "    .globl el0_exit\n"
    "el0_exit:\n"
    "    svc #0xfff\n"
    "    b el0_exit\n");

static __attribute__((unused)) bool sys_fault_handler(fw_frame_t *f, int vector, uint64_t esr,
                                                      uint64_t far)
{
    if (vector == 8 && EC(esr) == 0x15 && (esr & 0xffff) == 0xfff) {
        /* EL0 code finished: back to run_el0's caller at EL1h. */
        for (int i = 0; i < 12; i++)
            f->x[19 + i] = el0_saved[i];
        f->elr = (uint64_t)run_el0_resume;
        f->spsr = 0x3c5;
        return true;
    }
    fault_count++;
    fault_vector = vector;
    fault_esr = esr;
    fault_far = far;
    fault_elr = f->elr;
    fault_spsr = f->spsr;
    fault_pan = SYSREG_READ(s3_0_c4_c2_3) >> 22 & 1;
    if (EC(esr) == 0x0e)
        f->spsr &= ~(1ul << 20); /* illegal state: clear PSTATE.IL on return */
    if (fault_resume) {
        f->elr = fault_resume;
        fault_resume = 0;
    } else if (EC(esr) == 0x20 || EC(esr) == 0x21 || EC(esr) == 0x22) {
        f->elr = f->x[30]; /* a fetch fault: return to the caller */
    } else if (EC(esr) != 0x15) {
        f->elr += 4; /* SVC already returns to the next instruction */
    }
    return true;
}

static __attribute__((unused)) uint8_t el0_stack[4096] __attribute__((aligned(16)));

/* Run fn(arg) at EL0 with the MMU off or with fn's code and stack
 * reachable at EL0 at VA = PA + va_offset. */
static inline uint64_t el0_call_at(uint64_t (*fn)(uint64_t), uint64_t arg, uint64_t va_offset)
{
    return run_el0((uint64_t)fn + va_offset, arg, (uint64_t)(el0_stack + sizeof(el0_stack)) + va_offset,
                   (uint64_t)el0_exit + va_offset);
}

static inline uint64_t el0_call(uint64_t (*fn)(uint64_t), uint64_t arg)
{
    return el0_call_at(fn, arg, 0);
}

static inline void sys_init(void)
{
    fw_set_handler(sys_fault_handler);
    faults_reset();
}

/* ---- translation tables and scratch memory ----
 * Free RAM after the image (the runtime's adr-based start-up keeps .bss
 * under 1 MiB, so big buffers live here): 64 KiB-aligned page tables (big
 * enough for any granule), handed out zeroed, and scratch buffers. */
extern char _image_start[], _image_end[];
#define PT_POOL 24
static __attribute__((unused)) int pt_used;

static inline uint64_t free_ram(void)
{
    return ((uint64_t)_image_end + 0x1ffff) & ~0xfffful;
}

static inline uint64_t *pt_alloc(void)
{
    if (pt_used >= PT_POOL) {
        fw_puts("FAIL: page-table pool exhausted\n");
        fw_power_off();
    }
    uint64_t *t = (uint64_t *)(free_ram() + 65536ul * (uint64_t)pt_used++);
    fw_memset(t, 0, 65536);
    return t;
}

/* n * 64 KiB of scratch RAM after the page-table pool (not cleared). */
static inline uint8_t *scratch(unsigned n64k)
{
    return (uint8_t *)(free_ram() + 65536ul * (PT_POOL + n64k));
}

#define PTE_VALID 1ul
#define PTE_TABLE 3ul /* at levels 0-2 */
#define PTE_BLOCK 1ul /* at levels 1-2 */
#define PTE_PAGE 3ul  /* at level 3 */
#define PTE_ATTR(i) ((uint64_t)(i) << 2)
#define PTE_AP_EL0 (1ul << 6) /* AP[1] */
#define PTE_AP_RO (1ul << 7)  /* AP[2] */
#define PTE_SH_INNER (3ul << 8)
#define PTE_AF (1ul << 10)
#define PTE_NG (1ul << 11)
#define PTE_PXN (1ul << 53)
#define PTE_UXN (1ul << 54)
#define TBL_PXN (1ul << 59)
#define TBL_UXN (1ul << 60)
#define TBL_AP_NOEL0 (1ul << 61)
#define TBL_AP_RO (1ul << 62)

/* MAIR: attr0 Device-nGnRnE, attr1 Normal WB, attr2 Normal NC. */
#define MAIR_VALUE 0x44ff00ul
#define NORMAL (PTE_ATTR(1) | PTE_SH_INNER | PTE_AF)
#define DEVICE (PTE_ATTR(0) | PTE_AF)

typedef struct {
    unsigned gran;     /* 12, 14, 16 */
    unsigned inputsize;
    uint64_t *root;
} pt_t;

static inline int pt_start_level(const pt_t *p)
{
    unsigned stride = p->gran - 3;
    return 3 - (int)((p->inputsize - p->gran - 1) / stride);
}

static inline unsigned pt_shift(const pt_t *p, int level)
{
    return p->gran + (unsigned)(3 - level) * (p->gran - 3);
}

static inline void pt_init(pt_t *p, unsigned gran, unsigned inputsize)
{
    p->gran = gran;
    p->inputsize = inputsize;
    p->root = pt_alloc();
}

/* The descriptor slot for va at level (creating tables on the way with
 * table_bits set on new table descriptors). */
static inline uint64_t *pt_slot(pt_t *p, uint64_t va, int level, uint64_t table_bits)
{
    uint64_t *t = p->root;
    int start = pt_start_level(p);
    for (int l = start;; l++) {
        unsigned shift = pt_shift(p, l);
        unsigned nbits = l == start ? p->inputsize - shift : p->gran - 3;
        uint64_t *d = &t[(va >> shift) & ((1ul << nbits) - 1)];
        if (l == level)
            return d;
        if (!(*d & 1))
            *d = (uint64_t)pt_alloc() | PTE_TABLE | table_bits;
        t = (uint64_t *)(*d & 0x0000fffffffff000ul & ~((1ul << p->gran) - 1));
    }
}

/* Map [va, va + size) to pa with leaves at `level` (block or page). */
static inline void pt_map(pt_t *p, uint64_t va, uint64_t pa, uint64_t size, int level, uint64_t attrs)
{
    uint64_t step = 1ul << pt_shift(p, level);
    for (uint64_t off = 0; off < size; off += step)
        *pt_slot(p, va + off, level, 0) = (pa + off) | attrs | (level == 3 ? PTE_PAGE : PTE_BLOCK);
}

/* TCR for one granule in both halves: TG0/TG1 encodings differ. */
static inline uint64_t tcr_for(unsigned gran, unsigned inputsize)
{
    uint64_t tg0 = gran == 12 ? 0 : gran == 16 ? 1 : 2;
    uint64_t tg1 = gran == 12 ? 2 : gran == 14 ? 1 : 3;
    uint64_t tsz = 64 - inputsize;
    /* IRGN/ORGN WB, SH inner, IPS 48 bits, 16-bit ASIDs, A1 = 0 */
    return tsz | 1ul << 8 | 1ul << 10 | 3ul << 12 | tg0 << 14 | tsz << 16 | 1ul << 24 | 1ul << 26 |
           3ul << 28 | tg1 << 30 | 5ul << 32 | 1ul << 36;
}

static inline void tlbi_all(void)
{
    __asm__ volatile("dsb sy; tlbi vmalle1; dsb sy; isb" ::: "memory");
}

/* Turn the MMU on with ttbr0/ttbr1 roots (either may be 0 with EPD set by
 * the caller in tcr). Alignment checks off (A, SA, SA0), caches on. */
static inline void mmu_enable(uint64_t tcr, uint64_t ttbr0, uint64_t ttbr1)
{
    SYSREG_WRITE(mair_el1, MAIR_VALUE);
    SYSREG_WRITE(tcr_el1, tcr);
    SYSREG_WRITE(ttbr0_el1, ttbr0);
    SYSREG_WRITE(ttbr1_el1, ttbr1);
    ISB();
    tlbi_all();
    uint64_t sctlr = SYSREG_READ(sctlr_el1);
    sctlr |= 1ul << 0 | 1ul << 2 | 1ul << 12;
    sctlr &= ~(1ul << 1 | 1ul << 3 | 1ul << 4 | 1ul << 19);
    SYSREG_WRITE(sctlr_el1, sctlr);
    ISB();
}

static inline void mmu_disable(void)
{
    SYSREG_WRITE(sctlr_el1, SYSREG_READ(sctlr_el1) & ~1ul);
    ISB();
    tlbi_all();
}

/* Identity map the low 4 GiB for a table p: device below RAM, RAM Normal,
 * EL1 only, executable at EL1. */
static inline void pt_identity(pt_t *p)
{
    int lvl = p->gran == 12 ? 1 : 2; /* 1 GiB / 32 MiB / 512 MiB blocks */
    uint64_t bs = 1ul << pt_shift(p, lvl);
    pt_map(p, 0, 0, 0x40000000ul, lvl, DEVICE | PTE_UXN | PTE_PXN);
    pt_map(p, 0x40000000ul, 0x40000000ul, 0x40000000ul > bs ? 0x40000000ul : bs, lvl,
           NORMAL | PTE_UXN);
}

/* AT helpers: PAR_EL1 after AT <op>. */
#define AT(op, va)                                                        \
    ({                                                                    \
        __asm__ volatile("at " #op ", %0; isb" ::"r"((uint64_t)(va)) : "memory"); \
        SYSREG_READ(par_el1);                                             \
    })

#endif
