/* gdb_server.c - TCP transport and stop/resume control of the GDB stub
 * (see gdb_server.h). The listener and the connection are non-blocking;
 * replies are written completely before anything else happens (GDB reads
 * them promptly, and a reply is at most a few KiB). */
#include "gdb_server.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "debug/gdb_packet.h"
#include "debug/gdbstub.h"

struct gdb_server {
    int listen_fd;
    int fd;               /* the GDB connection, or -1 */
    bool stopped;         /* the machine is held for GDB */
    bool report;          /* send the stop reply when serving starts */
    bool killed;
    gdb_rx_t rx;
    gdb_stub_t stub;
    size_t last_len;      /* the last frame sent, for a '-' (resend) */
    char last[2 * GDB_PACKET_MAX + 8];
};

/* ---- the spec ---- */

/* Split "tcp:HOST:PORT" (HOST may be empty or [v6addr]). */
static bool spec_split(const char *spec, char *host, size_t hostlen, int *port, char *err,
                       size_t errlen)
{
    if (strncmp(spec, "tcp:", 4) != 0) {
        snprintf(err, errlen, "'%s' is not supported (use tcp::PORT or tcp:HOST:PORT)", spec);
        return false;
    }
    const char *h = spec + 4;
    const char *colon = strrchr(h, ':');
    if (!colon) {
        snprintf(err, errlen, "'%s': no port (use tcp::PORT or tcp:HOST:PORT)", spec);
        return false;
    }
    size_t n = (size_t)(colon - h);
    if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
        h++;
        n -= 2;
    }
    if (n >= hostlen) {
        snprintf(err, errlen, "'%s': host name too long", spec);
        return false;
    }
    memcpy(host, h, n);
    host[n] = '\0';
    const char *p = colon + 1;
    char *e;
    errno = 0;
    long v = strtol(p, &e, 10);
    if (!*p || *e || errno || v < 1 || v > 65535 || *p == '+' || *p == '-' || *p == ' ') {
        snprintf(err, errlen, "'%s': port must be a number 1..65535", spec);
        return false;
    }
    *port = (int)v;
    return true;
}

bool gdb_spec_valid(const char *spec, char *err, size_t errlen)
{
    char host[256];
    int port;
    return spec_split(spec, host, sizeof(host), &port, err, errlen);
}

gdb_server_t *gdb_server_open(const char *spec, bool wait, char *err, size_t errlen)
{
    char host[256], portstr[8];
    int port;
    if (!spec_split(spec, host, sizeof(host), &port, err, errlen))
        return NULL;
    snprintf(portstr, sizeof(portstr), "%d", port);
    /* Loopback unless the user names an address: a debugger can read and
     * write all guest memory, it should not be reachable by accident. */
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
    struct addrinfo *res;
    int rc = getaddrinfo(host[0] ? host : "127.0.0.1", portstr, &hints, &res);
    if (rc != 0) {
        snprintf(err, errlen, "'%s': %s", spec, gai_strerror(rc));
        return NULL;
    }
    int fd = -1, saved = 0;
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 1) == 0)
            break;
        saved = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", host[0] ? host : "127.0.0.1", port,
                 strerror(saved));
        return NULL;
    }
    gdb_server_t *g = calloc(1, sizeof(*g));
    if (!g) {
        close(fd);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    g->listen_fd = fd;
    g->fd = -1;
    g->stopped = wait;
    gdb_rx_init(&g->rx);
    gdb_stub_init(&g->stub);
    return g;
}

void gdb_server_close(gdb_server_t *g)
{
    if (!g)
        return;
    if (g->fd >= 0)
        close(g->fd);
    close(g->listen_fd);
    free(g);
}

void gdb_server_attach(gdb_server_t *g, cpu_t **cpus, int ncpus)
{
    gdb_stub_attach(&g->stub, cpus, ncpus);
}

int gdb_server_poll_fd(const gdb_server_t *g)
{
    return g->fd >= 0 ? g->fd : g->listen_fd;
}

/* ---- the connection ---- */

static void disconnect(gdb_server_t *g)
{
    if (g->fd >= 0)
        close(g->fd);
    g->fd = -1;
    /* Its breakpoints go with it, and the guest runs on (as in QEMU). */
    gdb_stub_forget(&g->stub);
    g->stub.no_ack = false;
    g->stopped = false;
    g->report = false;
    gdb_rx_init(&g->rx);
}

/* Write all of buf, waiting for the socket when it is full. */
static bool send_all(gdb_server_t *g, const char *buf, size_t len)
{
    while (len > 0 && g->fd >= 0) {
        ssize_t n = send(g->fd, buf, len, MSG_NOSIGNAL);
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            struct pollfd p = { .fd = g->fd, .events = POLLOUT };
            if (poll(&p, 1, 10000) <= 0) /* GDB stopped reading: give up on it */
                return false;
        } else {
            return false;
        }
    }
    return g->fd >= 0;
}

