/* ldst_excl.c - load/store exclusive and load-acquire/store-release:
 * LDXR/STXR (all sizes, acquire/release forms), LDXP/STXP (W and X), the
 * local monitor's failure cases (no LDXR, after CLREX, after an exception,
 * another address), LDAR/STLR (all sizes), LDAPR when FEAT_LRCPC is
 * advertised, and the alignment fault of unaligned exclusive and ordered
 * accesses with ESR/FAR/ELR. */
#include "ldst_common.h"

__asm__(".arch_extension rcpc");

static uint64_t mem[8] __attribute__((aligned(64)));

static void reset_mem(void)
{
    for (int i = 0; i < 8; i++)
        mem[i] = 0x1000 + (uint64_t)i * 0x1111;
}

/* LDXR then STXR of the same size at the same address: status 0, the new
 * value stored, the old one returned. */
#define EXCL_OK(label, ldx, stx, r, val, mask)                                          \
    do {                                                                               \
        reset_mem();                                                                   \
        uint64_t old_ = 0x5555555555555555ul, st_ = 9;                                 \
        __asm__ volatile(ldx " " r "0, [%2]\n\t" stx " %w1, " r "3, [%2]"              \
                         : "+&r"(old_), "=&r"(st_) : "r"(mem), "r"(val) : "memory");   \
        show(label " old", old_, 0x1000 & (mask));                                     \
        show(label " status", st_, 0);                                                 \
        show(label " mem", mem[0], (0x1000 & ~(uint64_t)(mask)) | ((val) & (mask)));   \
    } while (0)

static void success(void)
{
    EXCL_OK("ldxrb/stxrb", "ldxrb", "stxrb", "%w", 0xa1b2c3d4e5f60718ul, 0xfful);
    EXCL_OK("ldaxrh/stlxrh", "ldaxrh", "stlxrh", "%w", 0xa1b2c3d4e5f60718ul, 0xfffful);
    EXCL_OK("ldxr/stlxr w", "ldxr", "stlxr", "%w", 0xa1b2c3d4e5f60718ul, 0xfffffffful);
    EXCL_OK("ldaxr/stxr x", "ldaxr", "stxr", "%", 0xa1b2c3d4e5f60718ul, ~0ul);

    /* Pairs: a W pair is one doubleword (Rt low), an X pair 16 bytes. */
    reset_mem();
    uint64_t a = 0, b = 0, st = 9;
    __asm__ volatile("ldxp %w0, %w1, [%3]\n\t"
                     "stxp %w2, %w4, %w5, [%3]"
                     : "=&r"(a), "=&r"(b), "=&r"(st)
                     : "r"(mem), "r"(0xffffffff76543210ul), "r"(0xfedcba98ul) : "memory");
    show("ldxp w 1st", a, 0x1000);
    show("ldxp w 2nd", b, 0);
    show("stxp w status", st, 0);
    show("stxp w mem", mem[0], 0xfedcba9876543210ul);
    __asm__ volatile("ldaxp %0, %1, [%3]\n\t"
                     "stlxp %w2, %4, %5, [%3]"
                     : "=&r"(a), "=&r"(b), "=&r"(st)
                     : "r"(mem), "r"(0x0123456789abcdeful), "r"(0x1122334455667788ul) : "memory");
    show("ldaxp x 1st", a, 0xfedcba9876543210ul);
    show("ldaxp x 2nd", b, 0x2111);
    show("stlxp x status", st, 0);
    show("stlxp x mem lo", mem[0], 0x0123456789abcdeful);
    show("stlxp x mem hi", mem[1], 0x1122334455667788ul);
}

static bool skip_brk(fw_frame_t *f, int vector, uint64_t esr, uint64_t far)
{
    return record_fault(f, vector, esr, far);
}

