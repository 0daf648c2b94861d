/* ldst_atomic.c - FEAT_LSE: every atomic memory operation (LDADD, LDCLR,
 * LDEOR, LDSET, LDSMAX, LDSMIN, LDUMAX, LDUMIN, SWP) in every size and
 * ordering variant, the ST* aliases, CAS in every size and variant (hit
 * and miss), CASP, and the alignment fault of an unaligned atomic. Each
 * case prints the old value returned and the new memory contents. */
#include "ldst_common.h"

__asm__(".arch_extension lse");

enum { LSE_ADD, LSE_CLR, LSE_EOR, LSE_SET, LSE_SMAX, LSE_SMIN, LSE_UMAX, LSE_UMIN, LSE_SWP };

static uint64_t cells[4] __attribute__((aligned(16)));
static uint64_t *const cell = &cells[1];

static uint64_t maskn(int n)
{
    return n == 8 ? ~0ul : (1ul << (8 * n)) - 1;
}

static int64_t sext(uint64_t v, int n)
{
    return n == 8 ? (int64_t)v : (int64_t)(v << (64 - 8 * n)) >> (64 - 8 * n);
}

/* The architecture's result of [m] OP s for an n-byte operation. */
static uint64_t lse_ref(int op, int n, uint64_t m, uint64_t s)
{
    uint64_t r;
    switch (op) {
    case LSE_ADD: r = m + s; break;
    case LSE_CLR: r = m & ~s; break;
    case LSE_EOR: r = m ^ s; break;
    case LSE_SET: r = m | s; break;
    case LSE_SMAX: r = sext(m, n) > sext(s, n) ? m : s; break;
    case LSE_SMIN: r = sext(m, n) < sext(s, n) ? m : s; break;
    case LSE_UMAX: r = (m & maskn(n)) > (s & maskn(n)) ? m : s; break;
    case LSE_UMIN: r = (m & maskn(n)) < (s & maskn(n)) ? m : s; break;
    default: r = s; break;
    }
    return r & maskn(n);
}

/* The cell's neighbours carry a pattern that must survive. */
static void set_cell(uint64_t v)
{
    cells[0] = cells[2] = cells[3] = 0xa5a5a5a5a5a5a5a5ul;
    *cell = v;
}

static void check_cell(const char *name, int n, uint64_t want)
{
    char label[64];
    int i = 0;
    for (const char *s = name; *s && i < 50; s++)
        label[i++] = *s;
    label[i] = 0;
    show(label, *cell, want);
    CHECK_EQ(cells[0], 0xa5a5a5a5a5a5a5a5ul);
    CHECK_EQ(cells[2], 0xa5a5a5a5a5a5a5a5ul);
    (void)n;
}

/* Memory starts as m (the bytes above n keep 0xa5); the instruction
 * returns the old value zero-extended (W/X); memory becomes m OP s. */
#define CELL_INIT(n, m) set_cell(((m) & maskn(n)) | (0xa5a5a5a5a5a5a5a5ul & ~maskn(n)))
#define CELL_WANT(n, v) (((v) & maskn(n)) | (0xa5a5a5a5a5a5a5a5ul & ~maskn(n)))

#define lse_case(name, n, m, s, op, ASM)                                            \
    do {                                                                            \
        CELL_INIT(n, m);                                                            \
        uint64_t old_ = ASM;                                                        \
        show(name " old", old_, (m) & maskn(n));                                    \
        check_cell(name " mem", n, CELL_WANT(n, lse_ref(op, n, m, s)));             \
    } while (0)

#define st_case(name, n, m, s, op, ASM)                                             \
    do {                                                                            \
        CELL_INIT(n, m);                                                            \
        (void)ASM;                                                                  \
        check_cell(name " mem", n, CELL_WANT(n, lse_ref(op, n, m, s)));             \
    } while (0)

#define cas_case(name, n, m, cmp, nv, ASM)                                          \
    do {                                                                            \
        CELL_INIT(n, m);                                                            \
        uint64_t old_ = ASM;                                                        \
        show(name " old", old_, (m) & maskn(n));                                    \
        check_cell(name " mem", n,                                                  \
                   CELL_WANT(n, (((m) ^ (cmp)) & maskn(n)) == 0 ? (nv) : (m)));     \
    } while (0)

