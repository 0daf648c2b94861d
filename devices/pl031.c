/* pl031.c - Arm PrimeCell RTC (PL031) register model.
 *
 * Registers per the PL031 TRM (ARM DDI 0224), "Register descriptions":
 * DR (counter, read-only), MR (match), LR (load: sets the counter), CR (start;
 * the counter always runs here, as in QEMU, so CR reads 1), IMSC/RIS/MIS/ICR
 * for the single match interrupt, and the PrimeCell ID registers.
 *
 * The counter is not stored: it is (clock + offset) in whole seconds, where
 * offset is 0 until the guest writes LR. The match is "armed" whenever MR or
 * LR is written; pl031_poll() fires it once the counter reaches MR. After it
 * fires, the next equality is 2^32 seconds away, so it is not re-armed.
 */
#include "debug/trace.h"
#include "pl031.h"

#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#define NS_PER_SEC 1000000000LL

enum {
    PL031_DR = 0x00,
    PL031_MR = 0x04,
    PL031_LR = 0x08,
    PL031_CR = 0x0c,
    PL031_IMSC = 0x10,
    PL031_RIS = 0x14,
    PL031_MIS = 0x18,
    PL031_ICR = 0x1c,
    PL031_ID_BASE = 0xfe0,
};

#define PL031_INT 1u

/* PrimeCell identification: part 0x031, designer Arm (0x41), revision 1. */
static const uint8_t pl031_id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

struct pl031 {
    pl031_clock_fn clock;
    void *clock_opaque;
    int64_t offset_ns; /* counter = floor((clock + offset_ns) / 1 s) mod 2^32 */
    uint32_t mr, lr, imsc, ris;
    bool armed;
    int64_t match_at_ns; /* clock time at which the counter becomes MR */
    irq_line_t irq;
    int irq_level;
};

static const mmio_ops_t pl031_ops = { .read = pl031_mmio_read, .write = pl031_mmio_write };

static int64_t pl031_host_clock(void *opaque)
{
    (void)opaque;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

static int64_t pl031_now(const pl031_t *s)
{
    return s->clock(s->clock_opaque);
}

/* Floor division, so clocks before the epoch still tick forwards evenly. */
static int64_t pl031_floor_sec(int64_t ns)
{
    int64_t q = ns / NS_PER_SEC;
    return (ns % NS_PER_SEC < 0) ? q - 1 : q;
}

static uint32_t pl031_count_at(const pl031_t *s, int64_t now)
{
    return (uint32_t)pl031_floor_sec(now + s->offset_ns);
}

static void pl031_update_irq(pl031_t *s)
{
    int level = (s->ris & s->imsc) != 0;
    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(&s->irq, level);
    }
}

/* Arm the match for the next time the counter equals MR (TRM: the interrupt
 * is raised when the counter value equals the match register). Equal now
 * means the interrupt is raised now. */
static void pl031_arm(pl031_t *s)
{
    int64_t now = pl031_now(s);
    uint32_t count = pl031_count_at(s, now);
    uint32_t delta = s->mr - count; /* modulo 2^32: the counter wraps */
    if (delta == 0) {
        s->armed = false;
        s->ris |= PL031_INT;
        pl031_update_irq(s);
        return;
    }
    /* Clock time at which the current count began, then delta ticks later. */
    int64_t tick_start = pl031_floor_sec(now + s->offset_ns) * NS_PER_SEC - s->offset_ns;
    s->match_at_ns = tick_start + (int64_t)delta * NS_PER_SEC;
    s->armed = true;
}

void pl031_poll(pl031_t *s)
{
    if (s->armed && pl031_now(s) >= s->match_at_ns) {
        s->armed = false;
        s->ris |= PL031_INT;
        pl031_update_irq(s);
    }
}

int64_t pl031_ns_until_match(pl031_t *s)
{
    if (!s->armed || !(s->imsc & PL031_INT) || (s->ris & PL031_INT))
        return -1;
    int64_t left = s->match_at_ns - pl031_now(s);
    return left > 0 ? left : 0;
}

pl031_t *pl031_create(physmap_t *pm, uint64_t base, irq_line_t irq, pl031_clock_fn clock, void *clock_opaque)
{
    pl031_t *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->clock = clock ? clock : pl031_host_clock;
    s->clock_opaque = clock_opaque;
    s->irq = irq;
    if (pm && physmap_add_mmio(pm, "pl031", base, PL031_MMIO_SIZE, &pl031_ops, s) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

void pl031_destroy(pl031_t *s)
{
    free(s);
}

static uint32_t pl031_reg_read(pl031_t *s, uint64_t reg)
{
    switch (reg) {
    case PL031_DR:
        pl031_poll(s);
        return pl031_count_at(s, pl031_now(s));
    case PL031_MR:
        return s->mr;
    case PL031_LR:
        return s->lr;
    case PL031_CR:
        return 1; /* always started */
    case PL031_IMSC:
        return s->imsc;
    case PL031_RIS:
        pl031_poll(s);
        return s->ris;
    case PL031_MIS:
        pl031_poll(s);
        return s->ris & s->imsc;
    default:
        if (reg >= PL031_ID_BASE && reg < PL031_ID_BASE + 0x20)
            return pl031_id[(reg - PL031_ID_BASE) / 4];
        if (trace_on(TRACE_UNIMP))
            trace_unimp_device("pl031", reg, 4, false);
        return 0;
    }
}

static void pl031_reg_write(pl031_t *s, uint64_t reg, uint32_t val)
{
    switch (reg) {
    case PL031_MR:
        s->mr = val;
        pl031_arm(s);
        break;
    case PL031_LR: {
        /* The counter takes the value now and ticks one second later. */
        s->lr = val;
        s->offset_ns = (int64_t)val * NS_PER_SEC - pl031_now(s);
        pl031_arm(s);
        break;
    }
    case PL031_IMSC:
        s->imsc = val & PL031_INT;
        pl031_poll(s);
        pl031_update_irq(s);
        break;
    case PL031_ICR:
        s->ris &= ~(val & PL031_INT);
        pl031_update_irq(s);
        break;
    default: /* DR, CR (start is permanent), RIS, MIS, IDs, holes */
        if (trace_on(TRACE_UNIMP))
            trace_unimp_device("pl031", reg, 4, true);
        break;
    }
}

mem_result_t pl031_mmio_read(void *opaque, uint64_t offset, unsigned size, uint64_t *val)
{
    uint32_t v = pl031_reg_read(opaque, offset & ~(uint64_t)3) >> (8 * (offset & 3));
    if (size < 4)
        v &= (1u << (8 * size)) - 1;
    *val = v;
    return MEM_OK;
}

mem_result_t pl031_mmio_write(void *opaque, uint64_t offset, unsigned size, uint64_t val)
{
    if (offset & 3) /* upper byte lanes of a register: no defined meaning */
        return MEM_OK;
    if (size < 4)
        val &= (1u << (8 * size)) - 1;
    pl031_reg_write(opaque, offset, (uint32_t)val);
    return MEM_OK;
}
