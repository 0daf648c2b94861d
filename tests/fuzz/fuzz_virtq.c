/* fuzz_virtq.c - libFuzzer target for the split virtqueue walker
 * (devices/virtio/virtq.c), the virtio-mmio transport and the virtio-blk
 * request parser (devices/virtio/virtio_blk.c) on a real raw image.
 *
 * The input is a whole guest: ring geometry and features, a sequence of
 * register writes, and the contents of guest RAM (descriptor table,
 * available ring, buffers, indirect tables - anything). The harness plays a
 * driver that initialises the device and notifies the queue, then replays
 * the register writes, each followed by a notification; separately it walks
 * the same ring with a tiny element to reach the "too many segments" paths.
 * AddressSanitizer and UBSan watch for any access outside guest RAM (RAM is
 * its own mmap, so a stray host pointer faults) and any undefined behaviour;
 * libFuzzer's timeout catches a device that would hang.
 *
 * Input layout:
 *   byte 0      queue size: 1 << (b % 9)          (1 .. 256)
 *   byte 1      bit 0 indirect, bit 1 event index, bit 2 read-only disk,
 *               bit 3 skip the driver's setup (raw register writes only)
 *   byte 2      number of register writes that follow (0 .. 15)
 *   6 bytes     per register write: offset (le16, & 0x1ff), value (le32)
 *   the rest    guest RAM from its first byte (at most FUZZ_RAM bytes);
 *               descriptor table at RAM+0, available ring right after it,
 *               used ring at RAM+0xC000.
 *
 * Build and run: make fuzz FUZZ_SECONDS=600, or make fuzz-quick
 * (tests/fuzz/fuzz.mk). Seeds: tests/fuzz/corpus/virtq (tests/fuzz/seeds.py).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/block/block.h"
#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_defs.h"
#include "devices/virtio/virtio_mmio.h"
#include "devices/virtio/virtq.h"
#include "mem/physmap.h"

#define FUZZ_RAM_BASE 0x40000000ull
#define FUZZ_RAM      (64u * 1024)
#define FUZZ_USED     (FUZZ_RAM_BASE + 0xC000)
#define FUZZ_DISK     (256u * 1024)

static physmap_t pm;
static bool verbose; /* FUZZ_VIRTQ_VERBOSE=1: print what each input completed */
static blk_t *disk_rw, *disk_ro;
static virtio_blk_t *dev_rw, *dev_ro;

static void noirq(void *opaque, int n, int level)
{
    (void)opaque;
    (void)n;
    (void)level;
}

static blk_t *open_disk(const char *path, bool readonly)
{
    blk_open_opts_t o = { .path = path, .readonly = readonly, .discard = true,
                          .cache = BLK_CACHE_UNSAFE };
    blk_t *b;
    char err[256];
    if (blk_open(&b, &o, err, sizeof(err))) {
        fprintf(stderr, "fuzz_virtq: %s\n", err);
        abort();
    }
    return b;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (physmap_init(&pm, FUZZ_RAM_BASE, FUZZ_RAM) != 0)
        abort();
    verbose = getenv("FUZZ_VIRTQ_VERBOSE") != NULL;
    char path[] = "/tmp/tinyvm-fuzz-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || ftruncate(fd, FUZZ_DISK) != 0)
        abort();
    close(fd);
    /* Two opens of one image: read-write and read-only devices. The
     * read-only one cannot lock a file its sibling holds for writing, so it
     * gets a copy. */
    disk_rw = open_disk(path, false);
    char path2[] = "/tmp/tinyvm-fuzz-XXXXXX";
    fd = mkstemp(path2);
    if (fd < 0 || ftruncate(fd, FUZZ_DISK) != 0)
        abort();
    close(fd);
    disk_ro = open_disk(path2, true);
    unlink(path);
    unlink(path2);
    irq_line_t irq = { noirq, NULL, 0 };
    virtio_blk_config_t c = { .pm = &pm, .base = 0x0a000000, .map = false, .irq = irq,
                              .quiet = true, .blk = disk_rw, .serial = "fuzz" };
    dev_rw = virtio_blk_create(&c);
    c.blk = disk_ro;
    dev_ro = virtio_blk_create(&c);
    if (!dev_rw || !dev_ro)
        abort();
    return 0;
}

static void wr(virtio_mmio_t *t, uint64_t off, uint32_t v) { virtio_mmio_write(t, off, 4, v); }

static uint32_t rd(virtio_mmio_t *t, uint64_t off)
{
    uint64_t v;
    virtio_mmio_read(t, off, 4, &v);
    return (uint32_t)v;
}

