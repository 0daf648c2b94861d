/* virtio_net.h - virtio network device (virtio 1.2 §5.1) on a network
 * backend (devices/net/net.h).
 *
 * One receive and one transmit queue, no control queue. Features offered:
 *   MAC        the configured address (QEMU's 52:54:00:12:34:56 by default)
 *   STATUS     link up
 *   MRG_RXBUF  a received frame may span several receive buffers
 *   CSUM       the guest may leave TCP/UDP checksums to the device: tinyvm
 *              computes them natively, which is much cheaper than the
 *              emulated guest doing it
 *   GUEST_CSUM received frames are marked DATA_VALID (the user-mode stack
 *              produces correct checksums), so the guest skips verifying
 * No segmentation offloads: frames are at most 1514 bytes each way.
 *
 * Receive: the backend's frames go straight into the next receive buffer;
 * when there is none they wait in the backend's bounded queue (net.h) and
 * are delivered when the driver adds buffers.
 */
#ifndef TINYVM_DEVICES_VIRTIO_NET_H
#define TINYVM_DEVICES_VIRTIO_NET_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/net/net.h"
#include "devices/virtio/virtio_mmio.h"

#define VIRTIO_NET_QUEUE_SIZE 256
#define VIRTIO_NET_RXQ 0
#define VIRTIO_NET_TXQ 1

typedef struct virtio_net virtio_net_t;

typedef struct virtio_net_config {
    physmap_t *pm;
    uint64_t base;
    bool map;
    irq_line_t irq;
    bool quiet;
    net_backend_t *backend; /* attached here, detached by virtio_net_destroy */
    uint8_t mac[6];
} virtio_net_config_t;

virtio_net_t *virtio_net_create(const virtio_net_config_t *cfg);
void virtio_net_destroy(virtio_net_t *d);
virtio_mmio_t *virtio_net_transport(virtio_net_t *d);

/* Frames dropped because a receive buffer was unusable (too small, outside
 * RAM, device-readable) or a transmitted frame was malformed. */
uint64_t virtio_net_errors(const virtio_net_t *d);

#endif
