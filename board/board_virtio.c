/* board_virtio.c - virtio backends and devices of the virt board. See
 * board_virtio.h. */
#include "board_virtio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/virt.h"
#include "devices/block/block.h"
#include "devices/net/net_slirp.h"
#include "devices/display/keymap.h"
#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_input.h"
#include "devices/virtio/virtio_net.h"
#include "devices/virtio/virtio_rng.h"

struct virtio_backends {
    int ndrives;
    blk_t *drives[VM_MAX_DRIVES];
    int nnetdevs;
    net_backend_t *netdevs[VM_MAX_NETDEVS];
};

struct board_virtio {
    int n;
    struct {
        vm_virtio_kind_t kind;
        void *dev; /* virtio_blk_t / virtio_net_t / virtio_rng_t / virtio_input_t */
        char name[96]; /* "virtio-blk hd0": for --stats */
    } dev[VM_MAX_VIRTIO];
};

static blk_cache_t cache_of(vm_cache_mode_t m)
{
    switch (m) {
    case VM_CACHE_NONE: return BLK_CACHE_NONE;
    case VM_CACHE_WRITETHROUGH: return BLK_CACHE_WRITETHROUGH;
    case VM_CACHE_DIRECTSYNC: return BLK_CACHE_DIRECTSYNC;
    case VM_CACHE_UNSAFE: return BLK_CACHE_UNSAFE;
    default: return BLK_CACHE_WRITEBACK;
    }
}

int virtio_backends_open(const vm_options_t *o, virtio_backends_t **out)
{
    *out = NULL;
    virtio_backends_t *vb = calloc(1, sizeof(*vb));
    if (!vb) {
        fprintf(stderr, "tinyvm: out of memory\n");
        return VM_EXIT_INTERNAL;
    }
    char err[512];
    for (int i = 0; i < o->ndrives; i++) {
        const vm_drive_t *d = &o->drives[i];
        blk_open_opts_t bo = {
            .path = d->file, .readonly = d->readonly, .snapshot = d->snapshot,
            .discard = d->discard, .cache = cache_of(d->cache),
        };
        int rc = blk_open(&vb->drives[i], &bo, err, sizeof(err));
        if (rc != BLK_OPEN_OK) {
            fprintf(stderr, "tinyvm: -drive: %s\n", err);
            virtio_backends_close(vb);
            return rc == BLK_OPEN_USAGE ? VM_EXIT_USAGE : VM_EXIT_INTERNAL;
        }
        vb->ndrives = i + 1;
    }
    for (int i = 0; i < o->nnetdevs; i++) {
        const vm_netdev_t *nd = &o->netdevs[i];
        net_slirp_hostfwd_t fwd[VM_MAX_HOSTFWDS];
        for (int k = 0; k < nd->nhostfwd; k++) {
            const vm_hostfwd_t *h = &nd->hostfwd[k];
            fwd[k] = (net_slirp_hostfwd_t){ h->udp, h->host_addr, h->host_port, h->guest_addr,
                                            h->guest_port, h->spec };
        }
        net_slirp_config_t sc = {
            .id = nd->id, .restricted = nd->restricted, .net = nd->net, .mask = nd->mask,
            .host = nd->host, .dns = nd->dns, .dhcp_start = nd->dhcp_start, .ipv6 = nd->ipv6,
            .hostfwd = fwd, .nhostfwd = (unsigned)nd->nhostfwd,
        };
        vb->netdevs[i] = net_slirp_create(&sc, err, sizeof(err));
        if (!vb->netdevs[i]) {
            /* A port that cannot be bound is the user's to fix (status 2). */
            fprintf(stderr, "tinyvm: %s: %s\n", nd->opt, err);
            virtio_backends_close(vb);
            return VM_EXIT_USAGE;
        }
        vb->nnetdevs = i + 1;
    }
    *out = vb;
    return 0;
}

void virtio_backends_close(virtio_backends_t *vb)
{
    if (!vb)
        return;
    for (int i = 0; i < vb->ndrives; i++) {
        const char *path = vb->drives[i] ? blk_path(vb->drives[i]) : NULL;
        char saved[512];
        snprintf(saved, sizeof(saved), "%s", path ? path : "");
        int rc = blk_close(vb->drives[i]);
        if (rc)
            fprintf(stderr, "tinyvm: -drive: %s: final sync failed: %s\n", saved, strerror(-rc));
    }
    for (int i = 0; i < vb->nnetdevs; i++)
        net_destroy(vb->netdevs[i]);
    free(vb);
}

void virtio_backends_poll_fill(virtio_backends_t *vb, pollset_t *ps, int *timeout_ms)
{
    for (int i = 0; vb && i < vb->nnetdevs; i++)
        net_poll_fill(vb->netdevs[i], ps, timeout_ms);
}

void virtio_backends_poll_done(virtio_backends_t *vb, pollset_t *ps, bool error)
{
    for (int i = 0; vb && i < vb->nnetdevs; i++)
        net_poll_done(vb->netdevs[i], ps, error);
}

uint32_t board_virtio_slots(const vm_options_t *o)
{
    uint32_t slots = 0;
    for (int i = 0; i < o->nvirtio && i < VIRT_VIRTIO_MMIO_SLOTS; i++)
        slots |= 1u << i;
    return slots;
}

