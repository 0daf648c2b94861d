/* console_watch.h - watch the guest's console output for boot tests:
 * --expect, --fail-on, and the last lines printed when --timeout expires.
 *
 * It sits between the UART and the console backend: every byte the guest
 * sends is written to the console as usual, and also appended to the current
 * line, which is matched against the patterns as it grows (so a prompt with
 * no newline, like "login: ", matches too). */
#ifndef TINYVM_BOARD_CONSOLE_WATCH_H
#define TINYVM_BOARD_CONSOLE_WATCH_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "board/options.h"
#include "devices/console.h"

#define WATCH_TAIL_LINES 20
#define WATCH_LINE_MAX 512

typedef enum { WATCH_NONE = 0, WATCH_EXPECTED, WATCH_FAILED } watch_result_t;

typedef struct console_watch {
    console_t *console;
    bool has_expect;
    regex_t expect;
    int nfail;
    regex_t fail[VM_MAX_FAIL_ON];
    const char *fail_src[VM_MAX_FAIL_ON];
    char line[WATCH_LINE_MAX];
    size_t len;
    bool line_dirty;        /* bytes arrived since the last match attempt */
    char tail[WATCH_TAIL_LINES][WATCH_LINE_MAX]; /* ring of complete lines */
    unsigned ntail;         /* lines pushed in total */
    watch_result_t result;
    void (*on_match)(void *opaque); /* called once when result is set */
    void *on_match_opaque;
    const char *matched;    /* the --fail-on pattern that matched */
} console_watch_t;

/* Compile the patterns of o (already validated by the option parser).
 * Returns 0, or -1 if a pattern does not compile. */
int console_watch_init(console_watch_t *w, const vm_options_t *o, console_t *console);
void console_watch_destroy(console_watch_t *w);

/* pl011_tx_fn: forward to the console, then scan. opaque = console_watch_t. */
void console_watch_tx(void *opaque, const uint8_t *buf, size_t n);

/* Print the last console lines (complete ones, then the partial one) to f. */
void console_watch_print_tail(const console_watch_t *w, FILE *f);

#endif
