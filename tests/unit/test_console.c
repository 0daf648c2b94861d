/* test_console.c - serial backend: escapes, EOF, outputs, logs, file backend.
 * Uses pipes and temp files only; never needs a terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "devices/console.h"

typedef struct {
    int in[2];  /* test writes in[1], console reads in[0] */
    int out[2]; /* console writes out[1], test reads out[0] */
    console_t *c;
} fixture_t;

static int setup_common(void **state, unsigned flags)
{
    fixture_t *f = calloc(1, sizeof(*f));
    assert_int_equal(pipe(f->in), 0);
    assert_int_equal(pipe(f->out), 0);
    fcntl(f->out[0], F_SETFL, O_NONBLOCK);
    f->c = console_create_fds(f->in[0], f->out[1], flags | CONSOLE_OWN_FDS);
    assert_non_null(f->c);
    *state = f;
    return 0;
}

static int setup_escapes(void **state)
{
    return setup_common(state, CONSOLE_ESCAPES);
}

static int setup_plain(void **state)
{
    return setup_common(state, 0);
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    console_close(f->c); /* closes in[0] and out[1] */
    if (f->in[1] >= 0)
        close(f->in[1]);
    close(f->out[0]);
    free(f);
    return 0;
}

static void feed(fixture_t *f, const char *s, size_t n)
{
    assert_int_equal(write(f->in[1], s, n), (ssize_t)n);
}

/* Everything the console wrote so far, NUL-terminated. */
static const char *drain_out(fixture_t *f)
{
    static char buf[4096];
    ssize_t n = read(f->out[0], buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = 0;
    return buf;
}

static size_t rd(fixture_t *f, uint8_t *buf, size_t max, console_event_t *ev)
{
    return console_read(f->c, buf, max, ev);
}

static void test_plain_passthrough(void **state)
{
    fixture_t *f = *state;
    uint8_t buf[64];
    console_event_t ev;
    feed(f, "a\x01x\x03z", 5);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 5);
    assert_int_equal(ev, CONSOLE_EV_NONE);
    assert_memory_equal(buf, "a\x01x\x03z", 5);
    assert_string_equal(drain_out(f), "");
}

static void test_nothing_to_read_does_not_block(void **state)
{
    fixture_t *f = *state;
    uint8_t buf[8];
    console_event_t ev = CONSOLE_EV_QUIT;
    assert_int_equal(console_fd(f->c), f->in[0]);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 0);
    assert_int_equal(ev, CONSOLE_EV_NONE);
    assert_int_equal(console_fd(f->c), f->in[0]); /* still polled */
}

static void test_read_respects_max(void **state)
{
    fixture_t *f = *state;
    uint8_t buf[16];
    console_event_t ev;
    feed(f, "0123456789", 10);
    assert_int_equal(rd(f, buf, 4, &ev), 4);
    assert_memory_equal(buf, "0123", 4);
    assert_int_equal(rd(f, buf, 0, &ev), 0);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 6);
    assert_memory_equal(buf, "456789", 6);
}

static void test_quit_escape(void **state)
{
    fixture_t *f = *state;
    uint8_t buf[64];
    console_event_t ev;
    feed(f, "ab\x01xcd", 6);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 2);
    assert_memory_equal(buf, "ab", 2);
    assert_int_equal(ev, CONSOLE_EV_QUIT);
    assert_non_null(strstr(drain_out(f), "terminated"));
}

static void test_escape_split_across_reads(void **state)
{
    fixture_t *f = *state;
    uint8_t buf[64];
    console_event_t ev;
    feed(f, "a\x01", 2);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 1);
    assert_int_equal(buf[0], 'a');
    assert_int_equal(ev, CONSOLE_EV_NONE);
    feed(f, "x", 1);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 0);
    assert_int_equal(ev, CONSOLE_EV_QUIT);
}

static void test_ctrl_a_ctrl_a(void **state)
{
    fixture_t *f = *state;
    uint8_t buf[64];
    console_event_t ev;
    feed(f, "\x01\x01q", 3);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 2);
    assert_memory_equal(buf, "\x01q", 2);
    /* Split, and C-a C-a C-a x: one C-a to the guest, then quit. */
    feed(f, "\x01", 1);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 0);
    feed(f, "\x01", 1);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 1);
    assert_int_equal(buf[0], 0x01);
    assert_int_equal(ev, CONSOLE_EV_NONE);
    feed(f, "\x01\x01\x01x", 4);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 1);
    assert_int_equal(buf[0], 0x01);
    assert_int_equal(ev, CONSOLE_EV_QUIT);
}

