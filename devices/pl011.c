/* pl011.c - Arm PrimeCell UART (PL011) register model.
 *
 * Register meanings follow the PL011 TRM (ARM DDI 0183), "Register
 * descriptions". What the model simplifies, and why it is safe for the two
 * drivers that matter (Linux amba-pl011 incl. earlycon, and bare-metal polling
 * code):
 *
 *  - TX is instantaneous: each DR write goes straight to the tx callback, so
 *    the TX FIFO is always empty (FR.TXFE=1, TXFF=0, BUSY=0). The TX interrupt
 *    (TRM: asserted when the TX FIFO level is at or below the trigger level)
 *    is therefore raised after every DR write, and when the guest unmasks
 *    TXIM. Linux's pl011_tx_chars() in interrupt context writes at most
 *    fifosize/2 bytes and waits for the next TXIS; raising TXIS on every write
 *    means that interrupt always comes, so output never stalls.
 *  - RX: RXIS is raised while the RX FIFO holds at least one character (as
 *    QEMU does; the IFLS trigger level is stored but not honoured), and RTIS
 *    (receive timeout) is raised as soon as a host batch leaves data in the
 *    FIFO - the host delivers what it has at once, so the line is idle right
 *    after. Both clear when the FIFO is drained (TRM: "cleared when the FIFO
 *    becomes empty") or through ICR.
 *  - Like QEMU, the enable bits in CR (UARTEN/TXE/RXE) do not gate transfers;
 *    firmware that never sets UARTEN still works. LBE (loopback) is honoured.
 *  - Accesses of any size are accepted; reads of unknown offsets return 0 and
 *    writes to read-only or unknown registers are ignored.
 */
#include "debug/trace.h"
#include "pl011.h"

#include <stdlib.h>

/* Register offsets (TRM table 3-1). */
enum {
    PL011_DR = 0x00,
    PL011_RSR = 0x04, /* RSR on read, ECR on write */
    PL011_FR = 0x18,
    PL011_ILPR = 0x20,
    PL011_IBRD = 0x24,
    PL011_FBRD = 0x28,
    PL011_LCR_H = 0x2c,
    PL011_CR = 0x30,
    PL011_IFLS = 0x34,
    PL011_IMSC = 0x38,
    PL011_RIS = 0x3c,
    PL011_MIS = 0x40,
    PL011_ICR = 0x44,
    PL011_DMACR = 0x48,
    PL011_ID_BASE = 0xfe0, /* PeriphID0..3, PCellID0..3 */
};

/* FR bits. */
#define PL011_FR_RXFE 0x010
#define PL011_FR_RXFF 0x040
#define PL011_FR_TXFE 0x080

/* LCR_H.FEN: FIFOs enabled; without it the FIFOs are one-character holding registers. */
#define PL011_LCRH_FEN 0x10

/* CR bits. */
#define PL011_CR_LBE 0x0080
#define PL011_CR_TXE 0x0100
#define PL011_CR_RXE 0x0200

/* Interrupt bits, shared by IMSC/RIS/MIS/ICR. */
#define PL011_INT_RX 0x010
#define PL011_INT_TX 0x020
#define PL011_INT_RT 0x040
#define PL011_INT_OE 0x400
#define PL011_INT_ALL 0x7ff

/* DR error bits (upper byte of a FIFO entry) and their RSR image. */
#define PL011_DR_OE 0x800
#define PL011_RSR_OE 0x8

/* PrimeCell identification: part 0x011, designer Arm (0x41), revision 1. */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

struct pl011 {
    /* RX FIFO: 8 data bits plus the 4 error bits of the DR layout. */
    uint16_t rx_fifo[PL011_FIFO_DEPTH];
    unsigned rx_head;
    unsigned rx_count;

    uint32_t rsr;
    uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris, dmacr;

    irq_line_t irq;
    int irq_level;

    pl011_tx_fn tx;
    void *tx_opaque;
};

static const mmio_ops_t pl011_ops = { .read = pl011_mmio_read, .write = pl011_mmio_write };

