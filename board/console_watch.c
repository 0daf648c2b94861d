/* console_watch.c - pattern matching on the guest console (see header). */
#include "console_watch.h"

#include <string.h>

int console_watch_init(console_watch_t *w, const vm_options_t *o, console_t *console)
{
    memset(w, 0, sizeof(*w));
    w->console = console;
    if (o->expect) {
        if (regcomp(&w->expect, o->expect, REG_EXTENDED | REG_NOSUB) != 0)
            return -1;
        w->has_expect = true;
    }
    for (int i = 0; i < o->nfail_on; i++) {
        if (regcomp(&w->fail[i], o->fail_on[i], REG_EXTENDED | REG_NOSUB) != 0) {
            console_watch_destroy(w);
            return -1;
        }
        w->fail_src[i] = o->fail_on[i];
        w->nfail++;
    }
    return 0;
}

void console_watch_destroy(console_watch_t *w)
{
    if (w->has_expect)
        regfree(&w->expect);
    for (int i = 0; i < w->nfail; i++)
        regfree(&w->fail[i]);
    w->has_expect = false;
    w->nfail = 0;
}

/* Match the current line. A failure pattern wins over --expect when both
 * match the same line: a panic message must never pass a test. */
static void watch_match(console_watch_t *w)
{
    w->line_dirty = false;
    if (w->result != WATCH_NONE)
        return;
    w->line[w->len] = '\0';
    for (int i = 0; i < w->nfail; i++)
        if (regexec(&w->fail[i], w->line, 0, NULL, 0) == 0) {
            w->result = WATCH_FAILED;
            w->matched = w->fail_src[i];
            break;
        }
    if (w->result == WATCH_NONE && w->has_expect && regexec(&w->expect, w->line, 0, NULL, 0) == 0)
        w->result = WATCH_EXPECTED;
    /* Stop the guest now, not at the end of its time slice: "as soon as the
     * console matches" means no further guest output or side effects. */
    if (w->result != WATCH_NONE && w->on_match)
        w->on_match(w->on_match_opaque);
}

void console_watch_tx(void *opaque, const uint8_t *buf, size_t n)
{
    console_watch_t *w = opaque;
    console_write(w->console, buf, n);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = buf[i];
        if (c == '\r')
            continue;
        if (c == '\n') {
            watch_match(w);
            memcpy(w->tail[w->ntail % WATCH_TAIL_LINES], w->line, w->len + 1);
            w->ntail++;
            w->len = 0;
            continue;
        }
        /* NUL would end the string early; very long lines are cut, the part
         * kept is still matched. */
        if (w->len < WATCH_LINE_MAX - 1)
            w->line[w->len++] = c ? (char)c : ' ';
        w->line_dirty = true;
    }
    if (w->line_dirty)
        watch_match(w);
}

void console_watch_print_tail(const console_watch_t *w, FILE *f)
{
    unsigned first = w->ntail > WATCH_TAIL_LINES ? w->ntail - WATCH_TAIL_LINES : 0;
    for (unsigned i = first; i < w->ntail; i++)
        fprintf(f, "  | %s\n", w->tail[i % WATCH_TAIL_LINES]);
    if (w->len)
        fprintf(f, "  | %.*s\n", (int)w->len, w->line);
}
