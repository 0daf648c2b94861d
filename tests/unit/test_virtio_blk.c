/* test_virtio_blk.c - the virtio block device (virtio 1.2 §5.2) on a raw
 * image, driven through its transport registers and a ring in guest RAM:
 * configuration, every request type, and every malformed request. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "devices/block/block.h"
#include "devices/virtio/virtio_blk.h"
#include "virtio_harness.h"

#define BASE   0x0a000000ull
#define RING   (H_RAM_BASE + 0x10000)
#define HDR    (H_RAM_BASE + 0x100000)
#define DATA   (H_RAM_BASE + 0x200000)
#define STATUS (H_RAM_BASE + 0x300000)
#define TABLE  (H_RAM_BASE + 0x310000)
#define IMG_SECTORS 2048 /* 1 MiB */

static char dir[64], img[128];

typedef struct fx {
    physmap_t pm;
    blk_t *blk;
    virtio_blk_t *dev;
    virtio_mmio_t *t;
    irq_probe_t irq;
    vring_t r;
} fx_t;

static fx_t F;

static uint8_t pattern(uint64_t i) { return (uint8_t)(i * 13 + (i >> 9)); }

static void make_image(void)
{
    FILE *f = fopen(img, "w");
    assert_non_null(f);
    for (uint64_t i = 0; i < IMG_SECTORS * 512ull; i++)
        fputc(pattern(i), f);
    fclose(f);
}

static const uint64_t V1 = VIRTIO_BIT(VIRTIO_F_VERSION_1);

static void start(bool readonly, uint64_t extra_features)
{
    memset(&F, 0, sizeof(F));
    make_image();
    assert_int_equal(physmap_init(&F.pm, H_RAM_BASE, H_RAM_SIZE), 0);
    blk_open_opts_t o = { .path = img, .readonly = readonly, .discard = true };
    char err[256];
    assert_int_equal(blk_open(&F.blk, &o, err, sizeof(err)), 0);
    virtio_blk_config_t c = {
        .pm = &F.pm, .base = BASE, .map = true, .irq = irq_probe_line(&F.irq), .quiet = true,
        .blk = F.blk, .serial = "tinyvm-serial-12345678", /* longer than 20: cut */
    };
    F.dev = virtio_blk_create(&c);
    assert_non_null(F.dev);
    F.t = virtio_blk_transport(F.dev);
    vring_init(&F.r, &F.pm, 128, RING);
    uint64_t offered = dev_features(F.t);
    assert_true(drv_negotiate(F.t, (offered & extra_features) | V1));
    drv_queue(F.t, 0, &F.r);
    drv_ok(F.t);
    assert_true(virtio_mmio_live(F.t));
}

static void stop(void)
{
    virtio_blk_destroy(F.dev);
    blk_close(F.blk);
    physmap_destroy(&F.pm);
}

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/tinyvm-vblk-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(img, sizeof(img), "%s/disk.img", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(img);
    rmdir(dir);
    return 0;
}

static void put_hdr(uint32_t type, uint64_t sector)
{
    g32(&F.pm, HDR, type);
    g32(&F.pm, HDR + 4, 0);
    g64(&F.pm, HDR + 8, sector);
}

/* Publish head, notify, and return the one used entry (status in *status). */
static uint32_t run(uint16_t head, uint8_t *status)
{
    uint16_t before = vring_used_idx(&F.r);
    gp(&F.pm, STATUS)[0] = 0xff;
    vring_publish(&F.r, head);
    drv_notify(F.t, 0);
    assert_int_equal(vring_used_idx(&F.r), (uint16_t)(before + 1));
    uint32_t id, len;
    vring_used_elem(&F.r, before, &id, &len);
    assert_int_equal(id, head);
    *status = gp(&F.pm, STATUS)[0];
    return len;
}

/* The usual 3-descriptor request: header, data (write: readable, read:
 * writable), status. */