static void failures(void)
{
    uint64_t st, old;
    /* No load-exclusive at all (CLREX first: the monitor's state at reset
     * is not architected). */
    reset_mem();
    __asm__ volatile("clrex\n\tstxr %w0, %1, [%2]" : "=&r"(st) : "r"(7ul), "r"(mem) : "memory");
    show("stxr without ldxr status", st, 1);
    show("stxr without ldxr mem", mem[0], 0x1000);

    /* CLREX between the two. */
    __asm__ volatile("ldxr %1, [%2]\n\tclrex\n\tstxr %w0, %3, [%2]"
                     : "=&r"(st), "=&r"(old) : "r"(mem), "r"(7ul) : "memory");
    show("stxr after clrex status", st, 1);
    show("stxr after clrex mem", mem[0], 0x1000);

    /* An exception in between (BRK, handler returns past it). */
    fw_set_handler(skip_brk);
    faults_reset();
    __asm__ volatile("ldxr %1, [%2]\n\tbrk #0x12\n\tstxr %w0, %3, [%2]"
                     : "=&r"(st), "=&r"(old) : "r"(mem), "r"(7ul) : "memory");
    show("stxr after exception status", st, 1);
    show("stxr after exception mem", mem[0], 0x1000);
    show("stxr after exception esr", fault_esr, 0xf2000012ul);
    fw_set_handler(record_fault);

    /* A store-exclusive to another address than the one marked. */
    __asm__ volatile("ldxr %1, [%2]\n\tstxr %w0, %3, [%4]"
                     : "=&r"(st), "=&r"(old) : "r"(mem), "r"(7ul), "r"(&mem[1]) : "memory");
    show("stxr other address status", st, 1);
    show("stxr other address mem", mem[1], 0x2111);

    /* The second store-exclusive fails: the first one cleared the monitor. */
    uint64_t st2;
    __asm__ volatile("ldxr %2, [%3]\n\tstxr %w0, %4, [%3]\n\tstxr %w1, %5, [%3]"
                     : "=&r"(st), "=&r"(st2), "=&r"(old) : "r"(mem), "r"(7ul), "r"(8ul) : "memory");
    show("stxr first status", st, 0);
    show("stxr second status", st2, 1);
    show("stxr twice mem", mem[0], 7);

    /* A load-exclusive elsewhere moves the mark. */
    __asm__ volatile("ldxr %1, [%2]\n\tldxr %1, [%4]\n\tstxr %w0, %3, [%2]"
                     : "=&r"(st), "=&r"(old) : "r"(mem), "r"(9ul), "r"(&mem[2]) : "memory");
    show("stxr old mark status", st, 1);
    show("stxr old mark mem", mem[0], 7);

    /* Pair exclusive: STXP without LDXP. */
    __asm__ volatile("clrex\n\tstxp %w0, %1, %1, [%2]" : "=&r"(st) : "r"(5ul), "r"(mem) : "memory");
    show("stxp without ldxp status", st, 1);
    show("stxp without ldxp mem", mem[0], 7);
}