static void test_help_monitor_and_unknown(void **state)
{
    fixture_t *f = *state;
    uint8_t buf[64];
    console_event_t ev;
    feed(f, "\x01h", 2);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 0);
    const char *out = drain_out(f);
    assert_non_null(strstr(out, "C-a x"));
    assert_non_null(strstr(out, "C-a h"));
    feed(f, "\x01?", 2);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 0);
    assert_non_null(strstr(drain_out(f), "C-a x"));
    feed(f, "\x01" "c", 2);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 0);
    assert_int_equal(ev, CONSOLE_EV_NONE);
    assert_non_null(strstr(drain_out(f), "no monitor"));
    /* Unknown escapes are swallowed, as in QEMU. */
    feed(f, "\x01zk", 3);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 1);
    assert_int_equal(buf[0], 'k');
    assert_string_equal(drain_out(f), "");
}

static void test_eof_stops_polling(void **state)
{
    fixture_t *f = *state;
    uint8_t buf[64];
    console_event_t ev;
    feed(f, "bye", 3);
    close(f->in[1]);
    f->in[1] = -1;
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 3);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 0);
    assert_int_equal(ev, CONSOLE_EV_NONE); /* EOF is not a quit */
    assert_int_equal(console_fd(f->c), -1);
    assert_int_equal(rd(f, buf, sizeof(buf), &ev), 0);
    /* Output still works. */
    console_write(f->c, (const uint8_t *)"ok", 2);
    assert_string_equal(drain_out(f), "ok");
}

static void test_output_and_log(void **state)
{
    fixture_t *f = *state;
    char path[] = "/tmp/tinyvm-console-log-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(console_add_log(f->c, fd), 0);
    console_write(f->c, (const uint8_t *)"hello\r\n", 7);
    console_tx(f->c, (const uint8_t *)"x", 1);
    console_write(f->c, NULL, 0);
    assert_string_equal(drain_out(f), "hello\r\nx");
    /* Escape-layer messages are for the user, not the guest log. */
    feed(f, "\x01h", 2);
    uint8_t buf[8];
    console_event_t ev;
    rd(f, buf, sizeof(buf), &ev);
    assert_non_null(strstr(drain_out(f), "C-a"));
    char logbuf[64] = { 0 };
    int lfd = open(path, O_RDONLY);
    assert_true(lfd >= 0);
    assert_int_equal(read(lfd, logbuf, sizeof(logbuf) - 1), 8);
    assert_string_equal(logbuf, "hello\r\nx");
    close(lfd);
    unlink(path);
    assert_int_equal(console_error(f->c), 0);
    /* The log table is bounded. */
    for (int i = 1; i < CONSOLE_MAX_LOGS; i++)
        assert_int_equal(console_add_log(f->c, open("/dev/null", O_WRONLY)), 0);
    int extra = open("/dev/null", O_WRONLY);
    assert_int_equal(console_add_log(f->c, extra), -1);
    assert_int_equal(errno, EMFILE);
    close(extra);
}

static void test_broken_pipe_is_not_fatal(void **state)
{
    (void)state;
    int p[2], l[2];
    assert_int_equal(pipe(p), 0);
    assert_int_equal(pipe(l), 0);
    console_t *c = console_create_fds(-1, p[1], CONSOLE_OWN_FDS);
    assert_non_null(c);
    assert_int_equal(console_fd(c), -1);
    assert_int_equal(console_add_log(c, l[1]), 0);
    close(p[0]); /* nobody reads the output any more */
    console_write(c, (const uint8_t *)"lost", 4);
    assert_int_equal(console_error(c), EPIPE);
    console_write(c, (const uint8_t *)"!", 1);
    char buf[16] = { 0 };
    assert_int_equal(read(l[0], buf, sizeof(buf) - 1), 5); /* the log still gets it */
    assert_string_equal(buf, "lost!");
    console_close(c);
    close(l[0]);
}

/* Output larger than the pipe, to a non-blocking descriptor, with a slow
 * reader: every byte must arrive in order (EAGAIN and short writes). */
