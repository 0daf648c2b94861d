/* test_console_watch.c - --expect / --fail-on matching and the timeout tail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "board/console_watch.h"
#include "board/options.h"

static void feed(console_watch_t *w, const char *s)
{
    console_watch_tx(w, (const uint8_t *)s, strlen(s));
}

static console_t *null_console(void)
{
    return console_create_fds(-1, -1, 0);
}

static void test_expect_split_across_chunks(void **state)
{
    (void)state;
    vm_options_t o;
    options_defaults(&o);
    o.expect = "login: $";
    console_t *c = null_console();
    console_watch_t w;
    assert_int_equal(console_watch_init(&w, &o, c), 0);
    feed(&w, "Debian GNU/Linux 12 tinyvm ttyAMA0\r\n\r\ntinyvm log");
    assert_int_equal(w.result, WATCH_NONE);
    feed(&w, "in: ");            /* a prompt: no newline follows */
    assert_int_equal(w.result, WATCH_EXPECTED);
    console_watch_destroy(&w);
    console_close(c);
}

static void test_fail_on_wins_and_names_pattern(void **state)
{
    (void)state;
    vm_options_t o;
    options_defaults(&o);
    o.expect = "Kernel";
    o.fail_on[o.nfail_on++] = "Oops";
    o.fail_on[o.nfail_on++] = "Kernel panic";
    console_t *c = null_console();
    console_watch_t w;
    assert_int_equal(console_watch_init(&w, &o, c), 0);
    feed(&w, "[ 1.0] Kernel pan");
    /* "Kernel" alone already matches --expect on the partial line. */
    assert_int_equal(w.result, WATCH_EXPECTED);
    console_watch_destroy(&w);

    o.expect = "never";
    assert_int_equal(console_watch_init(&w, &o, c), 0);
    feed(&w, "[ 1.0] Kernel pan");
    assert_int_equal(w.result, WATCH_NONE);
    feed(&w, "ic - not syncing: VFS\n");
    assert_int_equal(w.result, WATCH_FAILED);
    assert_string_equal(w.matched, "Kernel panic");
    console_watch_destroy(&w);
    console_close(c);
}

static void test_tail_keeps_last_lines(void **state)
{
    (void)state;
    vm_options_t o;
    options_defaults(&o);
    console_t *c = null_console();
    console_watch_t w;
    assert_int_equal(console_watch_init(&w, &o, c), 0);
    char buf[64];
    for (int i = 0; i < 30; i++) {
        snprintf(buf, sizeof(buf), "line %d\r\n", i);
        feed(&w, buf);
    }
    feed(&w, "partial");
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    console_watch_print_tail(&w, f);
    fclose(f);
    assert_null(strstr(out, "line 9\n"));
    assert_non_null(strstr(out, "  | line 10\n"));
    assert_non_null(strstr(out, "  | line 29\n"));
    assert_non_null(strstr(out, "  | partial\n"));
    assert_null(strchr(out, '\r'));
    free(out);
    console_watch_destroy(&w);
    console_close(c);
}

static void test_output_still_reaches_console(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    console_t *c = console_create_fds(-1, p[1], 0);
    vm_options_t o;
    options_defaults(&o);
    console_watch_t w;
    assert_int_equal(console_watch_init(&w, &o, c), 0);
    feed(&w, "hello\r\n");
    char buf[16] = { 0 };
    assert_int_equal(read(p[0], buf, sizeof(buf)), 7);
    assert_string_equal(buf, "hello\r\n");
    console_watch_destroy(&w);
    console_close(c);
    close(p[0]);
    close(p[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expect_split_across_chunks),
        cmocka_unit_test(test_fail_on_wins_and_names_pattern),
        cmocka_unit_test(test_tail_keeps_last_lines),
        cmocka_unit_test(test_output_still_reaches_console),
    };
    return cmocka_run_group_tests_name("console_watch", tests, NULL, NULL);
}
