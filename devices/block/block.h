/* block.h - block backends: what a virtual disk is stored in on the host.
 *
 * One backend kind today, a raw image (a regular file or a host block
 * device) accessed with preadv/pwritev, optionally under a copy-on-write
 * overlay (snapshot=on, -snapshot) that keeps every guest write in a
 * temporary file and never writes to the image.
 *
 *   - FLUSH is fdatasync(), so a write the guest has flushed is on the host
 *     file (virtio 1.2 §5.2.6.2: stable writes). cache=writethrough and
 *     directsync sync after every write; cache=unsafe ignores flushes;
 *     cache=writeback (the default) and none rely on FLUSH. blk_close()
 *     syncs a writable image, so a clean shutdown loses nothing.
 *   - DISCARD punches a hole (fallocate PUNCH_HOLE), so the image file
 *     shrinks on the host when the guest trims; write-zeroes uses
 *     ZERO_RANGE or a hole where it can, plain zero writes where it cannot.
 *   - A writable image holds an exclusive open-file-description lock
 *     (F_OFD_SETLK) for as long as it is open; read-only and snapshot images
 *     hold a shared one. A second tinyvm (or QEMU, which uses the same kind
 *     of lock) that would write to an image in use is refused with a clear
 *     error instead of silently corrupting the filesystem.
 *
 * Threads: every I/O call is positional (no shared file offset) and touches
 * only the request's own buffers, so a later version can run requests on a
 * worker thread; the overlay's sector bitmap is the one piece of shared state
 * that would then need a lock (overlay.c).
 *
 * All offsets and lengths are bytes and must be multiples of BLK_SECTOR.
 * I/O functions return 0 or a negative errno value.
 */
#ifndef TINYVM_DEVICES_BLOCK_H
#define TINYVM_DEVICES_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define BLK_SECTOR 512u

typedef enum blk_cache {
    BLK_CACHE_WRITEBACK = 0, /* host page cache; FLUSH syncs (default) */
    BLK_CACHE_NONE,          /* QEMU bypasses the page cache; tinyvm treats it as writeback */
    BLK_CACHE_WRITETHROUGH,  /* every write is synced before it completes */
    BLK_CACHE_DIRECTSYNC,    /* the same as writethrough here */
    BLK_CACHE_UNSAFE,        /* FLUSH does nothing: fast, loses data on a host crash */
} blk_cache_t;

typedef struct blk_open_opts {
    const char *path;
    bool readonly;      /* the guest cannot write (image opened read-only) */
    bool snapshot;      /* guest writes go to a temporary overlay; image opened read-only */
    bool discard;       /* honour DISCARD with hole punching (else it is a no-op) */
    blk_cache_t cache;
    const char *tmpdir; /* directory for the overlay; NULL: $TMPDIR, else /var/tmp */
} blk_open_opts_t;

/* blk_open() results. */
enum {
    BLK_OPEN_OK = 0,
    BLK_OPEN_USAGE = 1, /* the user's problem: missing file, image in use, ... */
    BLK_OPEN_HOST = 2,  /* the host's problem: cannot create the overlay, ... */
};

typedef struct blk blk_t;

/* Open a backend. On failure *out is NULL and err holds one line
 * "PATH: problem" (no newline). */
int blk_open(blk_t **out, const blk_open_opts_t *o, char *err, size_t errlen);

/* Sync (if the image was written) and close. Returns 0 or -errno of a
 * failed final sync (the image is closed either way). NULL is allowed. */
int blk_close(blk_t *b);

/* Size the guest sees, in bytes: the image size rounded down to a sector. */
uint64_t blk_size(const blk_t *b);
/* The guest may not write (readonly=on). A snapshot is writable. */
bool blk_readonly(const blk_t *b);
/* Discard is honoured (discard=unmap, the default, and the guest may write). */
bool blk_can_discard(const blk_t *b);
/* The host's preferred I/O size for the image (st_blksize), at least 512:
 * the guest is told about it as the physical block size. */
unsigned blk_host_block_size(const blk_t *b);
const char *blk_path(const blk_t *b);

/* Read/write len bytes (the sum of the iovec) at byte offset off. Reads past
 * the end of the host file (a file shrunk behind tinyvm's back) give zeros. */
int blk_preadv(blk_t *b, uint64_t off, const struct iovec *iov, int iovcnt);
int blk_pwritev(blk_t *b, uint64_t off, const struct iovec *iov, int iovcnt);
int blk_flush(blk_t *b);
int blk_discard(blk_t *b, uint64_t off, uint64_t len);
/* After this, [off, off+len) reads as zeros; may_unmap allows a hole. */
int blk_write_zeroes(blk_t *b, uint64_t off, uint64_t len, bool may_unmap);

#endif
