/* board_virtio.h - the virtio part of the virt board: turns -drive, -netdev,
 * -nic and -device into backends and virtio-mmio devices.
 *
 * Two lifetimes:
 *   - backends (disk images, user-network stacks) are opened once per tinyvm
 *     run and survive guest reboots, as on QEMU: a snapshot=on overlay keeps
 *     the guest's changes across a reboot, hostfwd ports stay bound, an
 *     image stays locked;
 *   - devices (the virtio-mmio transports and frontends) belong to one
 *     machine and are rebuilt with it on every reboot.
 *
 * Device n of o->virtio[] sits in virtio-mmio slot n (board/virt.h: at
 * 0x0A000000 + n * 0x200, SPI 16 + n), and the device tree lists the slots
 * in ascending order, so command-line order is /dev/vda, /dev/vdb ...
 */
#ifndef TINYVM_BOARD_BOARD_VIRTIO_H
#define TINYVM_BOARD_BOARD_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "board/options.h"
#include "devices/gicv3.h"
#include "devices/pollset.h"
#include "mem/physmap.h"

typedef struct virtio_backends virtio_backends_t;
typedef struct board_virtio board_virtio_t;

/* Open every drive (locking writable images) and start every user network
 * (binding its hostfwd ports). Returns 0, or a vm_exit_status_t after
 * printing one line ("tinyvm: -drive: PATH: problem", "tinyvm: -netdev:
 * hostfwd=...: cannot listen ..."): VM_EXIT_USAGE for the user's problems. */
int virtio_backends_open(const vm_options_t *o, virtio_backends_t **out);

/* Sync written images and close everything (NULL allowed). */
void virtio_backends_close(virtio_backends_t *vb);

/* The main loop's poll(): add the backends' host fds and lower *timeout_ms
 * to their next timer; after poll(), let them handle what happened. */
void virtio_backends_poll_fill(virtio_backends_t *vb, pollset_t *ps, int *timeout_ms);
void virtio_backends_poll_done(virtio_backends_t *vb, pollset_t *ps, bool error);

/* The virtio-mmio slots in use (bit n: slot n), for dtb_config_t.virtio_slots. */
uint32_t board_virtio_slots(const vm_options_t *o);

/* Create the devices on pm, their interrupts wired to gic. NULL (after
 * printing a line) if that fails. */
board_virtio_t *board_virtio_create(const vm_options_t *o, virtio_backends_t *vb, physmap_t *pm,
                                    gicv3_t *gic);
void board_virtio_destroy(board_virtio_t *bv);

/* --stats: one line per device, "virtio-blk hd0  N requests (where)". */
void board_virtio_print_stats(const board_virtio_t *bv, FILE *f);
/* The first keyboard (VM_VIRTIO_KEYBOARD) or tablet (VM_VIRTIO_TABLET), or
 * NULL: what the -display sdl window feeds. */
typedef struct virtio_input virtio_input_t;
virtio_input_t *board_virtio_input(board_virtio_t *bv, vm_virtio_kind_t kind);

#endif