/* The driver's side of §3.1.1 and §4.2.3.2. */
static void driver_setup(virtio_mmio_t *t, uint16_t num, uint64_t features)
{
    wr(t, VIRTIO_MMIO_STATUS, 0);
    wr(t, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    uint64_t offered = rd(t, VIRTIO_MMIO_DEVICE_FEATURES);
    wr(t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    offered |= (uint64_t)rd(t, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
    features &= offered;
    wr(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(t, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
    wr(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(t, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
    wr(t, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
                                  VIRTIO_STATUS_FEATURES_OK);
    uint64_t desc = FUZZ_RAM_BASE, avail = FUZZ_RAM_BASE + 16ull * num;
    wr(t, VIRTIO_MMIO_QUEUE_SEL, 0);
    wr(t, VIRTIO_MMIO_QUEUE_NUM, num);
    wr(t, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
    wr(t, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
    wr(t, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
    wr(t, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
    wr(t, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)FUZZ_USED);
    wr(t, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(FUZZ_USED >> 32));
    wr(t, VIRTIO_MMIO_QUEUE_READY, 1);
    wr(t, VIRTIO_MMIO_STATUS, rd(t, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
}

/* The walker alone, with room for only 3 segments per chain. */
static void walk_small(uint16_t num, bool indirect, bool event_idx)
{
    virtq_t vq;
    virtq_init(&vq, &pm, 0, 256);
    vq.num = num;
    vq.desc_addr = FUZZ_RAM_BASE;
    vq.avail_addr = FUZZ_RAM_BASE + 16ull * num;
    vq.used_addr = FUZZ_USED;
    if (virtq_enable(&vq, indirect, event_idx) != VIRTQ_ERR_NONE)
        return;
    virtq_seg_t segs[3];
    virtq_elem_t e;
    virtq_elem_init(&e, segs, 3);
    uint8_t buf[64];
    struct iovec iov[2];
    for (unsigned n = 0; n < 512 && virtq_pop(&vq, &e) > 0; n++) {
        size_t got = virtq_elem_read(&e, 1, buf, sizeof(buf));
        (void)virtq_elem_iov(&e, true, 0, e.in_len < 100 ? e.in_len : 100, iov, 2);
        if (!e.bad)
            (void)virtq_elem_write(&e, 0, buf, got);
        virtq_push(&vq, e.head, (uint32_t)got);
        (void)virtq_should_notify(&vq);
        if (n % 7 == 3)
            virtq_unpop(&vq, 0);
    }
    (void)virtq_arm_notify(&vq);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    uint16_t num = (uint16_t)(1u << (data[0] % 9));
    uint8_t flags = data[1];
    unsigned nops = data[2] % 16;
    size_t pos = 3;
    if (size < pos + 6ull * nops)
        return 0;
    const uint8_t *ops = data + pos;
    pos += 6ull * nops;
    size_t ram = size - pos < FUZZ_RAM ? size - pos : FUZZ_RAM;
    memset(pm.ram, 0, FUZZ_RAM);
    memcpy(pm.ram, data + pos, ram);

    virtio_blk_t *d = (flags & 4) ? dev_ro : dev_rw;
    virtio_mmio_t *t = virtio_blk_transport(d);
    uint64_t features = VIRTIO_BIT(VIRTIO_F_VERSION_1) | 0xffffffull; /* every blk feature */
    if (flags & 1)
        features |= VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC);
    if (flags & 2)
        features |= VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
    if (!(flags & 8)) {
        driver_setup(t, num, features); /* DRIVER_OK runs the queue */
        wr(t, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
        if (verbose) {
            const uint8_t *u = pm.ram + (FUZZ_USED - FUZZ_RAM_BASE);
            unsigned used = (unsigned)(u[2] | u[3] << 8);
            printf("status %#x, used %u:", rd(t, VIRTIO_MMIO_STATUS), used);
            for (unsigned i = 0; i < used && i < num; i++)
                printf(" [id %u len %u]", (unsigned)(u[4 + 8 * i] | u[5 + 8 * i] << 8),
                       (unsigned)(u[8 + 8 * i] | u[9 + 8 * i] << 8));
            printf("\n");
        }
    } else {
        wr(t, VIRTIO_MMIO_STATUS, 0);
    }
    for (unsigned i = 0; i < nops; i++) {
        const uint8_t *op = ops + 6 * i;
        uint32_t off = (uint32_t)(op[0] | op[1] << 8) & 0x1ff;
        uint32_t val = (uint32_t)op[2] | (uint32_t)op[3] << 8 | (uint32_t)op[4] << 16 |
                       (uint32_t)op[5] << 24;
        unsigned sz = 1u << ((op[1] >> 2) & 3); /* 1, 2, 4, 8 */
        if (op[1] & 0x80) {
            uint64_t v;
            virtio_mmio_read(t, off, sz, &v);
        } else {
            virtio_mmio_write(t, off, sz, val);
        }
        wr(t, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    }
    /* Leave the device reset for the next input. */
    wr(t, VIRTIO_MMIO_STATUS, 0);

    walk_small(num, flags & 1, flags & 2);
    return 0;
}
