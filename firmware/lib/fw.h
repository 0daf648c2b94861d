/* fw.h - the little runtime every firmware program links with. */
#ifndef TINYVM_FW_H
#define TINYVM_FW_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UART_BASE 0x09000000ul

/* Saved registers of an exception (layout fixed by start.S). */
typedef struct fw_frame {
    uint64_t x[31];
    uint64_t elr;
    uint64_t spsr;
    uint64_t pad;
} fw_frame_t;

/* A handler returns true when it handled the exception (the frame may be
 * changed, e.g. elr advanced); false reports it as unexpected and fails. */
typedef bool (*fw_handler_t)(fw_frame_t *f, int vector, uint64_t esr, uint64_t far);
void fw_set_handler(fw_handler_t h);

/* The program: returns the number of failed checks (0 = pass). */
int fw_main(uint64_t dtb);

void fw_putc(char c);
void fw_puts(const char *s);
void fw_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* PSCI through HVC (SMCCC: function id in w0, result in x0). */
uint64_t fw_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
__attribute__((noreturn)) void fw_power_off(void);

/* Checks: count failures, print the failing expression and values. */
extern int fw_failures;
#define CHECK_EQ(a, b)                                                                 \
    do {                                                                               \
        uint64_t _a = (uint64_t)(a), _b = (uint64_t)(b);                               \
        if (_a != _b) {                                                                \
            fw_printf("FAIL %s:%d: %s == %s: 0x%lx != 0x%lx\n", __FILE__, __LINE__, #a, \
                      #b, (unsigned long)_a, (unsigned long)_b);                       \
            fw_failures++;                                                             \
        }                                                                              \
    } while (0)
#define CHECK(cond) CHECK_EQ(!!(cond), 1)

#define SYSREG_READ(name)                                    \
    ({                                                       \
        uint64_t _v;                                         \
        __asm__ volatile("mrs %0, " #name : "=r"(_v));       \
        _v;                                                  \
    })
#define SYSREG_WRITE(name, v) __asm__ volatile("msr " #name ", %0" ::"r"((uint64_t)(v)) : "memory")
#define ISB() __asm__ volatile("isb" ::: "memory")

void *fw_memset(void *d, int c, size_t n);
void *fw_memcpy(void *d, const void *s, size_t n);

#endif
