/* fw.c - UART output, printf, PSCI and exception reporting for firmware. */
#include "fw.h"

int fw_failures;
static fw_handler_t handler;

/* GCC may emit calls to these even with -fno-builtin. */
void *memset(void *d, int c, size_t n) { return fw_memset(d, c, n); }
void *memcpy(void *d, const void *s, size_t n) { return fw_memcpy(d, s, n); }

void *fw_memset(void *d, int c, size_t n)
{
    volatile uint8_t *p = d;
    while (n--)
        *p++ = (uint8_t)c;
    return d;
}

void *fw_memcpy(void *d, const void *s, size_t n)
{
    volatile uint8_t *p = d;
    const uint8_t *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

void fw_putc(char c)
{
    volatile uint32_t *uart = (volatile uint32_t *)UART_BASE;
    if (c == '\n')
        fw_putc('\r');
    while (uart[0x18 / 4] & (1u << 5)) /* FR.TXFF */
        ;
    uart[0] = (uint8_t)c;
}

void fw_puts(const char *s)
{
    while (*s)
        fw_putc(*s++);
}

static void put_num(uint64_t v, unsigned base, int width, char pad, bool neg)
{
    char buf[24];
    int n = 0;
    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        buf[n++] = '-';
    while (n < width)
        buf[n++] = pad;
    while (n)
        fw_putc(buf[--n]);
}

void fw_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            fw_putc(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0, longs = 0;
        if (*fmt == '0')
            pad = '0', fmt++;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l')
            longs++, fmt++;
        switch (*fmt) {
        case 'd': {
            int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
            put_num(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, width, pad, v < 0);
            break;
        }
        case 'u':
            put_num(longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, width, pad, false);
            break;
        case 'x':
            put_num(longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, width, pad, false);
            break;
        case 'p':
            fw_puts("0x");
            put_num((uint64_t)va_arg(ap, void *), 16, 16, '0', false);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            fw_puts(s ? s : "(null)");
            break;
        }
        case 'c':
            fw_putc((char)va_arg(ap, int));
            break;
        case '%':
            fw_putc('%');
            break;
        default:
            fw_putc('?');
        }
    }
    va_end(ap);
}

uint64_t fw_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return x0;
}

void fw_power_off(void)
{
    fw_hvc(0x84000008, 0, 0, 0); /* PSCI SYSTEM_OFF */
    fw_puts("FAIL: PSCI SYSTEM_OFF returned\n");
    for (;;)
        __asm__ volatile("wfi");
}

void fw_set_handler(fw_handler_t h)
{
    handler = h;
}

static const char *const vector_names[4] = { "sync", "irq", "fiq", "serror" };

void fw_exception(fw_frame_t *f, uint64_t vector);
void fw_exception(fw_frame_t *f, uint64_t vector)
{
    uint64_t esr = SYSREG_READ(esr_el1), far = SYSREG_READ(far_el1);
    if (handler && handler(f, (int)vector, esr, far))
        return;
    fw_printf("FAIL: unexpected %s exception (vector %lu) ESR=0x%lx FAR=0x%lx ELR=0x%lx\n",
              vector_names[vector & 3], (unsigned long)vector, (unsigned long)esr,
              (unsigned long)far, (unsigned long)f->elr);
    fw_failures++;
    fw_puts("RESULT: FAIL\n");
    fw_power_off();
}

void fw_entry(uint64_t dtb);
void fw_entry(uint64_t dtb)
{
    int failed = fw_main(dtb);
    if (failed || fw_failures)
        fw_printf("RESULT: FAIL (%d)\n", failed + fw_failures);
    else
        fw_puts("RESULT: PASS\n");
    fw_power_off();
}