/* The name --stats shows: the device type and its backend's id (or file). */
static void device_name(const vm_options_t *o, const vm_virtio_dev_t *v, char *buf, size_t len)
{
    switch (v->kind) {
    case VM_VIRTIO_BLK: {
        const vm_drive_t *d = &o->drives[v->backend];
        snprintf(buf, len, "virtio-blk %s", d->id ? d->id : d->file);
        break;
    }
    case VM_VIRTIO_NET:
        snprintf(buf, len, "virtio-net %s", o->netdevs[v->backend].id ? o->netdevs[v->backend].id : "user");
        break;
    case VM_VIRTIO_KEYBOARD:
        snprintf(buf, len, "virtio-keyboard");
        break;
    case VM_VIRTIO_TABLET:
        snprintf(buf, len, "virtio-tablet");
        break;
    default:
        snprintf(buf, len, "virtio-rng");
        break;
    }
}

board_virtio_t *board_virtio_create(const vm_options_t *o, virtio_backends_t *vb, physmap_t *pm,
                                    gicv3_t *gic)
{
    board_virtio_t *bv = calloc(1, sizeof(*bv));
    if (!bv) {
        fprintf(stderr, "tinyvm: out of memory\n");
        return NULL;
    }
    for (int slot = 0; slot < o->nvirtio && slot < VIRT_VIRTIO_MMIO_SLOTS; slot++) {
        const vm_virtio_dev_t *v = &o->virtio[slot];
        uint64_t base = VIRT_VIRTIO_MMIO_ADDR(slot);
        irq_line_t irq = { gicv3_set_spi, gic, VIRT_VIRTIO_MMIO_INTID(slot) };
        void *dev = NULL;
        switch (v->kind) {
        case VM_VIRTIO_BLK: {
            const vm_drive_t *d = &o->drives[v->backend];
            virtio_blk_config_t c = {
                .pm = pm, .base = base, .map = true, .irq = irq,
                .blk = vb->drives[v->backend], .serial = v->serial ? v->serial : d->id,
            };
            dev = virtio_blk_create(&c);
            break;
        }
        case VM_VIRTIO_NET: {
            virtio_net_config_t c = {
                .pm = pm, .base = base, .map = true, .irq = irq,
                .backend = vb->netdevs[v->backend],
            };
            memcpy(c.mac, v->mac, 6);
            dev = virtio_net_create(&c);
            break;
        }
        case VM_VIRTIO_RNG: {
            virtio_rng_config_t c = { .pm = pm, .base = base, .map = true, .irq = irq };
            dev = virtio_rng_create(&c);
            break;
        }
        case VM_VIRTIO_KEYBOARD:
        case VM_VIRTIO_TABLET: {
            /* Fed by the -display sdl window (board/board_display.c). */
            virtio_input_desc_t desc;
            if (v->kind == VM_VIRTIO_KEYBOARD) {
                uint16_t keys[512];
                virtio_input_keyboard_desc(&desc, keys, keymap_codes(keys, 512));
            } else {
                virtio_input_tablet_desc(&desc);
            }
            virtio_input_config_t c = { .pm = pm, .base = base, .map = true, .irq = irq,
                                        .desc = &desc };
            dev = virtio_input_create(&c);
            break;
        }
        }
        if (!dev) {
            fprintf(stderr, "tinyvm: internal error: cannot create virtio device %d\n", slot);
            board_virtio_destroy(bv);
            return NULL;
        }
        bv->dev[bv->n].kind = v->kind;
        bv->dev[bv->n].dev = dev;
        device_name(o, v, bv->dev[bv->n].name, sizeof(bv->dev[bv->n].name));
        bv->n++;
    }
    return bv;
}

void board_virtio_print_stats(const board_virtio_t *bv, FILE *f)
{
    for (int i = 0; bv && i < bv->n; i++) {
        virtio_mmio_t *t = NULL;
        switch (bv->dev[i].kind) {
        case VM_VIRTIO_BLK: t = virtio_blk_transport(bv->dev[i].dev); break;
        case VM_VIRTIO_NET: t = virtio_net_transport(bv->dev[i].dev); break;
        case VM_VIRTIO_RNG: t = virtio_rng_transport(bv->dev[i].dev); break;
        case VM_VIRTIO_KEYBOARD:
        case VM_VIRTIO_TABLET: t = virtio_input_transport(bv->dev[i].dev); break;
        }
        fprintf(f, "  %-20s %llu requests (%s)\n", bv->dev[i].name,
                (unsigned long long)virtio_mmio_requests(t), virtio_mmio_label(t));
    }
}

void board_virtio_destroy(board_virtio_t *bv)
{
    if (!bv)
        return;
    for (int i = 0; i < bv->n; i++) {
        switch (bv->dev[i].kind) {
        case VM_VIRTIO_BLK: virtio_blk_destroy(bv->dev[i].dev); break;
        case VM_VIRTIO_NET: virtio_net_destroy(bv->dev[i].dev); break;
        case VM_VIRTIO_RNG: virtio_rng_destroy(bv->dev[i].dev); break;
        case VM_VIRTIO_KEYBOARD:
        case VM_VIRTIO_TABLET: virtio_input_destroy(bv->dev[i].dev); break;
        }
    }
    free(bv);
}

virtio_input_t *board_virtio_input(board_virtio_t *bv, vm_virtio_kind_t kind)
{
    for (int i = 0; bv && i < bv->n; i++)
        if (bv->dev[i].kind == kind)
            return bv->dev[i].dev;
    return NULL;
}