static uint8_t request(uint32_t type, uint64_t sector, uint32_t data_len, bool data_in,
                       uint32_t *used)
{
    uint8_t st;
    put_hdr(type, sector);
    if (data_len) {
        vring_desc(&F.r, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
        vring_desc(&F.r, 1, DATA, data_len, VIRTQ_DESC_F_NEXT | (data_in ? VIRTQ_DESC_F_WRITE : 0), 2);
    } else {
        vring_desc(&F.r, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 2);
    }
    vring_desc(&F.r, 2, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
    uint32_t len = run(0, &st);
    if (used)
        *used = len;
    return st;
}

static void assert_needs_reset(void)
{
    assert_true(mr(F.t, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
    assert_true(mr(F.t, VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_CONFIG);
    assert_int_equal(F.irq.level, 1);
}

/* ---- configuration ------------------------------------------------------------------------------ */

static uint32_t cfg32(uint32_t off)
{
    uint64_t v;
    virtio_mmio_read(F.t, VIRTIO_MMIO_CONFIG + off, 4, &v);
    return (uint32_t)v;
}

static void test_config(void **state)
{
    (void)state;
    start(false, ~0ull);
    assert_int_equal(mr(F.t, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
    uint64_t f = dev_features(F.t);
    assert_true(f & VIRTIO_BIT(VIRTIO_BLK_F_SIZE_MAX));
    assert_true(f & VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX));
    assert_true(f & VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE));
    assert_true(f & VIRTIO_BIT(VIRTIO_BLK_F_FLUSH));
    assert_true(f & VIRTIO_BIT(VIRTIO_BLK_F_DISCARD));
    assert_true(f & VIRTIO_BIT(VIRTIO_BLK_F_WRITE_ZEROES));
    assert_false(f & VIRTIO_BIT(VIRTIO_BLK_F_RO));
    assert_false(f & VIRTIO_BIT(VIRTIO_BLK_F_CONFIG_WCE));
    assert_false(f & VIRTIO_BIT(VIRTIO_BLK_F_MQ));
    /* capacity is le64, read as two 32-bit halves (§4.2.2.2) */
    assert_int_equal(cfg32(VIRTIO_BLK_CFG_CAPACITY), IMG_SECTORS);
    assert_int_equal(cfg32(VIRTIO_BLK_CFG_CAPACITY + 4), 0);
    assert_int_equal(cfg32(VIRTIO_BLK_CFG_SEG_MAX), VIRTIO_BLK_SEG_MAX);
    assert_int_equal(cfg32(VIRTIO_BLK_CFG_SIZE_MAX), VIRTIO_BLK_SIZE_MAX);
    assert_int_equal(cfg32(VIRTIO_BLK_CFG_BLK_SIZE), 512);
    assert_int_equal(cfg32(VIRTIO_BLK_CFG_MAX_DISCARD_SEG), VIRTIO_BLK_MAX_DISCARD_SEG);
    assert_int_equal(cfg32(VIRTIO_BLK_CFG_MAX_WZ_SECTORS), VIRTIO_BLK_MAX_DISCARD_SECTORS);
    assert_int_equal(mr(F.t, VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTIO_BLK_QUEUE_SIZE);
    /* The configuration space is read-only: a write changes nothing. */
    virtio_mmio_write(F.t, VIRTIO_MMIO_CONFIG, 4, 5);
    assert_int_equal(cfg32(VIRTIO_BLK_CFG_CAPACITY), IMG_SECTORS);
    stop();
}

/* ---- requests ---------------------------------------------------------------------------------------- */

static void test_read(void **state)
{
    (void)state;
    start(false, ~0ull);
    uint32_t used;
    assert_int_equal(request(VIRTIO_BLK_T_IN, 3, 2048, true, &used), VIRTIO_BLK_S_OK);
    assert_int_equal(used, 2049); /* data + status (§2.7.8) */
    for (uint32_t i = 0; i < 2048; i++)
        assert_int_equal(gp(&F.pm, DATA)[i], pattern(3 * 512 + i));
    assert_int_equal(F.irq.level, 1);
    assert_int_equal(mr(F.t, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
    /* The last sector. */
    assert_int_equal(request(VIRTIO_BLK_T_IN, IMG_SECTORS - 1, 512, true, NULL), VIRTIO_BLK_S_OK);
    stop();
}

static void test_write_then_flush(void **state)
{
    (void)state;
    start(false, ~0ull);
    for (int i = 0; i < 1024; i++)
        gp(&F.pm, DATA)[i] = (uint8_t)(0xc0 ^ i);
    uint32_t used;
    assert_int_equal(request(VIRTIO_BLK_T_OUT, 10, 1024, false, &used), VIRTIO_BLK_S_OK);
    assert_int_equal(used, 1);
    assert_int_equal(request(VIRTIO_BLK_T_FLUSH, 0, 0, false, NULL), VIRTIO_BLK_S_OK);
    /* On the host file now. */
    uint8_t chk[1024];
    int fd = open(img, O_RDONLY);
    assert_int_equal(pread(fd, chk, 1024, 10 * 512), 1024);
    close(fd);
    assert_memory_equal(chk, gp(&F.pm, DATA), 1024);
    stop();
}

static void test_scatter_gather_and_indirect(void **state)
{
    (void)state;
    start(false, ~0ull);
    /* Header split over two descriptors, data over three, status sharing a
     * descriptor with the end of the data: the device assumes no layout
     * (§2.7.4.1). */
    put_hdr(VIRTIO_BLK_T_IN, 1);
    vring_desc(&F.r, 10, HDR, 5, VIRTQ_DESC_F_NEXT, 11);
    vring_desc(&F.r, 11, HDR + 5, 11, VIRTQ_DESC_F_NEXT, 12);
    vring_desc(&F.r, 12, DATA, 100, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 13);
    vring_desc(&F.r, 13, DATA + 0x1000, 400, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 14);
    vring_desc(&F.r, 14, STATUS - 524, 525, VIRTQ_DESC_F_WRITE, 0); /* 524 data + status */
    uint8_t st;
    assert_int_equal(run(10, &st), 1025);
    assert_int_equal(st, VIRTIO_BLK_S_OK);
    assert_int_equal(gp(&F.pm, DATA)[0], pattern(512));
    assert_int_equal(gp(&F.pm, DATA + 0x1000)[0], pattern(512 + 100));
    assert_int_equal(gp(&F.pm, STATUS - 1)[0], pattern(512 + 1023));

    /* The same through an indirect table. */
    put_hdr(VIRTIO_BLK_T_IN, 4);
    ind_desc(&F.pm, TABLE, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
    ind_desc(&F.pm, TABLE, 1, DATA, 512, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
    ind_desc(&F.pm, TABLE, 2, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
    vring_desc(&F.r, 20, TABLE, 48, VIRTQ_DESC_F_INDIRECT, 0);
    assert_int_equal(run(20, &st), 513);
    assert_int_equal(st, VIRTIO_BLK_S_OK);
    assert_int_equal(gp(&F.pm, DATA)[5], pattern(4 * 512 + 5));
    stop();
}

static void test_get_id(void **state)
{
    (void)state;
    start(false, ~0ull);
    uint32_t used;
    memset(gp(&F.pm, DATA), 0x77, 32);
    assert_int_equal(request(VIRTIO_BLK_T_GET_ID, 0, 20, true, &used), VIRTIO_BLK_S_OK);
    assert_int_equal(used, 21);
    assert_memory_equal(gp(&F.pm, DATA), "tinyvm-serial-123456", 20); /* 20 bytes, no NUL */
    assert_int_equal(gp(&F.pm, DATA)[20], 0x77);
    /* A shorter buffer gets what fits. */
    assert_int_equal(request(VIRTIO_BLK_T_GET_ID, 0, 6, true, &used), VIRTIO_BLK_S_OK);
    assert_int_equal(used, 7);
    stop();
}

static void put_range(unsigned i, uint64_t sector, uint32_t num, uint32_t flags)
{
    uint64_t a = DATA + 16ull * i;
    g64(&F.pm, a, sector);
    g32(&F.pm, a + 8, num);
    g32(&F.pm, a + 12, flags);
}

static void test_discard_write_zeroes(void **state)
{
    (void)state;
    start(false, ~0ull);
    put_range(0, 100, 8, 0);
    put_range(1, 300, 1, VIRTIO_BLK_DWZ_F_UNMAP);
    assert_int_equal(request(VIRTIO_BLK_T_WRITE_ZEROES, 0, 32, false, NULL), VIRTIO_BLK_S_OK);
    assert_int_equal(request(VIRTIO_BLK_T_IN, 100, 4096, true, NULL), VIRTIO_BLK_S_OK);
    for (int i = 0; i < 4096; i++)
        assert_int_equal(gp(&F.pm, DATA)[i], 0);
    assert_int_equal(request(VIRTIO_BLK_T_IN, 300, 1024, true, NULL), VIRTIO_BLK_S_OK);
    for (int i = 0; i < 512; i++)
        assert_int_equal(gp(&F.pm, DATA)[i], 0);
    assert_int_equal(gp(&F.pm, DATA)[512], pattern(301 * 512));
    put_range(0, 0, 16, 0);
    assert_int_equal(request(VIRTIO_BLK_T_DISCARD, 0, 16, false, NULL), VIRTIO_BLK_S_OK);

    /* §5.2.6.2: unmap in a discard, unknown flags: UNSUPP. */
    put_range(0, 0, 16, VIRTIO_BLK_DWZ_F_UNMAP);
    assert_int_equal(request(VIRTIO_BLK_T_DISCARD, 0, 16, false, NULL), VIRTIO_BLK_S_UNSUPP);
    put_range(0, 0, 16, 2);
    assert_int_equal(request(VIRTIO_BLK_T_WRITE_ZEROES, 0, 16, false, NULL), VIRTIO_BLK_S_UNSUPP);
    /* Out of the disk, too long, too many segments, a partial segment, none:
     * IOERR, and nothing was done (the good first segment included). */
    put_range(0, 500, 1, 0);
    put_range(1, IMG_SECTORS - 1, 2, 0);
    memset(gp(&F.pm, DATA + 4096), 0x5a, 512);
    assert_int_equal(request(VIRTIO_BLK_T_WRITE_ZEROES, 0, 32, false, NULL), VIRTIO_BLK_S_IOERR);
    assert_int_equal(request(VIRTIO_BLK_T_IN, 500, 512, true, NULL), VIRTIO_BLK_S_OK);
    assert_int_equal(gp(&F.pm, DATA)[0], pattern(500 * 512));
    put_range(0, 0, VIRTIO_BLK_MAX_DISCARD_SECTORS + 1, 0);
    assert_int_equal(request(VIRTIO_BLK_T_DISCARD, 0, 16, false, NULL), VIRTIO_BLK_S_IOERR);
    put_range(0, UINT64_MAX - 1, 4, 0);
    assert_int_equal(request(VIRTIO_BLK_T_DISCARD, 0, 16, false, NULL), VIRTIO_BLK_S_IOERR);
    for (unsigned i = 0; i <= VIRTIO_BLK_MAX_DISCARD_SEG; i++)
        put_range(i, i, 1, 0);
    assert_int_equal(request(VIRTIO_BLK_T_DISCARD, 0, 16 * (VIRTIO_BLK_MAX_DISCARD_SEG + 1), false,
                             NULL), VIRTIO_BLK_S_IOERR);
    assert_int_equal(request(VIRTIO_BLK_T_DISCARD, 0, 24, false, NULL), VIRTIO_BLK_S_IOERR);
    assert_int_equal(request(VIRTIO_BLK_T_DISCARD, 0, 0, false, NULL), VIRTIO_BLK_S_IOERR);
    stop();

    /* Not negotiated: UNSUPP. */
    start(false, 0);
    put_range(0, 0, 1, 0);
    assert_int_equal(request(VIRTIO_BLK_T_DISCARD, 0, 16, false, NULL), VIRTIO_BLK_S_UNSUPP);
    assert_int_equal(request(VIRTIO_BLK_T_WRITE_ZEROES, 0, 16, false, NULL), VIRTIO_BLK_S_UNSUPP);
    stop();
}

static void test_bad_requests_ioerr(void **state)
{
    (void)state;
    start(false, ~0ull);
    uint32_t used;
    /* Past the end, partly past, overflowing sector numbers. */
    assert_int_equal(request(VIRTIO_BLK_T_IN, IMG_SECTORS, 512, true, &used), VIRTIO_BLK_S_IOERR);
    assert_int_equal(used, 1);
    assert_int_equal(request(VIRTIO_BLK_T_IN, IMG_SECTORS - 1, 1024, true, NULL), VIRTIO_BLK_S_IOERR);
    assert_int_equal(request(VIRTIO_BLK_T_OUT, UINT64_MAX, 512, false, NULL), VIRTIO_BLK_S_IOERR);
    assert_int_equal(request(VIRTIO_BLK_T_OUT, UINT64_MAX / 512 + 1, 512, false, NULL),
                     VIRTIO_BLK_S_IOERR);
    /* Not whole sectors; no data at all where data is required. */
    assert_int_equal(request(VIRTIO_BLK_T_IN, 0, 100, true, NULL), VIRTIO_BLK_S_IOERR);
    assert_int_equal(request(VIRTIO_BLK_T_OUT, 0, 513, false, NULL), VIRTIO_BLK_S_IOERR);
    assert_int_equal(request(VIRTIO_BLK_T_IN, 0, 0, true, NULL), VIRTIO_BLK_S_IOERR);
    assert_int_equal(request(VIRTIO_BLK_T_OUT, 0, 0, false, NULL), VIRTIO_BLK_S_IOERR);
    assert_int_equal(request(VIRTIO_BLK_T_GET_ID, 0, 0, true, NULL), VIRTIO_BLK_S_IOERR);
    /* Read with a readable data buffer: the data lands nowhere: IOERR. */
    assert_int_equal(request(VIRTIO_BLK_T_IN, 0, 512, false, NULL), VIRTIO_BLK_S_IOERR);
    /* A short header. */
    uint8_t st;
    vring_desc(&F.r, 0, HDR, 8, VIRTQ_DESC_F_NEXT, 2);
    vring_desc(&F.r, 2, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
    assert_int_equal(run(0, &st), 1);
    assert_int_equal(st, VIRTIO_BLK_S_IOERR);
    /* A data buffer outside RAM (the status is fine): IOERR, and no access. */
    put_hdr(VIRTIO_BLK_T_IN, 0);
    vring_desc(&F.r, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
    vring_desc(&F.r, 1, H_RAM_BASE + H_RAM_SIZE - 256, 512, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
    vring_desc(&F.r, 2, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
    assert_int_equal(run(0, &st), 1);
    assert_int_equal(st, VIRTIO_BLK_S_IOERR);
    /* Unknown and unimplemented types: UNSUPP (§5.2.6.2). */
    assert_int_equal(request(99, 0, 0, false, NULL), VIRTIO_BLK_S_UNSUPP);
    assert_int_equal(request(VIRTIO_BLK_T_GET_LIFETIME, 0, 8, true, NULL), VIRTIO_BLK_S_UNSUPP);
    assert_int_equal(request(VIRTIO_BLK_T_SECURE_ERASE, 0, 16, false, NULL), VIRTIO_BLK_S_UNSUPP);
    assert_int_equal(request(2 /* legacy SCSI */, 0, 16, false, NULL), VIRTIO_BLK_S_UNSUPP);
    assert_int_equal(request(0x80000000u | VIRTIO_BLK_T_OUT, 0, 512, false, NULL), VIRTIO_BLK_S_UNSUPP);
    /* None of that hurt the device. */
    assert_true(virtio_mmio_live(F.t));
    assert_int_equal(request(VIRTIO_BLK_T_IN, 0, 512, true, NULL), VIRTIO_BLK_S_OK);
    stop();
}

static void test_no_status_byte_needs_reset(void **state)
{
    (void)state;
    /* Every way a request can lack a usable status byte. */
    for (int c = 0; c < 4; c++) {
        start(false, ~0ull);
        put_hdr(VIRTIO_BLK_T_IN, 0);
        switch (c) {
        case 0: /* only readable descriptors */
            vring_desc(&F.r, 0, HDR, 16, 0, 0);
            break;
        case 1: /* status outside RAM */
            vring_desc(&F.r, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
            vring_desc(&F.r, 1, 0x0a000000, 1, VIRTQ_DESC_F_WRITE, 0);
            break;
        case 2: /* readable after writable: which byte is the status? */
            vring_desc(&F.r, 0, STATUS, 1, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
            vring_desc(&F.r, 1, HDR, 16, 0, 0);
            break;
        case 3: /* zero-length status */
            vring_desc(&F.r, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
            vring_desc(&F.r, 1, STATUS, 0, VIRTQ_DESC_F_WRITE, 0);
            break;
        }
        gp(&F.pm, STATUS)[0] = 0xff;
        vring_publish(&F.r, 0);
        drv_notify(F.t, 0);
        assert_needs_reset();
        assert_int_equal(vring_used_idx(&F.r), 0); /* nothing completed with a stale status */
        assert_int_equal(gp(&F.pm, STATUS)[0], 0xff);
        /* Further work is refused until a reset. */
        vring_desc(&F.r, 5, HDR, 16, VIRTQ_DESC_F_NEXT, 6);
        vring_desc(&F.r, 6, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
        vring_publish(&F.r, 5);
        drv_notify(F.t, 0);
        assert_int_equal(vring_used_idx(&F.r), 0);
        /* After a reset and a new initialisation, the device works. */
        vring_init(&F.r, &F.pm, 128, RING);
        assert_true(drv_negotiate(F.t, V1));
        drv_queue(F.t, 0, &F.r);
        drv_ok(F.t);
        assert_int_equal(request(VIRTIO_BLK_T_IN, 0, 512, true, NULL), VIRTIO_BLK_S_OK);
        stop();
    }
}

static void test_broken_ring_needs_reset(void **state)
{
    (void)state;
    start(false, ~0ull);
    vring_desc(&F.r, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 0); /* loops onto itself */
    vring_publish(&F.r, 0);
    drv_notify(F.t, 0);
    assert_needs_reset();
    assert_non_null(strstr(virtio_mmio_last_error(F.t), "loop"));
    stop();
}

static void test_readonly_device(void **state)
{
    (void)state;
    start(true, ~0ull);
    uint64_t f = dev_features(F.t);
    assert_true(f & VIRTIO_BIT(VIRTIO_BLK_F_RO));
    assert_false(f & VIRTIO_BIT(VIRTIO_BLK_F_DISCARD));
    assert_false(f & VIRTIO_BIT(VIRTIO_BLK_F_WRITE_ZEROES));
    memset(gp(&F.pm, DATA), 0, 512);
    /* §5.2.6.2: IOERR, and no data written. */
    assert_int_equal(request(VIRTIO_BLK_T_OUT, 0, 512, false, NULL), VIRTIO_BLK_S_IOERR);
    put_range(0, 0, 1, 0);
    assert_int_equal(request(VIRTIO_BLK_T_DISCARD, 0, 16, false, NULL), VIRTIO_BLK_S_UNSUPP);
    assert_int_equal(request(VIRTIO_BLK_T_IN, 0, 512, true, NULL), VIRTIO_BLK_S_OK);
    assert_int_equal(gp(&F.pm, DATA)[1], pattern(1));
    assert_int_equal(request(VIRTIO_BLK_T_FLUSH, 0, 0, false, NULL), VIRTIO_BLK_S_OK);
    stop();
}

static void test_event_idx_suppression(void **state)
{
    (void)state;
    start(false, VIRTIO_BIT(VIRTIO_F_EVENT_IDX) | VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC));
    assert_true(virtio_mmio_has(F.t, VIRTIO_F_EVENT_IDX));
    /* The driver wants an interrupt only after the 3rd completion. */
    vring_used_event(&F.r, 2);
    for (int i = 0; i < 3; i++) {
        uint8_t st;
        put_hdr(VIRTIO_BLK_T_IN, 0);
        vring_desc(&F.r, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
        vring_desc(&F.r, 1, DATA, 512, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
        vring_desc(&F.r, 2, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
        run(0, &st);
        assert_int_equal(st, VIRTIO_BLK_S_OK);
        assert_int_equal(F.irq.level, i == 2);
        /* The device asks to hear about the next request. */
        assert_int_equal(vring_avail_event(&F.r), i + 1);
    }
    stop();
}

static void test_before_driver_ok(void **state)
{
    (void)state;
    start(false, ~0ull);
    /* Reset and set up again, but notify before DRIVER_OK: nothing is used
     * (§3.1.1) until the driver says it is ready. */
    vring_init(&F.r, &F.pm, 128, RING);
    assert_true(drv_negotiate(F.t, V1));
    drv_queue(F.t, 0, &F.r);
    put_hdr(VIRTIO_BLK_T_IN, 0);
    vring_desc(&F.r, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
    vring_desc(&F.r, 1, DATA, 512, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
    vring_desc(&F.r, 2, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
    vring_publish(&F.r, 0);
    drv_notify(F.t, 0);
    assert_int_equal(vring_used_idx(&F.r), 0);
    drv_ok(F.t);
    assert_int_equal(vring_used_idx(&F.r), 1);
    stop();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_write_then_flush),
        cmocka_unit_test(test_scatter_gather_and_indirect),
        cmocka_unit_test(test_get_id),
        cmocka_unit_test(test_discard_write_zeroes),
        cmocka_unit_test(test_bad_requests_ioerr),
        cmocka_unit_test(test_no_status_byte_needs_reset),
        cmocka_unit_test(test_broken_ring_needs_reset),
        cmocka_unit_test(test_readonly_device),
        cmocka_unit_test(test_event_idx_suppression),
        cmocka_unit_test(test_before_driver_ok),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
