/* block_internal.h - shared between block.c (raw images) and overlay.c
 * (the snapshot=on copy-on-write layer). Not for use outside devices/block/. */
#ifndef TINYVM_DEVICES_BLOCK_INTERNAL_H
#define TINYVM_DEVICES_BLOCK_INTERNAL_H

#include "devices/block/block.h"

typedef struct blk_overlay blk_overlay_t;

struct blk {
    char *path;
    int fd;                 /* the image */
    bool readonly;          /* guest view */
    bool image_writable;    /* the image itself is opened for writing */
    bool discard;
    blk_cache_t cache;
    uint64_t size;          /* bytes, multiple of BLK_SECTOR */
    unsigned host_block;    /* st_blksize */
    blk_overlay_t *overlay; /* snapshot=on, else NULL */
};

/* Positional I/O on one fd that copes with short transfers and EINTR.
 * raw_preadv zero-fills past end of file. */
int blk_raw_preadv(int fd, uint64_t off, const struct iovec *iov, int iovcnt);
int blk_raw_pwritev(int fd, uint64_t off, const struct iovec *iov, int iovcnt);
/* Zero [off, off+len) of fd: a hole if allowed, else ZERO_RANGE, else writes. */
int blk_raw_zero(int fd, uint64_t off, uint64_t len, bool punch);

/* Bytes [skip, skip+len) of an iovec as a new iovec in out (at most max
 * entries). Returns the entry count, or -1 if it does not fit. */
int blk_iov_slice(const struct iovec *iov, int iovcnt, size_t skip, size_t len,
                  struct iovec *out, int max);
size_t blk_iov_size(const struct iovec *iov, int iovcnt);

/* overlay.c */
blk_overlay_t *blk_overlay_create(uint64_t size, const char *tmpdir, char *err, size_t errlen);
void blk_overlay_destroy(blk_overlay_t *ov);
int blk_overlay_preadv(blk_overlay_t *ov, int base_fd, uint64_t off, const struct iovec *iov,
                       int iovcnt);
int blk_overlay_pwritev(blk_overlay_t *ov, uint64_t off, const struct iovec *iov, int iovcnt);
int blk_overlay_zero(blk_overlay_t *ov, uint64_t off, uint64_t len);

#endif
