/* net_slirp.c - the libslirp backend. See net_slirp.h. */
#include "net_slirp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <slirp/libslirp.h> /* pkg-config slirp: only the library is needed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One slirp timer. libslirp >= 4.7 names timers by id (timer_new_opaque
 * and slirp_handle_timer); older versions pass a callback. Either way the
 * main loop, not a thread, fires them. */
typedef struct sl_timer {
    struct sl_timer *next;
    SlirpTimerCb cb;       /* older API, or NULL */
    SlirpTimerId id;       /* newer API */
    void *cb_opaque;
    int64_t expire_ms;     /* -1: not armed */
} sl_timer_t;

typedef struct net_slirp {
    net_backend_t nb; /* first: a net_backend_t * is a net_slirp_t * */
    Slirp *slirp;
    sl_timer_t *timers;
    pollset_t *ps;    /* between poll_fill and poll_done */
    bool filled;
} net_slirp_t;

static int64_t clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- callbacks from libslirp ----------------------------------------------------- */

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
    net_slirp_t *s = opaque;
    net_deliver(&s->nb, buf, len);
    return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
    /* A malformed packet from the guest; slirp drops it. Not worth a line
     * on the user's terminal. */
    (void)msg;
    (void)opaque;
}

static int64_t cb_clock_get_ns(void *opaque)
{
    (void)opaque;
    return clock_ns();
}

static sl_timer_t *timer_add(net_slirp_t *s)
{
    sl_timer_t *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->expire_ms = -1;
    t->next = s->timers;
    s->timers = t;
    return t;
}

static void *cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
    sl_timer_t *t = timer_add(opaque);
    if (t) {
        t->cb = cb;
        t->cb_opaque = cb_opaque;
    }
    return t;
}

static void *cb_timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
    sl_timer_t *t = timer_add(opaque);
    if (t) {
        t->id = id;
        t->cb_opaque = cb_opaque;
    }
    return t;
}

static void cb_timer_free(void *timer, void *opaque)
{
    net_slirp_t *s = opaque;
    for (sl_timer_t **p = &s->timers; *p; p = &(*p)->next) {
        if (*p == timer) {
            *p = ((sl_timer_t *)timer)->next;
            free(timer);
            return;
        }
    }
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    (void)opaque;
    ((sl_timer_t *)timer)->expire_ms = expire_ms;
}

static void cb_register_poll_fd(int fd, void *opaque) { (void)fd; (void)opaque; }
static void cb_unregister_poll_fd(int fd, void *opaque) { (void)fd; (void)opaque; }
static void cb_notify(void *opaque) { (void)opaque; } /* one thread: nothing to wake */

static const SlirpCb slirp_callbacks = {
    .send_packet = cb_send_packet,
    .guest_error = cb_guest_error,
    .clock_get_ns = cb_clock_get_ns,
    .timer_new = cb_timer_new,
    .timer_free = cb_timer_free,
    .timer_mod = cb_timer_mod,
    .register_poll_fd = cb_register_poll_fd,
    .unregister_poll_fd = cb_unregister_poll_fd,
    .notify = cb_notify,
    .timer_new_opaque = cb_timer_new_opaque,
};

/* ---- the main loop's side ---------------------------------------------------------- */

static int cb_add_poll(int fd, int events, void *opaque)
{
    net_slirp_t *s = opaque;
    short ev = 0;
    if (events & SLIRP_POLL_IN)
        ev |= POLLIN;
    if (events & SLIRP_POLL_OUT)
        ev |= POLLOUT;
    if (events & SLIRP_POLL_PRI)
        ev |= POLLPRI;
    return pollset_add(s->ps, fd, ev);
}

static int cb_get_revents(int idx, void *opaque)
{
    net_slirp_t *s = opaque;
    if (idx < 0 || (unsigned)idx >= s->ps->n)
        return 0;
    short r = s->ps->fds[idx].revents;
    int ev = 0;
    if (r & POLLIN)
        ev |= SLIRP_POLL_IN;
    if (r & POLLOUT)
        ev |= SLIRP_POLL_OUT;
    if (r & POLLPRI)
        ev |= SLIRP_POLL_PRI;
    if (r & POLLERR)
        ev |= SLIRP_POLL_ERR;
    if (r & POLLHUP)
        ev |= SLIRP_POLL_HUP;
    return ev;
}

static void timers_lower(net_slirp_t *s, int *timeout_ms)
{
    int64_t now = clock_ns() / 1000000;
    for (sl_timer_t *t = s->timers; t; t = t->next)
        if (t->expire_ms >= 0)
            pollset_lower_timeout(timeout_ms, t->expire_ms > now ? t->expire_ms - now : 0);
}

