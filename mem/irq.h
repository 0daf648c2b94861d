/* irq.h - one interrupt wire between two models.
 *
 * A wire has a sender and a receiver that never include each other's headers:
 * the generic timer in cpu/ raises a PPI on the GIC in devices/, the GIC raises
 * IRQ/FIQ on a CPU, a UART raises an SPI. The board connects them by filling in
 * the receiver's callback. It lives in mem/ because mem/ is the one room both
 * cpu/ and devices/ may include (DESIGN.md: board -> devices -> mem <- cpu).
 */
#ifndef TINYVM_MEM_IRQ_H
#define TINYVM_MEM_IRQ_H

typedef void (*irq_handler_fn)(void *opaque, int n, int level);

typedef struct irq_line {
    irq_handler_fn handler; /* NULL: the wire goes nowhere */
    void *opaque;
    int n; /* the receiver's input number (INTID, line index ...) */
} irq_line_t;

static inline void irq_connect(irq_line_t *line, irq_handler_fn handler, void *opaque, int n)
{
    line->handler = handler;
    line->opaque = opaque;
    line->n = n;
}

/* Drive the wire to level (0 or 1). Receivers treat repeated equal levels as no-ops. */
static inline void irq_set(const irq_line_t *line, int level)
{
    if (line->handler)
        line->handler(line->opaque, line->n, level);
}

#endif
