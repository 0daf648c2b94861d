/* console.c - host side of the serial line: descriptors, the C-a escape
 * layer, and raw mode for a terminal on stdin.
 *
 * Terminal state lives in file-scope variables because signal handlers must
 * reach it; only one console (the stdio one) ever owns the terminal.
 */
#include "console.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct console {
    int in_fd, out_fd;
    bool own_fds;
    bool escapes;
    bool got_escape; /* the previous input byte was C-a */
    bool in_eof;
    bool owns_tty;
    int logs[CONSOLE_MAX_LOGS];
    int nlogs;
    int error;
};

/* ---- terminal raw mode and its restoration ------------------------------ */

static struct termios console_saved_tio;
static struct termios console_raw_tio;
static int console_tty_fd = -1;
static volatile sig_atomic_t console_tty_is_raw;
static bool console_atexit_done;

/* The signals after which the terminal must be restored before dying. */
static const int console_fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
                                             SIGABRT, SIGSEGV, SIGBUS };

/* Async-signal-safe: tcsetattr is on the POSIX list. */
static void console_tty_restore(void)
{
    if (console_tty_is_raw) {
        tcsetattr(console_tty_fd, TCSANOW, &console_saved_tio);
        console_tty_is_raw = 0;
    }
}

static void console_fatal_handler(int sig)
{
    int saved = errno;
    console_tty_restore();
    /* Default action once the handler returns (sig is blocked until then). */
    signal(sig, SIG_DFL);
    raise(sig);
    errno = saved;
}

static void console_tstp_handler(int sig);

/* SIGCONT after a stop: back to raw mode, and ready for the next stop. */
static void console_cont_handler(int sig)
{
    (void)sig;
    int saved = errno;
    if (console_tty_fd >= 0 && !console_tty_is_raw) {
        tcsetattr(console_tty_fd, TCSANOW, &console_raw_tio);
        console_tty_is_raw = 1;
    }
    signal(SIGTSTP, console_tstp_handler);
    errno = saved;
}

/* SIGTSTP (Ctrl-Z when signals are on): leave the shell a sane terminal. */
static void console_tstp_handler(int sig)
{
    int saved = errno;
    console_tty_restore();
    signal(sig, SIG_DFL);
    raise(sig);
    errno = saved;
}

static void console_atexit(void)
{
    console_tty_restore();
}

/* Install handler for sig only where nobody else has claimed it. */
static void console_claim_signal(int sig, void (*handler)(int))
{
    struct sigaction old;
    if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_DFL) {
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = handler;
        sigemptyset(&sa.sa_mask);
        sigaction(sig, &sa, NULL);
    }
}

/* Raw input like QEMU's stdio chardev: no line editing, no echo, no CR/NL
 * translation, 8-bit clean; output processing stays as the user had it (the
 * guest already sends \r\n). With allow_signals the terminal still turns
 * Ctrl-C/Ctrl-\ into signals, else they reach the guest as bytes. */
static void console_tty_enter_raw(int fd, bool allow_signals)
{
    if (console_tty_fd >= 0 || !isatty(fd))
        return;
    /* A background job changing the terminal would be stopped by SIGTTOU. */
    if (tcgetpgrp(fd) != getpgrp())
        return;
    if (tcgetattr(fd, &console_saved_tio) != 0)
        return;
    console_raw_tio = console_saved_tio;
    cfmakeraw(&console_raw_tio);
    console_raw_tio.c_oflag = console_saved_tio.c_oflag;
    if (allow_signals)
        console_raw_tio.c_lflag |= ISIG;
    console_raw_tio.c_cc[VMIN] = 1;
    console_raw_tio.c_cc[VTIME] = 0;

    console_tty_fd = fd;
    if (!console_atexit_done) {
        atexit(console_atexit);
        console_atexit_done = true;
    }
    for (size_t i = 0; i < sizeof(console_fatal_signals) / sizeof(console_fatal_signals[0]); i++)
        console_claim_signal(console_fatal_signals[i], console_fatal_handler);
    console_claim_signal(SIGTSTP, console_tstp_handler);
    console_claim_signal(SIGCONT, console_cont_handler);

    if (tcsetattr(fd, TCSANOW, &console_raw_tio) == 0)
        console_tty_is_raw = 1;
}

static void console_tty_leave_raw(void)
{
    console_tty_restore();
    console_tty_fd = -1;
}

/* ---- creation ---------------------------------------------------------- */

