/* pollset.h - a growable array of struct pollfd that the main loop fills from
 * every host event source (the console, user networking's sockets, later
 * block completions and the display) before one poll() call.
 *
 * A source remembers the indices pollset_add() gave it and reads revents at
 * those indices after poll(). The main loop also takes the smallest timeout
 * any source asks for, so timers of the sources fire on time while an idle
 * guest sleeps in poll() and costs no host CPU.
 */
#ifndef TINYVM_DEVICES_POLLSET_H
#define TINYVM_DEVICES_POLLSET_H

#include <poll.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct pollset {
    struct pollfd *fds;
    unsigned n, cap;
} pollset_t;

static inline void pollset_clear(pollset_t *ps) { ps->n = 0; }

static inline void pollset_free(pollset_t *ps)
{
    free(ps->fds);
    ps->fds = NULL;
    ps->n = ps->cap = 0;
}

/* Add fd with events; returns its index, or -1 if memory ran out (the fd is
 * then simply not watched this round). */
static inline int pollset_add(pollset_t *ps, int fd, short events)
{
    if (ps->n == ps->cap) {
        unsigned cap = ps->cap ? ps->cap * 2 : 16;
        struct pollfd *p = (struct pollfd *)realloc(ps->fds, cap * sizeof(*p));
        if (!p)
            return -1;
        ps->fds = p;
        ps->cap = cap;
    }
    ps->fds[ps->n].fd = fd;
    ps->fds[ps->n].events = events;
    ps->fds[ps->n].revents = 0;
    return (int)ps->n++;
}

/* Lower a poll() timeout (-1: forever) to ms if that is sooner (ms < 0: no
 * deadline). */
static inline void pollset_lower_timeout(int *timeout_ms, int64_t ms)
{
    if (ms < 0)
        return;
    if (ms > INT32_MAX)
        ms = INT32_MAX;
    if (*timeout_ms < 0 || ms < *timeout_ms)
        *timeout_ms = (int)ms;
}

#endif