static void ordered(void)
{
    reset_mem();
    uint64_t v;
    uint8_t *p = (uint8_t *)mem;
    __asm__ volatile("ldar %0, [%1]" : "=r"(v) : "r"(p + 8) : "memory");
    show("ldar x", v, 0x2111);
    v = 0x5555555555555555ul;
    __asm__ volatile("ldar %w0, [%1]" : "+r"(v) : "r"(p + 16) : "memory");
    show("ldar w", v, 0x3222);
    __asm__ volatile("ldarh %w0, [%1]" : "=r"(v) : "r"(p + 18) : "memory");
    show("ldarh", v, 0);
    __asm__ volatile("ldarb %w0, [%1]" : "=r"(v) : "r"(p + 25) : "memory");
    show("ldarb", v, 0x43);
    __asm__ volatile("stlr %1, [%0]" : : "r"(p), "r"(0x8899aabbccddeefful) : "memory");
    __asm__ volatile("stlr %w1, [%0]" : : "r"(p + 8), "r"(0x8899aabbccddeefful) : "memory");
    __asm__ volatile("stlrh %w1, [%0]" : : "r"(p + 18), "r"(0x8899aabbccddeefful) : "memory");
    __asm__ volatile("stlrb %w1, [%0]" : : "r"(p + 27), "r"(0x8899aabbccddeefful) : "memory");
    show("stlr x", mem[0], 0x8899aabbccddeefful);
    show("stlr w", mem[1], 0xccddeefful);
    show("stlrh", mem[2], 0xeeff3222ul);
    show("stlrb", mem[3], 0xff004333ul);

    if ((SYSREG_READ(id_aa64isar1_el1) >> 20 & 0xf) >= 1) {
        __asm__ volatile("ldapr %0, [%1]" : "=r"(v) : "r"(p) : "memory");
        fw_printf("info: ldapr x = 0x%lx\n", (unsigned long)v);
        CHECK_EQ(v, 0x8899aabbccddeefful);
        __asm__ volatile("ldaprb %w0, [%1]" : "=r"(v) : "r"(p + 27) : "memory");
        fw_printf("info: ldaprb = 0x%lx\n", (unsigned long)v);
        CHECK_EQ(v, 0xff);
    } else {
        fw_printf("info: FEAT_LRCPC not advertised, LDAPR not tested\n");
    }
}

/* Exclusive and ordered accesses must be naturally aligned. ELR is the
 * faulting instruction: labels give its address. */
static void alignment(void)
{
    uint8_t *p = (uint8_t *)mem;
    uint64_t v = 0x77, insn;
#define ALIGN_CASE(label, asmtext, addr, want_esr, far_off)                             \
    do {                                                                                \
        faults_reset();                                                                 \
        v = 0x77;                                                                       \
        __asm__ volatile("adr %1, 1f\n1:\t" asmtext                                     \
                         : "+&r"(v), "=&r"(insn) : "r"(addr) : "memory");               \
        show(label " faults", fault_count, 1);                                          \
        show(label " esr", fault_esr, want_esr);                                        \
        show(label " far", fault_far - (uint64_t)p, far_off);                           \
        show(label " elr", fault_elr - insn, 0);                                        \
        show(label " rt kept", v, 0x77);                                                \
    } while (0)
    ALIGN_CASE("ldxr x +4", "ldxr %0, [%2]", p + 4, 0x96000021ul, 4);
    ALIGN_CASE("ldaxr w +2", "ldaxr %w0, [%2]", p + 2, 0x96000021ul, 2);
    ALIGN_CASE("ldxrh +1", "ldxrh %w0, [%2]", p + 1, 0x96000021ul, 1);
    ALIGN_CASE("ldxp x +8", "ldxp %0, xzr, [%2]", p + 8, 0x96000021ul, 8);
    ALIGN_CASE("ldxp w +4", "ldxp %w0, wzr, [%2]", p + 4, 0x96000021ul, 4);
    ALIGN_CASE("ldar x +1", "ldar %0, [%2]", p + 1, 0x96000021ul, 1);
    ALIGN_CASE("ldarh +3", "ldarh %w0, [%2]", p + 3, 0x96000021ul, 3);
    ALIGN_CASE("stlr w +6", "stlr %w0, [%2]", p + 6, 0x96000061ul, 6);
    ALIGN_CASE("stlrh +5", "stlrh %w0, [%2]", p + 5, 0x96000061ul, 5);
    /* Byte accesses are always aligned. */
    faults_reset();
    __asm__ volatile("ldxrb %w0, [%1]\n\tldarb %w0, [%1]\n\tclrex" : "=&r"(v) : "r"(p + 3) : "memory");
    show("byte exclusive faults", fault_count, 0);
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    mmu_on();
    fw_set_handler(record_fault);
    success();
    failures();
    ordered();
    alignment();
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