/* A VMM must not die because the reader of its output went away. */
static void console_ignore_sigpipe(void)
{
    struct sigaction old;
    if (sigaction(SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
        signal(SIGPIPE, SIG_IGN);
}

console_t *console_create_fds(int in_fd, int out_fd, unsigned flags)
{
    console_t *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->in_fd = in_fd;
    c->out_fd = out_fd;
    c->own_fds = (flags & CONSOLE_OWN_FDS) != 0;
    c->escapes = (flags & CONSOLE_ESCAPES) != 0;
    c->in_eof = in_fd < 0;
    if (out_fd >= 0)
        console_ignore_sigpipe();
    return c;
}

console_t *console_open(const char *spec)
{
    if (!spec) {
        errno = EINVAL;
        return NULL;
    }
    if (!strcmp(spec, "none") || !strcmp(spec, "null"))
        return console_create_fds(-1, -1, 0);
    if (!strncmp(spec, "file:", 5)) {
        if (!spec[5]) {
            errno = EINVAL;
            return NULL;
        }
        int fd = open(spec + 5, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd < 0)
            return NULL;
        console_t *c = console_create_fds(-1, fd, CONSOLE_OWN_FDS);
        if (!c) {
            int e = errno;
            close(fd);
            errno = e;
        }
        return c;
    }
    bool mon = !strcmp(spec, "mon:stdio");
    if (!mon && strcmp(spec, "stdio")) {
        errno = EINVAL;
        return NULL;
    }
    console_t *c = console_create_fds(STDIN_FILENO, STDOUT_FILENO, mon ? CONSOLE_ESCAPES : 0);
    if (!c)
        return NULL;
    /* As in QEMU: plain stdio keeps Ctrl-C as a signal; mon:stdio hands it
     * to the guest, since C-a x is there to quit. */
    if (console_tty_fd < 0) {
        console_tty_enter_raw(STDIN_FILENO, !mon);
        c->owns_tty = console_tty_fd >= 0;
    }
    return c;
}

void console_close(console_t *c)
{
    if (!c)
        return;
    if (c->owns_tty)
        console_tty_leave_raw();
    if (c->own_fds) {
        if (c->in_fd >= 0)
            close(c->in_fd);
        if (c->out_fd >= 0 && c->out_fd != c->in_fd)
            close(c->out_fd);
    }
    for (int i = 0; i < c->nlogs; i++)
        if (c->logs[i] >= 0)
            close(c->logs[i]);
    free(c);
}

int console_add_log(console_t *c, int fd)
{
    if (c->nlogs == CONSOLE_MAX_LOGS) {
        errno = EMFILE;
        return -1;
    }
    c->logs[c->nlogs++] = fd;
    return 0;
}

int console_error(const console_t *c)
{
    return c->error;
}

/* ---- output -------------------------------------------------------------- */

/* Write all of buf to fd. Returns 0 or an errno value. */
static int console_write_all(int fd, const uint8_t *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w > 0) {
            buf += w;
            n -= (size_t)w;
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* Someone made the descriptor non-blocking: wait until it drains. */
            struct pollfd p = { .fd = fd, .events = POLLOUT };
            if (poll(&p, 1, -1) < 0 && errno != EINTR)
                return errno;
        } else {
            return w < 0 ? errno : EIO;
        }
    }
    return 0;
}

/* Output to a descriptor that is dropped (set to -1) on its first error. */
static void console_out(console_t *c, int *fd, const uint8_t *buf, size_t n)
{
    if (*fd < 0)
        return;
    int err = console_write_all(*fd, buf, n);
    if (err) {
        if (!c->error)
            c->error = err;
        if (fd != &c->out_fd || c->own_fds)
            close(*fd);
        *fd = -1;
    }
}

void console_write(console_t *c, const uint8_t *buf, size_t n)
{
    if (n == 0)
        return;
    console_out(c, &c->out_fd, buf, n);
    for (int i = 0; i < c->nlogs; i++)
        console_out(c, &c->logs[i], buf, n);
}

void console_tx(void *opaque, const uint8_t *buf, size_t n)
{
    console_write(opaque, buf, n);
}

/* Messages of the escape layer go to the user's screen only, not the logs,
 * which hold the guest's output. \r\n because the terminal may be raw. */
static void console_message(console_t *c, const char *msg)
{
    console_out(c, &c->out_fd, (const uint8_t *)msg, strlen(msg));
}

/* ---- input ----------------------------------------------------------------- */

int console_fd(const console_t *c)
{
    return c->in_eof ? -1 : c->in_fd;
}

static const char console_help[] =
    "\r\n"
    "C-a h    print this help\r\n"
    "C-a x    exit tinyvm\r\n"
    "C-a c    switch to the monitor (tinyvm has none)\r\n"
    "C-a C-a  send C-a to the guest\r\n";

/* One input byte through the escape layer (QEMU's mux rules). Returns true
 * when the byte goes to the guest. */
static bool console_escape(console_t *c, uint8_t ch, console_event_t *ev)
{
    if (!c->escapes)
        return true;
    if (!c->got_escape) {
        if (ch == CONSOLE_ESCAPE_CHAR) {
            c->got_escape = true;
            return false;
        }
        return true;
    }
    c->got_escape = false;
    switch (ch) {
    case CONSOLE_ESCAPE_CHAR:
        return true;
    case 'x':
        console_message(c, "\r\ntinyvm: terminated\r\n");
        *ev = CONSOLE_EV_QUIT;
        return false;
    case 'h':
    case '?':
        console_message(c, console_help);
        return false;
    case 'c':
        console_message(c, "\r\ntinyvm: no monitor, C-a c ignored\r\n");
        return false;
    default:
        return false; /* unknown escapes are swallowed */
    }
}

size_t console_read(console_t *c, uint8_t *buf, size_t max, console_event_t *ev)
{
    *ev = CONSOLE_EV_NONE;
    if (c->in_eof || max == 0)
        return 0;
    /* Never block, even if called without a poll first. */
    struct pollfd p = { .fd = c->in_fd, .events = POLLIN };
    if (poll(&p, 1, 0) <= 0)
        return 0;

    uint8_t raw[256];
    ssize_t n = read(c->in_fd, raw, max < sizeof(raw) ? max : sizeof(raw));
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
    if (n <= 0) {
        /* EOF (or a dead descriptor): stop offering it for polling. The guest
         * keeps running; only C-a x or the guest itself ends the machine. */
        c->in_eof = true;
        return 0;
    }
    size_t out = 0;
    for (ssize_t i = 0; i < n; i++) {
        if (console_escape(c, raw[i], ev))
            buf[out++] = raw[i];
        if (*ev == CONSOLE_EV_QUIT)
            break;
    }
    return out;
}
