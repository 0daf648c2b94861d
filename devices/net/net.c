/* net.c - the bounded queue between a network backend and its NIC. See net.h. */
#include "net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct net_frame {
    net_frame_t *next;
    size_t len;
    uint8_t data[];
};

void net_backend_init(net_backend_t *nb, const net_backend_ops_t *ops, const char *id)
{
    memset(nb, 0, sizeof(*nb));
    nb->ops = ops;
    snprintf(nb->id, sizeof(nb->id), "%s", id ? id : "");
}

bool net_throttled(const net_backend_t *nb)
{
    return nb->queued >= NET_QUEUE_HIGH_WATER;
}

static void drop(net_backend_t *nb)
{
    if (nb->dropped++ == 0)
        fprintf(stderr, "tinyvm: netdev %s: the guest is not taking packets; dropping "
                "packets beyond %u queued\n", nb->id, NET_QUEUE_MAX_FRAMES);
}

void net_deliver(net_backend_t *nb, const uint8_t *frame, size_t len)
{
    if (len == 0 || len > NET_MAX_FRAME)
        return;
    /* Frames go in arrival order: waiting ones first (the guest may have
     * added buffers since), and this one only if none is left waiting. */
    if (nb->head)
        net_flush(nb);
    if (!nb->head && nb->receive && nb->receive(nb->nic, frame, len))
        return;
    if (nb->queued >= NET_QUEUE_MAX_FRAMES || nb->queued_bytes + len > NET_QUEUE_MAX_BYTES) {
        drop(nb);
        return;
    }
    net_frame_t *f = malloc(sizeof(*f) + len);
    if (!f) {
        drop(nb);
        return;
    }
    f->next = NULL;
    f->len = len;
    memcpy(f->data, frame, len);
    if (nb->tail)
        nb->tail->next = f;
    else
        nb->head = f;
    nb->tail = f;
    nb->queued++;
    nb->queued_bytes += len;
}

void net_flush(net_backend_t *nb)
{
    while (nb->head && nb->receive && nb->receive(nb->nic, nb->head->data, nb->head->len)) {
        net_frame_t *f = nb->head;
        nb->head = f->next;
        if (!nb->head)
            nb->tail = NULL;
        nb->queued--;
        nb->queued_bytes -= f->len;
        free(f);
    }
}

void net_purge(net_backend_t *nb)
{
    while (nb->head) {
        net_frame_t *f = nb->head;
        nb->head = f->next;
        free(f);
    }
    nb->tail = NULL;
    nb->queued = 0;
    nb->queued_bytes = 0;
}

void net_attach(net_backend_t *nb, net_receive_fn fn, void *opaque)
{
    nb->receive = fn;
    nb->nic = opaque;
}

void net_detach(net_backend_t *nb)
{
    nb->receive = NULL;
    nb->nic = NULL;
    net_purge(nb);
}

void net_send(net_backend_t *nb, const uint8_t *frame, size_t len)
{
    if (nb->ops && nb->ops->send)
        nb->ops->send(nb, frame, len);
}

void net_poll_fill(net_backend_t *nb, pollset_t *ps, int *timeout_ms)
{
    if (nb->ops && nb->ops->poll_fill)
        nb->ops->poll_fill(nb, ps, timeout_ms);
}

void net_poll_done(net_backend_t *nb, pollset_t *ps, bool error)
{
    if (nb->ops && nb->ops->poll_done)
        nb->ops->poll_done(nb, ps, error);
}

void net_destroy(net_backend_t *nb)
{
    if (!nb)
        return;
    net_purge(nb);
    if (nb->ops && nb->ops->destroy)
        nb->ops->destroy(nb);
}
