/* overlay.c - the snapshot=on copy-on-write layer.
 *
 * Guest writes go to a temporary sparse file as big as the image, at the
 * same offsets; a bitmap with one bit per 512-byte sector says which sectors
 * the overlay holds. Reads take each run of sectors from the overlay or from
 * the image. Because the guest only ever writes whole sectors (virtio-blk
 * counts in 512-byte sectors), a write never needs to copy old data up from
 * the image first. The image is opened read-only and never written; the
 * overlay is unlinked from the start, so it disappears when tinyvm exits,
 * however it exits.
 *
 * The bitmap costs one bit per sector: 256 KiB of host memory per GiB of
 * image (a 64 GiB image needs 16 MiB).
 *
 * Threads: the bitmap is the one shared structure; an asynchronous block
 * layer must hold a lock around bitmap updates and the reads that consult
 * them, and order overlapping requests (virtio-blk drivers do not issue
 * overlapping writes concurrently, but the device cannot rely on it).
 */
#include "block_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct blk_overlay {
    int fd;
    uint64_t nsectors;
    uint64_t *bits; /* bit s: sector s lives in the overlay */
};

static bool test_bit(const blk_overlay_t *ov, uint64_t s)
{
    return (ov->bits[s / 64] >> (s % 64)) & 1;
}

static void set_bits(blk_overlay_t *ov, uint64_t s, uint64_t n)
{
    for (; n && s % 64; s++, n--)
        ov->bits[s / 64] |= 1ull << (s % 64);
    for (; n >= 64; s += 64, n -= 64)
        ov->bits[s / 64] = ~0ull;
    for (; n; s++, n--)
        ov->bits[s / 64] |= 1ull << (s % 64);
}

/* End of the run of sectors starting at s that share s's bit, capped at end. */
static uint64_t run_end(const blk_overlay_t *ov, uint64_t s, uint64_t end)
{
    bool v = test_bit(ov, s);
    uint64_t want = v ? ~0ull : 0;
    s++;
    while (s < end) {
        if (s % 64 == 0 && end - s >= 64 && ov->bits[s / 64] == want) {
            s += 64;
            continue;
        }
        if (test_bit(ov, s) != v)
            break;
        s++;
    }
    return s < end ? s : end;
}

static int make_temp(const char *dir)
{
    int fd = -1;
#ifdef O_TMPFILE
    fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
#endif
    /* No O_TMPFILE on this filesystem: create and unlink at once. */
    char path[4096];
    snprintf(path, sizeof(path), "%s/tinyvm-snapshot-XXXXXX", dir);
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0)
        unlink(path);
    return fd;
}

blk_overlay_t *blk_overlay_create(uint64_t size, const char *tmpdir, char *err, size_t errlen)
{
    /* QEMU's choice: /var/tmp, which is on disk, where /tmp is often a RAM
     * filesystem too small for a disk's worth of writes. */
    const char *dir = tmpdir ? tmpdir : getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/var/tmp";
    blk_overlay_t *ov = calloc(1, sizeof(*ov));
    if (!ov) {
        snprintf(err, errlen, "snapshot=on: %s", strerror(ENOMEM));
        return NULL;
    }
    ov->nsectors = size / BLK_SECTOR;
    ov->bits = calloc((size_t)(ov->nsectors / 64 + 1), sizeof(uint64_t));
    ov->fd = ov->bits ? make_temp(dir) : -1;
    if (!ov->bits || ov->fd < 0 || ftruncate(ov->fd, (off_t)size) < 0) {
        snprintf(err, errlen, "snapshot=on: cannot create a temporary overlay in %s: %s", dir,
                 strerror(ov->bits ? errno : ENOMEM));
        blk_overlay_destroy(ov);
        return NULL;
    }
    return ov;
}

void blk_overlay_destroy(blk_overlay_t *ov)
{
    if (!ov)
        return;
    if (ov->fd >= 0)
        close(ov->fd);
    free(ov->bits);
    free(ov);
}

int blk_overlay_preadv(blk_overlay_t *ov, int base_fd, uint64_t off, const struct iovec *iov,
                       int iovcnt)
{
    size_t len = blk_iov_size(iov, iovcnt);
    uint64_t s = off / BLK_SECTOR, end = (off + len) / BLK_SECTOR;
    struct iovec *piece = malloc(sizeof(*piece) * (size_t)(iovcnt ? iovcnt : 1));
    if (!piece)
        return -ENOMEM;
    int rc = 0;
    while (s < end && !rc) {
        uint64_t e = run_end(ov, s, end);
        size_t skip = (size_t)(s * BLK_SECTOR - off), bytes = (size_t)((e - s) * BLK_SECTOR);
        int n = blk_iov_slice(iov, iovcnt, skip, bytes, piece, iovcnt);
        if (n < 0)
            rc = -EINVAL;
        else
            rc = blk_raw_preadv(test_bit(ov, s) ? ov->fd : base_fd, s * BLK_SECTOR, piece, n);
        s = e;
    }
    free(piece);
    return rc;
}

int blk_overlay_pwritev(blk_overlay_t *ov, uint64_t off, const struct iovec *iov, int iovcnt)
{
    size_t len = blk_iov_size(iov, iovcnt);
    int rc = blk_raw_pwritev(ov->fd, off, iov, iovcnt);
    /* Only once the data is in the overlay do reads go there. */
    if (!rc)
        set_bits(ov, off / BLK_SECTOR, len / BLK_SECTOR);
    return rc;
}

int blk_overlay_zero(blk_overlay_t *ov, uint64_t off, uint64_t len)
{
    /* A hole in the overlay reads as zeros; marking the sectors as the
     * overlay's makes them read as zeros without touching the image. */
    int rc = blk_raw_zero(ov->fd, off, len, true);
    if (!rc)
        set_bits(ov, off / BLK_SECTOR, len / BLK_SECTOR);
    return rc;
}