static void lse_all(void)
{
    lse_case("ldaddb", 1, 0x7ful, 0x1ul, LSE_ADD, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldaddb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldaddab", 1, 0x80ul, 0xfful, LSE_ADD, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldaddab %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfful) : "memory"); o_; }));
    lse_case("ldaddlb", 1, 0x5ul, 0x90ul, LSE_ADD, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldaddlb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x90ul) : "memory"); o_; }));
    lse_case("ldaddalh", 2, 0x7ffful, 0x1ul, LSE_ADD, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldaddalh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldaddh", 2, 0x8000ul, 0xfffful, LSE_ADD, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldaddh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffful) : "memory"); o_; }));
    lse_case("ldaddah", 2, 0x1234ul, 0xf00ful, LSE_ADD, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldaddah %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xf00ful) : "memory"); o_; }));
    lse_case("ldaddl", 4, 0x7ffffffful, 0x1ul, LSE_ADD, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldaddl %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldaddal", 4, 0x80000000ul, 0xfffffffful, LSE_ADD, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldaddal %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffful) : "memory"); o_; }));
    lse_case("ldadd", 4, 0x12345678ul, 0x9abcdef0ul, LSE_ADD, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldadd %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x9abcdef0ul) : "memory"); o_; }));
    lse_case("ldadda", 8, 0x7ffffffffffffffful, 0x1ul, LSE_ADD, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldadda %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldaddl", 8, 0x8000000000000000ul, 0xfffffffffffffffful, LSE_ADD, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldaddl %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); o_; }));
    lse_case("ldaddal", 8, 0x123456789abcdef0ul, 0xfedcba9876543210ul, LSE_ADD, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldaddal %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfedcba9876543210ul) : "memory"); o_; }));
    lse_case("ldclrb", 1, 0x7ful, 0x1ul, LSE_CLR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldclrb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldclrab", 1, 0x80ul, 0xfful, LSE_CLR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldclrab %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfful) : "memory"); o_; }));
    lse_case("ldclrlb", 1, 0x5ul, 0x90ul, LSE_CLR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldclrlb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x90ul) : "memory"); o_; }));
    lse_case("ldclralh", 2, 0x7ffful, 0x1ul, LSE_CLR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldclralh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldclrh", 2, 0x8000ul, 0xfffful, LSE_CLR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldclrh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffful) : "memory"); o_; }));
    lse_case("ldclrah", 2, 0x1234ul, 0xf00ful, LSE_CLR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldclrah %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xf00ful) : "memory"); o_; }));
    lse_case("ldclrl", 4, 0x7ffffffful, 0x1ul, LSE_CLR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldclrl %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldclral", 4, 0x80000000ul, 0xfffffffful, LSE_CLR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldclral %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffful) : "memory"); o_; }));
    lse_case("ldclr", 4, 0x12345678ul, 0x9abcdef0ul, LSE_CLR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldclr %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x9abcdef0ul) : "memory"); o_; }));
    lse_case("ldclra", 8, 0x7ffffffffffffffful, 0x1ul, LSE_CLR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldclra %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldclrl", 8, 0x8000000000000000ul, 0xfffffffffffffffful, LSE_CLR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldclrl %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); o_; }));
    lse_case("ldclral", 8, 0x123456789abcdef0ul, 0xfedcba9876543210ul, LSE_CLR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldclral %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfedcba9876543210ul) : "memory"); o_; }));
    lse_case("ldeorb", 1, 0x7ful, 0x1ul, LSE_EOR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldeorb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldeorab", 1, 0x80ul, 0xfful, LSE_EOR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldeorab %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfful) : "memory"); o_; }));
    lse_case("ldeorlb", 1, 0x5ul, 0x90ul, LSE_EOR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldeorlb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x90ul) : "memory"); o_; }));
    lse_case("ldeoralh", 2, 0x7ffful, 0x1ul, LSE_EOR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldeoralh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldeorh", 2, 0x8000ul, 0xfffful, LSE_EOR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldeorh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffful) : "memory"); o_; }));
    lse_case("ldeorah", 2, 0x1234ul, 0xf00ful, LSE_EOR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldeorah %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xf00ful) : "memory"); o_; }));
    lse_case("ldeorl", 4, 0x7ffffffful, 0x1ul, LSE_EOR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldeorl %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldeoral", 4, 0x80000000ul, 0xfffffffful, LSE_EOR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldeoral %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffful) : "memory"); o_; }));
    lse_case("ldeor", 4, 0x12345678ul, 0x9abcdef0ul, LSE_EOR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldeor %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x9abcdef0ul) : "memory"); o_; }));
    lse_case("ldeora", 8, 0x7ffffffffffffffful, 0x1ul, LSE_EOR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldeora %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldeorl", 8, 0x8000000000000000ul, 0xfffffffffffffffful, LSE_EOR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldeorl %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); o_; }));
    lse_case("ldeoral", 8, 0x123456789abcdef0ul, 0xfedcba9876543210ul, LSE_EOR, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldeoral %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfedcba9876543210ul) : "memory"); o_; }));
    lse_case("ldsetb", 1, 0x7ful, 0x1ul, LSE_SET, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsetb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldsetab", 1, 0x80ul, 0xfful, LSE_SET, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsetab %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfful) : "memory"); o_; }));
    lse_case("ldsetlb", 1, 0x5ul, 0x90ul, LSE_SET, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsetlb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x90ul) : "memory"); o_; }));
    lse_case("ldsetalh", 2, 0x7ffful, 0x1ul, LSE_SET, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsetalh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldseth", 2, 0x8000ul, 0xfffful, LSE_SET, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldseth %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffful) : "memory"); o_; }));
    lse_case("ldsetah", 2, 0x1234ul, 0xf00ful, LSE_SET, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsetah %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xf00ful) : "memory"); o_; }));
    lse_case("ldsetl", 4, 0x7ffffffful, 0x1ul, LSE_SET, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsetl %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldsetal", 4, 0x80000000ul, 0xfffffffful, LSE_SET, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsetal %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffful) : "memory"); o_; }));
    lse_case("ldset", 4, 0x12345678ul, 0x9abcdef0ul, LSE_SET, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldset %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x9abcdef0ul) : "memory"); o_; }));
    lse_case("ldseta", 8, 0x7ffffffffffffffful, 0x1ul, LSE_SET, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldseta %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldsetl", 8, 0x8000000000000000ul, 0xfffffffffffffffful, LSE_SET, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsetl %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); o_; }));
    lse_case("ldsetal", 8, 0x123456789abcdef0ul, 0xfedcba9876543210ul, LSE_SET, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsetal %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfedcba9876543210ul) : "memory"); o_; }));
    lse_case("ldsmaxb", 1, 0x7ful, 0x1ul, LSE_SMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmaxb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldsmaxab", 1, 0x80ul, 0xfful, LSE_SMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmaxab %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfful) : "memory"); o_; }));
    lse_case("ldsmaxlb", 1, 0x5ul, 0x90ul, LSE_SMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmaxlb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x90ul) : "memory"); o_; }));
    lse_case("ldsmaxalh", 2, 0x7ffful, 0x1ul, LSE_SMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmaxalh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldsmaxh", 2, 0x8000ul, 0xfffful, LSE_SMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmaxh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffful) : "memory"); o_; }));
    lse_case("ldsmaxah", 2, 0x1234ul, 0xf00ful, LSE_SMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmaxah %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xf00ful) : "memory"); o_; }));
    lse_case("ldsmaxl", 4, 0x7ffffffful, 0x1ul, LSE_SMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmaxl %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldsmaxal", 4, 0x80000000ul, 0xfffffffful, LSE_SMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmaxal %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffful) : "memory"); o_; }));
    lse_case("ldsmax", 4, 0x12345678ul, 0x9abcdef0ul, LSE_SMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmax %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x9abcdef0ul) : "memory"); o_; }));
    lse_case("ldsmaxa", 8, 0x7ffffffffffffffful, 0x1ul, LSE_SMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmaxa %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldsmaxl", 8, 0x8000000000000000ul, 0xfffffffffffffffful, LSE_SMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmaxl %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); o_; }));
    lse_case("ldsmaxal", 8, 0x123456789abcdef0ul, 0xfedcba9876543210ul, LSE_SMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmaxal %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfedcba9876543210ul) : "memory"); o_; }));
    lse_case("ldsminb", 1, 0x7ful, 0x1ul, LSE_SMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsminb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldsminab", 1, 0x80ul, 0xfful, LSE_SMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsminab %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfful) : "memory"); o_; }));
    lse_case("ldsminlb", 1, 0x5ul, 0x90ul, LSE_SMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsminlb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x90ul) : "memory"); o_; }));
    lse_case("ldsminalh", 2, 0x7ffful, 0x1ul, LSE_SMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsminalh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldsminh", 2, 0x8000ul, 0xfffful, LSE_SMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsminh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffful) : "memory"); o_; }));
    lse_case("ldsminah", 2, 0x1234ul, 0xf00ful, LSE_SMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsminah %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xf00ful) : "memory"); o_; }));
    lse_case("ldsminl", 4, 0x7ffffffful, 0x1ul, LSE_SMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsminl %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldsminal", 4, 0x80000000ul, 0xfffffffful, LSE_SMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsminal %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffful) : "memory"); o_; }));
    lse_case("ldsmin", 4, 0x12345678ul, 0x9abcdef0ul, LSE_SMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmin %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x9abcdef0ul) : "memory"); o_; }));
    lse_case("ldsmina", 8, 0x7ffffffffffffffful, 0x1ul, LSE_SMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsmina %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldsminl", 8, 0x8000000000000000ul, 0xfffffffffffffffful, LSE_SMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsminl %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); o_; }));
    lse_case("ldsminal", 8, 0x123456789abcdef0ul, 0xfedcba9876543210ul, LSE_SMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldsminal %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfedcba9876543210ul) : "memory"); o_; }));
    lse_case("ldumaxb", 1, 0x7ful, 0x1ul, LSE_UMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumaxb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldumaxab", 1, 0x80ul, 0xfful, LSE_UMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumaxab %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfful) : "memory"); o_; }));
    lse_case("ldumaxlb", 1, 0x5ul, 0x90ul, LSE_UMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumaxlb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x90ul) : "memory"); o_; }));
    lse_case("ldumaxalh", 2, 0x7ffful, 0x1ul, LSE_UMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumaxalh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldumaxh", 2, 0x8000ul, 0xfffful, LSE_UMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumaxh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffful) : "memory"); o_; }));
    lse_case("ldumaxah", 2, 0x1234ul, 0xf00ful, LSE_UMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumaxah %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xf00ful) : "memory"); o_; }));
    lse_case("ldumaxl", 4, 0x7ffffffful, 0x1ul, LSE_UMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumaxl %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldumaxal", 4, 0x80000000ul, 0xfffffffful, LSE_UMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumaxal %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffful) : "memory"); o_; }));
    lse_case("ldumax", 4, 0x12345678ul, 0x9abcdef0ul, LSE_UMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumax %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x9abcdef0ul) : "memory"); o_; }));
    lse_case("ldumaxa", 8, 0x7ffffffffffffffful, 0x1ul, LSE_UMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumaxa %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("ldumaxl", 8, 0x8000000000000000ul, 0xfffffffffffffffful, LSE_UMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumaxl %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); o_; }));
    lse_case("ldumaxal", 8, 0x123456789abcdef0ul, 0xfedcba9876543210ul, LSE_UMAX, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumaxal %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfedcba9876543210ul) : "memory"); o_; }));
    lse_case("lduminb", 1, 0x7ful, 0x1ul, LSE_UMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("lduminb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("lduminab", 1, 0x80ul, 0xfful, LSE_UMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("lduminab %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfful) : "memory"); o_; }));
    lse_case("lduminlb", 1, 0x5ul, 0x90ul, LSE_UMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("lduminlb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x90ul) : "memory"); o_; }));
    lse_case("lduminalh", 2, 0x7ffful, 0x1ul, LSE_UMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("lduminalh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("lduminh", 2, 0x8000ul, 0xfffful, LSE_UMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("lduminh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffful) : "memory"); o_; }));
    lse_case("lduminah", 2, 0x1234ul, 0xf00ful, LSE_UMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("lduminah %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xf00ful) : "memory"); o_; }));
    lse_case("lduminl", 4, 0x7ffffffful, 0x1ul, LSE_UMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("lduminl %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("lduminal", 4, 0x80000000ul, 0xfffffffful, LSE_UMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("lduminal %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffful) : "memory"); o_; }));
    lse_case("ldumin", 4, 0x12345678ul, 0x9abcdef0ul, LSE_UMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumin %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x9abcdef0ul) : "memory"); o_; }));
    lse_case("ldumina", 8, 0x7ffffffffffffffful, 0x1ul, LSE_UMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("ldumina %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("lduminl", 8, 0x8000000000000000ul, 0xfffffffffffffffful, LSE_UMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("lduminl %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); o_; }));
    lse_case("lduminal", 8, 0x123456789abcdef0ul, 0xfedcba9876543210ul, LSE_UMIN, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("lduminal %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfedcba9876543210ul) : "memory"); o_; }));
    lse_case("swpb", 1, 0x7ful, 0x1ul, LSE_SWP, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("swpb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("swpab", 1, 0x80ul, 0xfful, LSE_SWP, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("swpab %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfful) : "memory"); o_; }));
    lse_case("swplb", 1, 0x5ul, 0x90ul, LSE_SWP, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("swplb %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x90ul) : "memory"); o_; }));
    lse_case("swpalh", 2, 0x7ffful, 0x1ul, LSE_SWP, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("swpalh %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("swph", 2, 0x8000ul, 0xfffful, LSE_SWP, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("swph %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffful) : "memory"); o_; }));
    lse_case("swpah", 2, 0x1234ul, 0xf00ful, LSE_SWP, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("swpah %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xf00ful) : "memory"); o_; }));
    lse_case("swpl", 4, 0x7ffffffful, 0x1ul, LSE_SWP, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("swpl %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("swpal", 4, 0x80000000ul, 0xfffffffful, LSE_SWP, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("swpal %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffful) : "memory"); o_; }));
    lse_case("swp", 4, 0x12345678ul, 0x9abcdef0ul, LSE_SWP, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("swp %w2, %w0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x9abcdef0ul) : "memory"); o_; }));
    lse_case("swpa", 8, 0x7ffffffffffffffful, 0x1ul, LSE_SWP, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("swpa %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0x1ul) : "memory"); o_; }));
    lse_case("swpl", 8, 0x8000000000000000ul, 0xfffffffffffffffful, LSE_SWP, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("swpl %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); o_; }));
    lse_case("swpal", 8, 0x123456789abcdef0ul, 0xfedcba9876543210ul, LSE_SWP, ({ uint64_t o_ = 0x5555555555555555ul; __asm__ volatile("swpal %2, %0, [%1]" : "+&r"(o_) : "r"(cell), "r"(0xfedcba9876543210ul) : "memory"); o_; }));
    st_case("staddlb", 1, 0x7ful, 0x1ul, LSE_ADD, ({ __asm__ volatile("staddlb %w1, [%0]" : : "r"(cell), "r"(0x1ul) : "memory"); 0; }));
    st_case("staddh", 2, 0x8000ul, 0xfffful, LSE_ADD, ({ __asm__ volatile("staddh %w1, [%0]" : : "r"(cell), "r"(0xfffful) : "memory"); 0; }));
    st_case("staddl", 4, 0x12345678ul, 0x9abcdef0ul, LSE_ADD, ({ __asm__ volatile("staddl %w1, [%0]" : : "r"(cell), "r"(0x9abcdef0ul) : "memory"); 0; }));
    st_case("stadd", 8, 0x7ffffffffffffffful, 0x1ul, LSE_ADD, ({ __asm__ volatile("stadd %1, [%0]" : : "r"(cell), "r"(0x1ul) : "memory"); 0; }));
    st_case("stclrlb", 1, 0x80ul, 0xfful, LSE_CLR, ({ __asm__ volatile("stclrlb %w1, [%0]" : : "r"(cell), "r"(0xfful) : "memory"); 0; }));
    st_case("stclrh", 2, 0x1234ul, 0xf00ful, LSE_CLR, ({ __asm__ volatile("stclrh %w1, [%0]" : : "r"(cell), "r"(0xf00ful) : "memory"); 0; }));
    st_case("stclrl", 4, 0x7ffffffful, 0x1ul, LSE_CLR, ({ __asm__ volatile("stclrl %w1, [%0]" : : "r"(cell), "r"(0x1ul) : "memory"); 0; }));
    st_case("stclr", 8, 0x8000000000000000ul, 0xfffffffffffffffful, LSE_CLR, ({ __asm__ volatile("stclr %1, [%0]" : : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); 0; }));
    st_case("steorlb", 1, 0x5ul, 0x90ul, LSE_EOR, ({ __asm__ volatile("steorlb %w1, [%0]" : : "r"(cell), "r"(0x90ul) : "memory"); 0; }));
    st_case("steorh", 2, 0x7ffful, 0x1ul, LSE_EOR, ({ __asm__ volatile("steorh %w1, [%0]" : : "r"(cell), "r"(0x1ul) : "memory"); 0; }));
    st_case("steorl", 4, 0x80000000ul, 0xfffffffful, LSE_EOR, ({ __asm__ volatile("steorl %w1, [%0]" : : "r"(cell), "r"(0xfffffffful) : "memory"); 0; }));
    st_case("steor", 8, 0x123456789abcdef0ul, 0xfedcba9876543210ul, LSE_EOR, ({ __asm__ volatile("steor %1, [%0]" : : "r"(cell), "r"(0xfedcba9876543210ul) : "memory"); 0; }));
    st_case("stsetlb", 1, 0x7ful, 0x1ul, LSE_SET, ({ __asm__ volatile("stsetlb %w1, [%0]" : : "r"(cell), "r"(0x1ul) : "memory"); 0; }));
    st_case("stseth", 2, 0x8000ul, 0xfffful, LSE_SET, ({ __asm__ volatile("stseth %w1, [%0]" : : "r"(cell), "r"(0xfffful) : "memory"); 0; }));
    st_case("stsetl", 4, 0x12345678ul, 0x9abcdef0ul, LSE_SET, ({ __asm__ volatile("stsetl %w1, [%0]" : : "r"(cell), "r"(0x9abcdef0ul) : "memory"); 0; }));
    st_case("stset", 8, 0x7ffffffffffffffful, 0x1ul, LSE_SET, ({ __asm__ volatile("stset %1, [%0]" : : "r"(cell), "r"(0x1ul) : "memory"); 0; }));
    st_case("stsmaxlb", 1, 0x80ul, 0xfful, LSE_SMAX, ({ __asm__ volatile("stsmaxlb %w1, [%0]" : : "r"(cell), "r"(0xfful) : "memory"); 0; }));
    st_case("stsmaxh", 2, 0x1234ul, 0xf00ful, LSE_SMAX, ({ __asm__ volatile("stsmaxh %w1, [%0]" : : "r"(cell), "r"(0xf00ful) : "memory"); 0; }));
    st_case("stsmaxl", 4, 0x7ffffffful, 0x1ul, LSE_SMAX, ({ __asm__ volatile("stsmaxl %w1, [%0]" : : "r"(cell), "r"(0x1ul) : "memory"); 0; }));
    st_case("stsmax", 8, 0x8000000000000000ul, 0xfffffffffffffffful, LSE_SMAX, ({ __asm__ volatile("stsmax %1, [%0]" : : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); 0; }));
    st_case("stsminlb", 1, 0x5ul, 0x90ul, LSE_SMIN, ({ __asm__ volatile("stsminlb %w1, [%0]" : : "r"(cell), "r"(0x90ul) : "memory"); 0; }));
    st_case("stsminh", 2, 0x7ffful, 0x1ul, LSE_SMIN, ({ __asm__ volatile("stsminh %w1, [%0]" : : "r"(cell), "r"(0x1ul) : "memory"); 0; }));
    st_case("stsminl", 4, 0x80000000ul, 0xfffffffful, LSE_SMIN, ({ __asm__ volatile("stsminl %w1, [%0]" : : "r"(cell), "r"(0xfffffffful) : "memory"); 0; }));
    st_case("stsmin", 8, 0x123456789abcdef0ul, 0xfedcba9876543210ul, LSE_SMIN, ({ __asm__ volatile("stsmin %1, [%0]" : : "r"(cell), "r"(0xfedcba9876543210ul) : "memory"); 0; }));
    st_case("stumaxlb", 1, 0x7ful, 0x1ul, LSE_UMAX, ({ __asm__ volatile("stumaxlb %w1, [%0]" : : "r"(cell), "r"(0x1ul) : "memory"); 0; }));
    st_case("stumaxh", 2, 0x8000ul, 0xfffful, LSE_UMAX, ({ __asm__ volatile("stumaxh %w1, [%0]" : : "r"(cell), "r"(0xfffful) : "memory"); 0; }));
    st_case("stumaxl", 4, 0x12345678ul, 0x9abcdef0ul, LSE_UMAX, ({ __asm__ volatile("stumaxl %w1, [%0]" : : "r"(cell), "r"(0x9abcdef0ul) : "memory"); 0; }));
    st_case("stumax", 8, 0x7ffffffffffffffful, 0x1ul, LSE_UMAX, ({ __asm__ volatile("stumax %1, [%0]" : : "r"(cell), "r"(0x1ul) : "memory"); 0; }));
    st_case("stuminlb", 1, 0x80ul, 0xfful, LSE_UMIN, ({ __asm__ volatile("stuminlb %w1, [%0]" : : "r"(cell), "r"(0xfful) : "memory"); 0; }));
    st_case("stuminh", 2, 0x1234ul, 0xf00ful, LSE_UMIN, ({ __asm__ volatile("stuminh %w1, [%0]" : : "r"(cell), "r"(0xf00ful) : "memory"); 0; }));
    st_case("stuminl", 4, 0x7ffffffful, 0x1ul, LSE_UMIN, ({ __asm__ volatile("stuminl %w1, [%0]" : : "r"(cell), "r"(0x1ul) : "memory"); 0; }));
    st_case("stumin", 8, 0x8000000000000000ul, 0xfffffffffffffffful, LSE_UMIN, ({ __asm__ volatile("stumin %1, [%0]" : : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); 0; }));
    cas_case("casb hit", 1, 0x7ful, 0x7ful, 0xfful, ({ uint64_t c_ = 0x7ful; __asm__ volatile("casb %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfful) : "memory"); c_; }));
    cas_case("casb miss", 1, 0x7ful, 0x7eul, 0xfful, ({ uint64_t c_ = 0x7eul; __asm__ volatile("casb %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfful) : "memory"); c_; }));
    cas_case("casab hit", 1, 0x80ul, 0x80ul, 0x90ul, ({ uint64_t c_ = 0x80ul; __asm__ volatile("casab %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0x90ul) : "memory"); c_; }));
    cas_case("casab miss", 1, 0x80ul, 0x81ul, 0x90ul, ({ uint64_t c_ = 0x81ul; __asm__ volatile("casab %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0x90ul) : "memory"); c_; }));
    cas_case("caslb hit", 1, 0x5ul, 0x5ul, 0x1ul, ({ uint64_t c_ = 0x5ul; __asm__ volatile("caslb %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0x1ul) : "memory"); c_; }));
    cas_case("caslb miss", 1, 0x5ul, 0x4ul, 0x1ul, ({ uint64_t c_ = 0x4ul; __asm__ volatile("caslb %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0x1ul) : "memory"); c_; }));
    cas_case("casalb hit", 1, 0x7ful, 0x7ful, 0xfful, ({ uint64_t c_ = 0x7ful; __asm__ volatile("casalb %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfful) : "memory"); c_; }));
    cas_case("casalb miss", 1, 0x7ful, 0x7eul, 0xfful, ({ uint64_t c_ = 0x7eul; __asm__ volatile("casalb %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfful) : "memory"); c_; }));
    cas_case("cash hit", 2, 0x7ffful, 0x7ffful, 0xfffful, ({ uint64_t c_ = 0x7ffful; __asm__ volatile("cash %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfffful) : "memory"); c_; }));
    cas_case("cash miss", 2, 0x7ffful, 0x7ffeul, 0xfffful, ({ uint64_t c_ = 0x7ffeul; __asm__ volatile("cash %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfffful) : "memory"); c_; }));
    cas_case("casah hit", 2, 0x8000ul, 0x8000ul, 0xf00ful, ({ uint64_t c_ = 0x8000ul; __asm__ volatile("casah %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xf00ful) : "memory"); c_; }));
    cas_case("casah miss", 2, 0x8000ul, 0x8001ul, 0xf00ful, ({ uint64_t c_ = 0x8001ul; __asm__ volatile("casah %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xf00ful) : "memory"); c_; }));
    cas_case("caslh hit", 2, 0x1234ul, 0x1234ul, 0x1ul, ({ uint64_t c_ = 0x1234ul; __asm__ volatile("caslh %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0x1ul) : "memory"); c_; }));
    cas_case("caslh miss", 2, 0x1234ul, 0x1235ul, 0x1ul, ({ uint64_t c_ = 0x1235ul; __asm__ volatile("caslh %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0x1ul) : "memory"); c_; }));
    cas_case("casalh hit", 2, 0x7ffful, 0x7ffful, 0xfffful, ({ uint64_t c_ = 0x7ffful; __asm__ volatile("casalh %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfffful) : "memory"); c_; }));
    cas_case("casalh miss", 2, 0x7ffful, 0x7ffeul, 0xfffful, ({ uint64_t c_ = 0x7ffeul; __asm__ volatile("casalh %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfffful) : "memory"); c_; }));
    cas_case("cas hit", 4, 0x7ffffffful, 0x7ffffffful, 0xfffffffful, ({ uint64_t c_ = 0x7ffffffful; __asm__ volatile("cas %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfffffffful) : "memory"); c_; }));
    cas_case("cas miss", 4, 0x7ffffffful, 0x7ffffffeul, 0xfffffffful, ({ uint64_t c_ = 0x7ffffffeul; __asm__ volatile("cas %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfffffffful) : "memory"); c_; }));
    cas_case("casa hit", 4, 0x80000000ul, 0x80000000ul, 0x9abcdef0ul, ({ uint64_t c_ = 0x80000000ul; __asm__ volatile("casa %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0x9abcdef0ul) : "memory"); c_; }));
    cas_case("casa miss", 4, 0x80000000ul, 0x80000001ul, 0x9abcdef0ul, ({ uint64_t c_ = 0x80000001ul; __asm__ volatile("casa %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0x9abcdef0ul) : "memory"); c_; }));
    cas_case("casl hit", 4, 0x12345678ul, 0x12345678ul, 0x1ul, ({ uint64_t c_ = 0x12345678ul; __asm__ volatile("casl %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0x1ul) : "memory"); c_; }));
    cas_case("casl miss", 4, 0x12345678ul, 0x12345679ul, 0x1ul, ({ uint64_t c_ = 0x12345679ul; __asm__ volatile("casl %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0x1ul) : "memory"); c_; }));
    cas_case("casal hit", 4, 0x7ffffffful, 0x7ffffffful, 0xfffffffful, ({ uint64_t c_ = 0x7ffffffful; __asm__ volatile("casal %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfffffffful) : "memory"); c_; }));
    cas_case("casal miss", 4, 0x7ffffffful, 0x7ffffffeul, 0xfffffffful, ({ uint64_t c_ = 0x7ffffffeul; __asm__ volatile("casal %w0, %w2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfffffffful) : "memory"); c_; }));
    cas_case("cas hit", 8, 0x7ffffffffffffffful, 0x7ffffffffffffffful, 0xfffffffffffffffful, ({ uint64_t c_ = 0x7ffffffffffffffful; __asm__ volatile("cas %0, %2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); c_; }));
    cas_case("cas miss", 8, 0x7ffffffffffffffful, 0x7ffffffffffffffeul, 0xfffffffffffffffful, ({ uint64_t c_ = 0x7ffffffffffffffeul; __asm__ volatile("cas %0, %2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); c_; }));
    cas_case("casa hit", 8, 0x8000000000000000ul, 0x8000000000000000ul, 0xfedcba9876543210ul, ({ uint64_t c_ = 0x8000000000000000ul; __asm__ volatile("casa %0, %2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfedcba9876543210ul) : "memory"); c_; }));
    cas_case("casa miss", 8, 0x8000000000000000ul, 0x8000000000000001ul, 0xfedcba9876543210ul, ({ uint64_t c_ = 0x8000000000000001ul; __asm__ volatile("casa %0, %2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfedcba9876543210ul) : "memory"); c_; }));
    cas_case("casl hit", 8, 0x123456789abcdef0ul, 0x123456789abcdef0ul, 0x1ul, ({ uint64_t c_ = 0x123456789abcdef0ul; __asm__ volatile("casl %0, %2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0x1ul) : "memory"); c_; }));
    cas_case("casl miss", 8, 0x123456789abcdef0ul, 0x123456789abcdef1ul, 0x1ul, ({ uint64_t c_ = 0x123456789abcdef1ul; __asm__ volatile("casl %0, %2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0x1ul) : "memory"); c_; }));
    cas_case("casal hit", 8, 0x7ffffffffffffffful, 0x7ffffffffffffffful, 0xfffffffffffffffful, ({ uint64_t c_ = 0x7ffffffffffffffful; __asm__ volatile("casal %0, %2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); c_; }));
    cas_case("casal miss", 8, 0x7ffffffffffffffful, 0x7ffffffffffffffeul, 0xfffffffffffffffful, ({ uint64_t c_ = 0x7ffffffffffffffeul; __asm__ volatile("casal %0, %2, [%1]" : "+&r"(c_) : "r"(cell), "r"(0xfffffffffffffffful) : "memory"); c_; }));
}

static void casp(void)
{
    /* CASP X: compare the 16-byte pair, swap on a match. */
    register uint64_t x0 __asm__("x0"), x1 __asm__("x1");
    register uint64_t x2 __asm__("x2"), x3 __asm__("x3");
    uint64_t lo, hi;
    cells[0] = 0x1111111111111111ul;
    cells[1] = 0x2222222222222222ul;
    x0 = 0x1111111111111111ul; x1 = 0x2222222222222222ul;
    x2 = 0x3333333333333333ul; x3 = 0x4444444444444444ul;
    __asm__ volatile("caspal x0, x1, x2, x3, [%4]" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : "r"(cells) : "memory");
    lo = x0; hi = x1; /* before any call clobbers x0/x1 */
    show("casp x hit old lo", lo, 0x1111111111111111ul);
    show("casp x hit old hi", hi, 0x2222222222222222ul);
    show("casp x hit mem lo", cells[0], 0x3333333333333333ul);
    show("casp x hit mem hi", cells[1], 0x4444444444444444ul);
    x0 = 0x3333333333333333ul; x1 = 0x5555555555555555ul; /* high half differs */
    x2 = 0x6666666666666666ul; x3 = 0x7777777777777777ul;
    __asm__ volatile("casp x0, x1, x2, x3, [%4]" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : "r"(cells) : "memory");
    lo = x0; hi = x1;
    show("casp x miss old lo", lo, 0x3333333333333333ul);
    show("casp x miss old hi", hi, 0x4444444444444444ul);
    show("casp x miss mem lo", cells[0], 0x3333333333333333ul);
    show("casp x miss mem hi", cells[1], 0x4444444444444444ul);
    /* CASP W: a pair of words, Rs in the low word. */
    cells[2] = 0x89abcdef01234567ul;
    x0 = 0xffffffff01234567ul; x1 = 0x89abcdef;
    x2 = 0x76543210; x3 = 0xfedcba98;
    __asm__ volatile("caspa w0, w1, w2, w3, [%4]" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : "r"(&cells[2]) : "memory");
    lo = x0; hi = x1;
    show("casp w hit old lo", lo, 0x01234567);
    show("casp w hit old hi", hi, 0x89abcdef);
    show("casp w hit mem", cells[2], 0xfedcba9876543210ul);
    x0 = 0x76543210; x1 = 0;
    __asm__ volatile("caspl w0, w1, w2, w3, [%4]" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : "r"(&cells[2]) : "memory");
    lo = x0; hi = x1;
    show("casp w miss old lo", lo, 0x76543210);
    show("casp w miss old hi", hi, 0xfedcba98);
    show("casp w miss mem", cells[2], 0xfedcba9876543210ul);
}

static void unaligned(void)
{
    /* Atomics need natural alignment (no FEAT_LSE2): DFSC 0x21, reported
     * as a read (the read comes first). */
    uint8_t *p = (uint8_t *)cells + 2;
    uint64_t old = 0x77;
    faults_reset();
    __asm__ volatile("ldadd %1, %0, [%2]" : "+r"(old) : "r"(1ul), "r"(p) : "memory");
    show("ldadd unaligned faults", fault_count, 1);
    show("ldadd unaligned esr", fault_esr, 0x96000021ul);
    show("ldadd unaligned far", fault_far - (uint64_t)cells, 2);
    show("ldadd unaligned rt kept", old, 0x77);
    faults_reset();
    __asm__ volatile("cash %w0, %w1, [%2]" : "+r"(old) : "r"(1ul), "r"(p + 1) : "memory");
    show("cash unaligned faults", fault_count, 1);
    show("cash unaligned esr", fault_esr, 0x96000021ul);
    show("cash unaligned far", fault_far - (uint64_t)cells, 3);
    faults_reset();
    __asm__ volatile("swpb %w0, %w1, [%2]" : "+r"(old) : "r"(1ul), "r"(p + 1) : "memory");
    show("swpb any address", fault_count, 0);
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    mmu_on();
    fw_set_handler(record_fault);
    if (!have_lse()) {
        fw_printf("FAIL: FEAT_LSE not advertised (ID_AA64ISAR0_EL1.Atomic)\n");
        return 1;
    }
    lse_all();
    casp();
    unaligned();
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