static void timers_run(net_slirp_t *s)
{
    int64_t now = clock_ns() / 1000000;
    /* Firing a timer may add, re-arm or free timers: rescan after each. */
    for (bool fired = true; fired;) {
        fired = false;
        for (sl_timer_t *t = s->timers; t; t = t->next) {
            if (t->expire_ms < 0 || t->expire_ms > now)
                continue;
            t->expire_ms = -1;
            if (t->cb)
                t->cb(t->cb_opaque);
            else
                slirp_handle_timer(s->slirp, t->id, t->cb_opaque);
            fired = true;
            break;
        }
    }
}

static void sl_poll_fill(net_backend_t *nb, pollset_t *ps, int *timeout_ms)
{
    net_slirp_t *s = (net_slirp_t *)nb;
    s->filled = false;
    timers_lower(s, timeout_ms);
    /* While the guest is not taking packets, leave data in the host's
     * socket buffers (net.h): do not watch slirp's sockets at all. */
    if (net_throttled(nb))
        return;
    uint32_t t = *timeout_ms < 0 ? UINT32_MAX : (uint32_t)*timeout_ms;
    s->ps = ps;
    slirp_pollfds_fill(s->slirp, &t, cb_add_poll, s);
    s->filled = true;
    if (t != UINT32_MAX)
        pollset_lower_timeout(timeout_ms, t);
}

static void sl_poll_done(net_backend_t *nb, pollset_t *ps, bool error)
{
    net_slirp_t *s = (net_slirp_t *)nb;
    if (s->filled) {
        s->ps = ps;
        slirp_pollfds_poll(s->slirp, error, cb_get_revents, s);
        s->filled = false;
    }
    timers_run(s);
}

static void sl_send(net_backend_t *nb, const uint8_t *frame, size_t len)
{
    net_slirp_t *s = (net_slirp_t *)nb;
    if (len <= NET_MAX_FRAME)
        slirp_input(s->slirp, frame, (int)len);
}

static void sl_destroy(net_backend_t *nb)
{
    net_slirp_t *s = (net_slirp_t *)nb;
    if (s->slirp)
        slirp_cleanup(s->slirp);
    while (s->timers) {
        sl_timer_t *t = s->timers;
        s->timers = t->next;
        free(t);
    }
    free(s);
}

static const net_backend_ops_t slirp_ops = {
    .send = sl_send,
    .poll_fill = sl_poll_fill,
    .poll_done = sl_poll_done,
    .destroy = sl_destroy,
};

static struct in_addr in4(uint32_t host_order)
{
    struct in_addr a;
    a.s_addr = htonl(host_order);
    return a;
}

net_backend_t *net_slirp_create(const net_slirp_config_t *cfg, char *err, size_t errlen)
{
    net_slirp_t *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "%s", strerror(ENOMEM));
        return NULL;
    }
    net_backend_init(&s->nb, &slirp_ops, cfg->id);

    /* QEMU's defaults (net/slirp.c): 10.0.2.0/24, host .2, DNS .3, DHCP .15. */
    uint32_t net = cfg->net ? cfg->net : 0x0a000200u;
    uint32_t mask = cfg->net ? cfg->mask : 0xffffff00u;
    uint32_t dhcp = cfg->dhcp_start ? cfg->dhcp_start : (net & mask) | 15;

    SlirpConfig sc;
    memset(&sc, 0, sizeof(sc));
    sc.version = 4;
    sc.restricted = cfg->restricted;
    sc.in_enabled = true;
    sc.vnetwork = in4(net & mask);
    sc.vnetmask = in4(mask);
    sc.vhost = in4(cfg->host ? cfg->host : (net & mask) | 2);
    sc.vdhcp_start = in4(dhcp);
    sc.vnameserver = in4(cfg->dns ? cfg->dns : (net & mask) | 3);
    sc.in6_enabled = cfg->ipv6;
    inet_pton(AF_INET6, "fec0::", &sc.vprefix_addr6);
    sc.vprefix_len = 64;
    inet_pton(AF_INET6, "fec0::2", &sc.vhost6);
    inet_pton(AF_INET6, "fec0::3", &sc.vnameserver6);
    sc.vhostname = "tinyvm";
    s->slirp = slirp_new(&sc, &slirp_callbacks, s);
    if (!s->slirp) {
        snprintf(err, errlen, "cannot start user networking");
        sl_destroy(&s->nb);
        return NULL;
    }
    for (unsigned i = 0; i < cfg->nhostfwd; i++) {
        const net_slirp_hostfwd_t *h = &cfg->hostfwd[i];
        errno = 0;
        if (slirp_add_hostfwd(s->slirp, h->udp, in4(h->host_addr), h->host_port,
                              in4(h->guest_addr ? h->guest_addr : dhcp), h->guest_port) < 0) {
            int e = errno;
            snprintf(err, errlen, "hostfwd=%s: cannot listen on host port %u%s%s", h->spec,
                     h->host_port, e ? ": " : "", e ? strerror(e) : "");
            sl_destroy(&s->nb);
            return NULL;
        }
    }
    return &s->nb;
}