static unsigned pl011_depth(const pl011_t *s)
{
    return (s->lcr_h & PL011_LCRH_FEN) ? PL011_FIFO_DEPTH : 1;
}

/* Drive the interrupt output: UARTINTR is the OR of the masked sources (TRM 2.8). */
static void pl011_update_irq(pl011_t *s)
{
    int level = (s->ris & s->imsc) != 0;
    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(&s->irq, level);
    }
}

/* RX-side interrupt state follows the FIFO fill level: set while data is
 * waiting, cleared once it has all been read. */
static void pl011_update_rx_status(pl011_t *s, bool batch_done)
{
    if (s->rx_count == 0) {
        s->ris &= ~(uint32_t)(PL011_INT_RX | PL011_INT_RT);
    } else {
        s->ris |= PL011_INT_RX;
        if (batch_done)
            s->ris |= PL011_INT_RT;
    }
}

/* Push one entry (data + error bits); false when full. */
static bool pl011_push(pl011_t *s, uint16_t entry)
{
    if (s->rx_count >= pl011_depth(s))
        return false;
    s->rx_fifo[(s->rx_head + s->rx_count) % PL011_FIFO_DEPTH] = entry;
    s->rx_count++;
    return true;
}

pl011_t *pl011_create(physmap_t *pm, uint64_t base, irq_line_t irq, pl011_tx_fn tx, void *tx_opaque)
{
    pl011_t *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->irq = irq;
    s->tx = tx;
    s->tx_opaque = tx_opaque;
    /* Reset values from the TRM: CR has TXE and RXE set, IFLS selects the
     * half-full trigger levels; everything else is zero. */
    s->cr = PL011_CR_TXE | PL011_CR_RXE;
    s->ifls = 0x12;
    if (pm && physmap_add_mmio(pm, "pl011", base, PL011_MMIO_SIZE, &pl011_ops, s) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

void pl011_destroy(pl011_t *s)
{
    free(s);
}

size_t pl011_rx_space(const pl011_t *s)
{
    unsigned depth = pl011_depth(s);
    return s->rx_count >= depth ? 0 : depth - s->rx_count;
}

bool pl011_can_receive(const pl011_t *s)
{
    return pl011_rx_space(s) > 0;
}

size_t pl011_receive(pl011_t *s, const uint8_t *buf, size_t n)
{
    size_t taken = 0;
    while (taken < n && pl011_push(s, buf[taken]))
        taken++;
    if (taken) {
        pl011_update_rx_status(s, true);
        pl011_update_irq(s);
    }
    return taken;
}

static uint32_t pl011_read_dr(pl011_t *s)
{
    if (s->rx_count == 0)
        return 0;
    uint16_t entry = s->rx_fifo[s->rx_head];
    s->rx_head = (s->rx_head + 1) % PL011_FIFO_DEPTH;
    s->rx_count--;
    /* RSR mirrors the error bits of the character just read (TRM 3.3.2). */
    s->rsr = (entry >> 8) & 0xf;
    pl011_update_rx_status(s, false);
    pl011_update_irq(s);
    return entry;
}

static void pl011_write_dr(pl011_t *s, uint8_t ch)
{
    if (s->cr & PL011_CR_LBE) {
        /* Loopback: the transmitter feeds the receiver. A full FIFO means an
         * overrun, flagged on the entry already in the FIFO as on hardware. */
        if (!pl011_push(s, ch)) {
            unsigned last = (s->rx_head + s->rx_count - 1) % PL011_FIFO_DEPTH;
            s->rx_fifo[last] |= PL011_DR_OE;
            s->rsr |= PL011_RSR_OE;
            s->ris |= PL011_INT_OE;
        }
        pl011_update_rx_status(s, true);
    } else if (s->tx) {
        s->tx(s->tx_opaque, &ch, 1);
    }
    /* The byte left the (virtual) TX FIFO at once: it is at/below trigger. */
    s->ris |= PL011_INT_TX;
    pl011_update_irq(s);
}

static uint32_t pl011_reg_read(pl011_t *s, uint64_t reg)
{
    switch (reg) {
    case PL011_DR:
        return pl011_read_dr(s);
    case PL011_RSR:
        return s->rsr;
    case PL011_FR: {
        uint32_t fr = PL011_FR_TXFE;
        if (s->rx_count == 0)
            fr |= PL011_FR_RXFE;
        if (s->rx_count >= pl011_depth(s))
            fr |= PL011_FR_RXFF;
        return fr;
    }
    case PL011_ILPR:
        return s->ilpr;
    case PL011_IBRD:
        return s->ibrd;
    case PL011_FBRD:
        return s->fbrd;
    case PL011_LCR_H:
        return s->lcr_h;
    case PL011_CR:
        return s->cr;
    case PL011_IFLS:
        return s->ifls;
    case PL011_IMSC:
        return s->imsc;
    case PL011_RIS:
        return s->ris;
    case PL011_MIS:
        return s->ris & s->imsc;
    case PL011_DMACR:
        return s->dmacr;
    default:
        if (reg >= PL011_ID_BASE && reg < PL011_ID_BASE + 0x20)
            return pl011_id[(reg - PL011_ID_BASE) / 4];
        if (trace_on(TRACE_UNIMP))
            trace_unimp_device("pl011", reg, 4, false);
        return 0;
    }
}

static void pl011_reg_write(pl011_t *s, uint64_t reg, uint32_t val)
{
    switch (reg) {
    case PL011_DR:
        pl011_write_dr(s, (uint8_t)val);
        break;
    case PL011_RSR: /* ECR: any write clears the error flags */
        s->rsr = 0;
        break;
    case PL011_ILPR:
        s->ilpr = val & 0xff;
        break;
    case PL011_IBRD:
        s->ibrd = val & 0xffff;
        break;
    case PL011_FBRD:
        s->fbrd = val & 0x3f;
        break;
    case PL011_LCR_H:
        /* Turning FEN off shrinks the FIFO to one entry; characters already
         * accepted stay and are read out first (RXFF stays set meanwhile). */
        s->lcr_h = val & 0xff;
        break;
    case PL011_CR:
        s->cr = val & 0xffff;
        break;
    case PL011_IFLS:
        s->ifls = val & 0x3f;
        break;
    case PL011_IMSC: {
        uint32_t old = s->imsc;
        s->imsc = val & PL011_INT_ALL;
        /* Unmasking TXIM: the empty TX FIFO is at/below any trigger level. */
        if ((s->imsc & ~old) & PL011_INT_TX)
            s->ris |= PL011_INT_TX;
        pl011_update_irq(s);
        break;
    }
    case PL011_ICR:
        s->ris &= ~(val & PL011_INT_ALL);
        pl011_update_irq(s);
        break;
    case PL011_DMACR:
        s->dmacr = val & 0x7;
        break;
    default: /* FR, RIS, MIS, IDs and holes: read-only or reserved */
        if (trace_on(TRACE_UNIMP))
            trace_unimp_device("pl011", reg, 4, true);
        break;
    }
}

mem_result_t pl011_mmio_read(void *opaque, uint64_t offset, unsigned size, uint64_t *val)
{
    pl011_t *s = opaque;
    unsigned sub = offset & 3;
    uint64_t reg = offset & ~(uint64_t)3;
    uint32_t v;
    /* Only a read of the register's first byte pops the RX FIFO; reading
     * another byte lane of DR has no side effect and sees nothing. */
    if (reg == PL011_DR && sub != 0)
        v = 0;
    else
        v = pl011_reg_read(s, reg) >> (8 * sub);
    if (size < 4)
        v &= (1u << (8 * size)) - 1;
    *val = v;
    return MEM_OK;
}

mem_result_t pl011_mmio_write(void *opaque, uint64_t offset, unsigned size, uint64_t val)
{
    pl011_t *s = opaque;
    /* Writes to a register's upper byte lanes have no defined meaning: ignore. */
    if (offset & 3)
        return MEM_OK;
    if (size < 4)
        val &= (1u << (8 * size)) - 1;
    pl011_reg_write(s, offset, (uint32_t)val);
    return MEM_OK;
}
