/* pl061.c - Arm PrimeCell GPIO (PL061) register model. See pl061.h.
 *
 * Interrupt detection (TRM "Interrupt sense/both edges/event"): for a pin
 * with GPIOIS=1 the raw status follows the level (high when the pin equals
 * GPIOIEV); with GPIOIS=0 an edge sets the raw status bit - both edges when
 * GPIOIBE is set, else the rising one when GPIOIEV=1, the falling one when 0
 * - and GPIOIC clears it. GPIOMIS = GPIORIS & GPIOIE, and the interrupt
 * line is high while GPIOMIS is non-zero.
 */
#include "pl061.h"

#include <stdbool.h>
#include <stdlib.h>

enum {
    PL061_DATA = 0x000, /* 0x000..0x3fc: address bits [9:2] mask the access */
    PL061_DIR = 0x400,
    PL061_IS = 0x404,
    PL061_IBE = 0x408,
    PL061_IEV = 0x40c,
    PL061_IE = 0x410,
    PL061_RIS = 0x414,
    PL061_MIS = 0x418,
    PL061_IC = 0x41c,
    PL061_AFSEL = 0x420,
    PL061_ID_BASE = 0xfe0,
};

/* PrimeCell identification: part 0x061, designer Arm (0x41), revision 1. */
static const uint8_t pl061_id[8] = { 0x61, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

struct pl061 {
    uint8_t out;    /* the output latch (GPIODATA writes) */
    uint8_t in;     /* levels driven from outside */
    uint8_t dir, is, ibe, iev, ie, afsel;
    uint8_t edge;   /* latched edge interrupts */
    irq_line_t irq;
    int irq_level;
};

static const mmio_ops_t pl061_ops = { .read = pl061_mmio_read, .write = pl061_mmio_write };

/* The level every pin shows: outputs read their latch, inputs the outside. */
static uint8_t pins(const pl061_t *s)
{
    return (uint8_t)((s->out & s->dir) | (s->in & ~s->dir));
}

static uint8_t raw_status(const pl061_t *s)
{
    /* Level-sensitive pins: high when the pin matches GPIOIEV. */
    uint8_t level = (uint8_t)(s->is & ~(pins(s) ^ s->iev));
    return (uint8_t)((s->edge & ~s->is) | level);
}

static void update_irq(pl061_t *s)
{
    int level = (raw_status(s) & s->ie) != 0;
    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(&s->irq, level);
    }
}

/* Latch edges between the old and new pin levels. */
static void pins_changed(pl061_t *s, uint8_t old)
{
    uint8_t now = pins(s);
    uint8_t rose = (uint8_t)(now & ~old), fell = (uint8_t)(old & ~now);
    uint8_t edge_pins = (uint8_t)~s->is;
    uint8_t both = (uint8_t)(edge_pins & s->ibe);
    uint8_t single = (uint8_t)(edge_pins & ~s->ibe);
    s->edge |= (uint8_t)(both & (rose | fell));
    s->edge |= (uint8_t)(single & ((rose & s->iev) | (fell & ~s->iev)));
    update_irq(s);
}

void pl061_set_input(pl061_t *s, unsigned pin, int level)
{
    if (pin >= PL061_NPINS)
        return;
    uint8_t old = pins(s);
    if (level)
        s->in |= (uint8_t)(1u << pin);
    else
        s->in &= (uint8_t)~(1u << pin);
    pins_changed(s, old);
}

mem_result_t pl061_mmio_read(void *opaque, uint64_t offset, unsigned size, uint64_t *val)
{
    pl061_t *s = opaque;
    /* The TRM's registers are 8 bits wide, one per 32-bit word. Linux uses
     * byte accesses (readb/writeb), so any access size is taken; bytes above
     * the register's low 8 bits read as zero and ignore writes. */
    (void)size;
    *val = 0;
    if (offset & 3)
        return MEM_OK;
    if (offset < 0x400) {
        *val = pins(s) & (offset >> 2);
        return MEM_OK;
    }
    switch (offset) {
    case PL061_DIR: *val = s->dir; break;
    case PL061_IS: *val = s->is; break;
    case PL061_IBE: *val = s->ibe; break;
    case PL061_IEV: *val = s->iev; break;
    case PL061_IE: *val = s->ie; break;
    case PL061_RIS: *val = raw_status(s); break;
    case PL061_MIS: *val = raw_status(s) & s->ie; break;
    case PL061_AFSEL: *val = s->afsel; break;
    default:
        if (offset >= PL061_ID_BASE && offset < PL061_MMIO_SIZE)
            *val = pl061_id[(offset - PL061_ID_BASE) >> 2];
        break;
    }
    return MEM_OK;
}

mem_result_t pl061_mmio_write(void *opaque, uint64_t offset, unsigned size, uint64_t val)
{
    pl061_t *s = opaque;
    (void)size;
    if (offset & 3)
        return MEM_OK;
    uint8_t v = (uint8_t)val, old = pins(s);
    if (offset < 0x400) {
        uint8_t mask = (uint8_t)(offset >> 2);
        s->out = (uint8_t)((s->out & ~mask) | (v & mask));
        pins_changed(s, old);
        return MEM_OK;
    }
    switch (offset) {
    case PL061_DIR: s->dir = v; pins_changed(s, old); break;
    case PL061_IS: s->is = v; update_irq(s); break;
    case PL061_IBE: s->ibe = v; update_irq(s); break;
    case PL061_IEV: s->iev = v; update_irq(s); break;
    case PL061_IE: s->ie = v; update_irq(s); break;
    case PL061_IC: s->edge &= (uint8_t)~v; update_irq(s); break;
    case PL061_AFSEL: s->afsel = v; break;
    default: break; /* read-only or reserved: ignored */
    }
    return MEM_OK;
}

pl061_t *pl061_create(physmap_t *pm, uint64_t base, irq_line_t irq)
{
    pl061_t *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->irq = irq;
    if (pm && physmap_add_mmio(pm, "pl061", base, PL061_MMIO_SIZE, &pl061_ops, s) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

void pl061_destroy(pl061_t *s)
{
    free(s);
}