static void test_large_output_nonblocking(void **state)
{
    (void)state;
    enum { N = 300000 };
    int p[2], r[2];
    assert_int_equal(pipe(p), 0);
    assert_int_equal(pipe(r), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[1]);
        unsigned long sum = 0, count = 0;
        uint8_t buf[1000];
        ssize_t n;
        while ((n = read(p[0], buf, sizeof(buf))) > 0) {
            for (ssize_t i = 0; i < n; i++, count++)
                sum += buf[i] == (uint8_t)(count * 7) ? 0 : 1;
            usleep(100);
        }
        unsigned long res[2] = { count, sum };
        if (write(r[1], res, sizeof(res)) != sizeof(res))
            _exit(2);
        _exit(0);
    }
    close(p[0]);
    close(r[1]);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    console_t *c = console_create_fds(-1, p[1], CONSOLE_OWN_FDS);
    uint8_t *data = malloc(N);
    for (size_t i = 0; i < N; i++)
        data[i] = (uint8_t)(i * 7);
    console_write(c, data, N);
    assert_int_equal(console_error(c), 0);
    console_close(c);
    unsigned long res[2];
    assert_int_equal(read(r[0], res, sizeof(res)), sizeof(res));
    assert_int_equal(res[0], N);
    assert_int_equal(res[1], 0);
    int status;
    waitpid(pid, &status, 0);
    close(r[0]);
    free(data);
}

static void test_open_specs(void **state)
{
    (void)state;
    char path[] = "/tmp/tinyvm-console-file-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "old contents", 12), 12);
    close(fd);

    char spec[64];
    snprintf(spec, sizeof(spec), "file:%s", path);
    console_t *c = console_open(spec);
    assert_non_null(c);
    assert_int_equal(console_fd(c), -1);
    console_write(c, (const uint8_t *)"new", 3);
    console_close(c);
    char buf[32] = { 0 };
    fd = open(path, O_RDONLY);
    assert_int_equal(read(fd, buf, sizeof(buf) - 1), 3); /* truncated */
    assert_string_equal(buf, "new");
    close(fd);
    unlink(path);

    errno = 0;
    assert_null(console_open("file:/nonexistent-dir/x/y"));
    assert_int_equal(errno, ENOENT);
    errno = 0;
    assert_null(console_open("file:"));
    assert_int_equal(errno, EINVAL);
    errno = 0;
    assert_null(console_open("bogus"));
    assert_int_equal(errno, EINVAL);
    assert_null(console_open(NULL));

    c = console_open("none");
    assert_non_null(c);
    assert_int_equal(console_fd(c), -1);
    console_write(c, (const uint8_t *)"void", 4);
    uint8_t b[4];
    console_event_t ev;
    assert_int_equal(console_read(c, b, sizeof(b), &ev), 0);
    console_close(c);
    console_close(NULL);
}

/* stdio with stdin redirected from /dev/null (as in CI): no raw mode, EOF at
 * once stops polling and is not a quit. */
static void test_stdio_without_tty(void **state)
{
    (void)state;
    int saved = dup(STDIN_FILENO);
    int devnull = open("/dev/null", O_RDONLY);
    assert_true(saved >= 0 && devnull >= 0);
    dup2(devnull, STDIN_FILENO);
    close(devnull);

    console_t *c = console_open("mon:stdio");
    assert_non_null(c);
    assert_int_equal(console_fd(c), STDIN_FILENO);
    uint8_t b[4];
    console_event_t ev;
    assert_int_equal(console_read(c, b, sizeof(b), &ev), 0);
    assert_int_equal(ev, CONSOLE_EV_NONE);
    assert_int_equal(console_fd(c), -1);
    console_close(c);

    c = console_open("stdio");
    assert_non_null(c);
    console_close(c);

    dup2(saved, STDIN_FILENO);
    close(saved);
    /* stdin/stdout are not owned: still open. */
    assert_true(fcntl(STDIN_FILENO, F_GETFD) >= 0);
    assert_true(fcntl(STDOUT_FILENO, F_GETFD) >= 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plain_passthrough, setup_plain, teardown),
        cmocka_unit_test_setup_teardown(test_nothing_to_read_does_not_block, setup_escapes, teardown),
        cmocka_unit_test_setup_teardown(test_read_respects_max, setup_escapes, teardown),
        cmocka_unit_test_setup_teardown(test_quit_escape, setup_escapes, teardown),
        cmocka_unit_test_setup_teardown(test_escape_split_across_reads, setup_escapes, teardown),
        cmocka_unit_test_setup_teardown(test_ctrl_a_ctrl_a, setup_escapes, teardown),
        cmocka_unit_test_setup_teardown(test_help_monitor_and_unknown, setup_escapes, teardown),
        cmocka_unit_test_setup_teardown(test_eof_stops_polling, setup_escapes, teardown),
        cmocka_unit_test_setup_teardown(test_output_and_log, setup_escapes, teardown),
        cmocka_unit_test(test_broken_pipe_is_not_fatal),
        cmocka_unit_test(test_large_output_nonblocking),
        cmocka_unit_test(test_open_specs),
        cmocka_unit_test(test_stdio_without_tty),
    };
    return cmocka_run_group_tests_name("console", tests, NULL, NULL);
}