static void send_packet(gdb_server_t *g, const uint8_t *payload, size_t len)
{
    size_t n = gdb_frame(payload, len, g->last, sizeof(g->last));
    g->last_len = n;
    if (n && !send_all(g, g->last, n))
        disconnect(g);
}

static void send_str(gdb_server_t *g, const char *s)
{
    send_packet(g, (const uint8_t *)s, strlen(s));
}

static void accept_connection(gdb_server_t *g)
{
    int fd = accept4(g->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0)
        return;
    if (g->fd >= 0) { /* one debugger at a time */
        close(fd);
        return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    g->fd = fd;
    gdb_rx_init(&g->rx);
    g->stub.no_ack = false;
    /* A debugger that attaches finds the machine stopped (GDB asks '?'
     * first and expects a stopped target). */
    g->stopped = true;
    snprintf(g->stub.stop_reply, sizeof(g->stub.stop_reply), "T05thread:%02x;",
             g->stub.ncpus ? cpu_index(g->stub.cpus[0]) + 1 : 1);
    g->report = false; /* GDB asks with '?' */
}

/* Act on one complete packet. */
static void handle_packet(gdb_server_t *g)
{
    gdb_action_t act = gdb_stub_command(&g->stub, g->rx.buf, g->rx.len);
    if (g->stub.has_reply)
        send_packet(g, g->stub.reply, g->stub.reply_len);
    switch (act) {
    case GDB_ACT_CONTINUE:
    case GDB_ACT_STEP:
        g->stopped = false;
        break;
    case GDB_ACT_DETACH:
        disconnect(g);
        break;
    case GDB_ACT_KILL:
        g->killed = true;
        g->stopped = true;
        break;
    default:
        break;
    }
}

/* Read what GDB sent and act on it. */
static void read_input(gdb_server_t *g)
{
    uint8_t buf[4096];
    for (;;) {
        if (g->fd < 0 || g->killed)
            return;
        ssize_t n = recv(g->fd, buf, sizeof(buf), 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            disconnect(g);
            return;
        }
        if (n < 0)
            return;
        for (ssize_t i = 0; i < n && g->fd >= 0 && !g->killed; i++) {
            switch (gdb_rx_feed(&g->rx, buf[i])) {
            case GDB_RX_PACKET: {
                bool ack = !g->stub.no_ack;
                if (ack && !send_all(g, "+", 1)) {
                    disconnect(g);
                    return;
                }
                handle_packet(g);
                break;
            }
            case GDB_RX_BAD:
                if (!g->stub.no_ack && !send_all(g, "-", 1))
                    disconnect(g);
                break;
            case GDB_RX_NAK:
                if (g->last_len && !send_all(g, g->last, g->last_len))
                    disconnect(g);
                break;
            case GDB_RX_INTERRUPT:
                if (!g->stopped) {
                    /* Ctrl-C: stop before the next time slice with SIGINT. */
                    g->stopped = true;
                    g->report = true;
                    if (g->stub.ncpus)
                        gdb_stub_set_stop(&g->stub, g->stub.cpus[0], 2, false);
                }
                break;
            default:
                break;
            }
        }
    }
}

void gdb_server_poll_done(gdb_server_t *g, short revents)
{
    if (!(revents & (POLLIN | POLLHUP | POLLERR)))
        return;
    if (g->fd >= 0)
        read_input(g);
    else
        accept_connection(g);
}

gdb_sync_t gdb_server_sync(gdb_server_t *g, cpu_t *cpu, cpu_exit_t why)
{
    if (why == CPU_EXIT_DEBUG && g->fd >= 0) {
        gdb_stub_set_stop(&g->stub, cpu, 5, true);
        g->stopped = true;
        g->report = true;
    } else if (why == CPU_EXIT_DEBUG) {
        /* No debugger (it left while a step was under way): run on. */
        gdb_stub_forget(&g->stub);
    }
    while (g->stopped && !g->killed) {
        if (g->report && g->fd >= 0) {
            g->report = false;
            send_str(g, g->stub.stop_reply);
            continue;
        }
        struct pollfd p = { .fd = gdb_server_poll_fd(g), .events = POLLIN };
        int n = poll(&p, 1, -1);
        if (n < 0 && errno != EINTR)
            break;
        if (n > 0)
            gdb_server_poll_done(g, p.revents);
        /* A disconnect while -S still holds the guest keeps waiting only
         * when no debugger ever resumed it: disconnect() resumes. */
    }
    return g->killed ? GDB_SYNC_KILL : GDB_SYNC_RUN;
}
