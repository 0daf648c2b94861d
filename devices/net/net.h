/* net.h - network backends and the queue between a backend and its NIC.
 *
 * A backend (user networking with libslirp today, a tap device later) and a
 * NIC frontend (virtio-net) are joined by an id, as on the command line
 * (-netdev user,id=n0 / -device virtio-net-device,netdev=n0). Frames travel:
 *
 *   guest -> host:  the NIC calls net_send(); the backend takes the frame.
 *   host -> guest:  the backend calls net_deliver(); the NIC's receive
 *                   callback copies the frame into a guest receive buffer,
 *                   or says it has none free.
 *
 * When the guest has no free receive buffer the frame waits in a bounded
 * queue (NET_QUEUE_MAX_FRAMES / NET_QUEUE_MAX_BYTES) and goes in as soon as
 * the NIC calls net_flush() after the guest adds buffers. Once the queue
 * holds NET_QUEUE_HIGH_WATER frames the backend stops reading its host
 * sockets (net_throttled()), so bulk data waits in the host kernel's socket
 * buffers, where TCP flow control keeps it, instead of being dropped. Only
 * frames the backend produces on its own while throttled (ARP replies,
 * retransmissions) can reach the bound; beyond it a frame is dropped,
 * counted, and the first drop is reported on stderr - never silently.
 */
#ifndef TINYVM_DEVICES_NET_H
#define TINYVM_DEVICES_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/pollset.h"

#define NET_QUEUE_MAX_FRAMES 1024
#define NET_QUEUE_MAX_BYTES  (4u << 20)
#define NET_QUEUE_HIGH_WATER 64
/* Largest Ethernet frame carried (no segmentation offload: MTU 1500 plus
 * headers, with room for jumbo frames a backend might produce). */
#define NET_MAX_FRAME 65536

typedef struct net_backend net_backend_t;

/* The NIC's receive callback: copy the frame into the guest and return
 * true, or return false if no receive buffer is free (the frame waits). */
typedef bool (*net_receive_fn)(void *opaque, const uint8_t *frame, size_t len);

typedef struct net_backend_ops {
    /* A frame from the guest. */
    void (*send)(net_backend_t *nb, const uint8_t *frame, size_t len);
    /* Add host fds to ps and lower *timeout_ms to the next timer. */
    void (*poll_fill)(net_backend_t *nb, pollset_t *ps, int *timeout_ms);
    /* After poll() (error: it failed): handle ready fds and due timers. */
    void (*poll_done)(net_backend_t *nb, pollset_t *ps, bool error);
    void (*destroy)(net_backend_t *nb);
} net_backend_ops_t;

typedef struct net_frame net_frame_t;

/* Common part of every backend (embedded first in the backend's struct). */
struct net_backend {
    const net_backend_ops_t *ops;
    char id[64];
    net_receive_fn receive; /* NULL: no NIC attached */
    void *nic;
    net_frame_t *head, *tail; /* waiting frames, oldest first */
    unsigned queued;
    size_t queued_bytes;
    uint64_t dropped;
};

/* For backend implementations. */
void net_backend_init(net_backend_t *nb, const net_backend_ops_t *ops, const char *id);
/* A frame for the guest: straight to the NIC, or queued. */
void net_deliver(net_backend_t *nb, const uint8_t *frame, size_t len);
/* Whether the backend should stop reading host sockets for now. */
bool net_throttled(const net_backend_t *nb);

/* For NICs and the board. */
void net_attach(net_backend_t *nb, net_receive_fn fn, void *opaque);
void net_detach(net_backend_t *nb);          /* also drops waiting frames */
void net_send(net_backend_t *nb, const uint8_t *frame, size_t len);
void net_flush(net_backend_t *nb);           /* the NIC has buffers again */
void net_purge(net_backend_t *nb);           /* drop waiting frames (NIC reset) */
void net_poll_fill(net_backend_t *nb, pollset_t *ps, int *timeout_ms);
void net_poll_done(net_backend_t *nb, pollset_t *ps, bool error);
void net_destroy(net_backend_t *nb);         /* NULL allowed */

#endif
