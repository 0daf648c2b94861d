/* block.c - raw image backend: open, lock, positional I/O, flush, discard.
 * See block.h. */
#include "block_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FALLOC_FL_KEEP_SIZE
#include <linux/falloc.h>
#endif

/* ---- iovec helpers -------------------------------------------------------------- */

size_t blk_iov_size(const struct iovec *iov, int iovcnt)
{
    size_t n = 0;
    for (int i = 0; i < iovcnt; i++)
        n += iov[i].iov_len;
    return n;
}

int blk_iov_slice(const struct iovec *iov, int iovcnt, size_t skip, size_t len,
                  struct iovec *out, int max)
{
    int n = 0;
    for (int i = 0; i < iovcnt && len; i++) {
        if (skip >= iov[i].iov_len) {
            skip -= iov[i].iov_len;
            continue;
        }
        if (n == max)
            return -1;
        size_t take = iov[i].iov_len - skip;
        if (take > len)
            take = len;
        out[n].iov_base = (uint8_t *)iov[i].iov_base + skip;
        out[n].iov_len = take;
        n++;
        len -= take;
        skip = 0;
    }
    return len ? -1 : n;
}

/* ---- positional I/O ----------------------------------------------------------------- */

/* preadv/pwritev may transfer less than asked (signals, large requests, the
 * end of a file); these loop until done. At most IOV_MAX entries go to one
 * call. */
typedef ssize_t (*iofn)(int, const struct iovec *, int, off_t);

static int full_io(iofn fn, bool reading, int fd, uint64_t off, const struct iovec *iov,
                   int iovcnt)
{
    struct iovec local[64];
    size_t total = blk_iov_size(iov, iovcnt), done = 0;
    while (done < total) {
        int n = blk_iov_slice(iov, iovcnt, done, total - done, local, 64);
        if (n < 0) /* more than 64 pieces left: take the first 64 */
            n = 64;
        if (n > IOV_MAX)
            n = IOV_MAX;
        ssize_t r = fn(fd, local, n, (off_t)(off + done));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (r == 0) {
            if (!reading)
                return -EIO;
            /* End of file: the rest reads as zeros. */
            struct iovec rest[64];
            while (done < total) {
                int m = blk_iov_slice(iov, iovcnt, done, total - done, rest, 64);
                if (m < 0)
                    m = 64;
                for (int i = 0; i < m; i++) {
                    memset(rest[i].iov_base, 0, rest[i].iov_len);
                    done += rest[i].iov_len;
                }
            }
            break;
        }
        done += (size_t)r;
    }
    return 0;
}

int blk_raw_preadv(int fd, uint64_t off, const struct iovec *iov, int iovcnt)
{
    return full_io(preadv, true, fd, off, iov, iovcnt);
}

static ssize_t pwritev_fn(int fd, const struct iovec *iov, int n, off_t off)
{
    return pwritev(fd, iov, n, off);
}

int blk_raw_pwritev(int fd, uint64_t off, const struct iovec *iov, int iovcnt)
{
    return full_io(pwritev_fn, false, fd, off, iov, iovcnt);
}

static const uint8_t zero_block[64 * 1024];

int blk_raw_zero(int fd, uint64_t off, uint64_t len, bool punch)
{
    if (len == 0)
        return 0;
    /* A hole reads as zeros and frees host space; ZERO_RANGE keeps the
     * blocks allocated. Either is one system call. */
    if (punch && fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off,
                           (off_t)len) == 0)
        return 0;
    if (fallocate(fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) == 0)
        return 0;
    /* The filesystem (or a block device) cannot do either: write zeros. */
    struct iovec iov[16];
    while (len) {
        int n = 0;
        uint64_t chunk = 0;
        while (n < 16 && chunk < len) {
            uint64_t piece = len - chunk;
            if (piece > sizeof(zero_block))
                piece = sizeof(zero_block);
            iov[n].iov_base = (void *)zero_block;
            iov[n].iov_len = (size_t)piece;
            chunk += piece;
            n++;
        }
        int rc = blk_raw_pwritev(fd, off, iov, n);
        if (rc)
            return rc;
        off += chunk;
        len -= chunk;
    }
    return 0;
}

/* ---- open / close ---------------------------------------------------------------------- */

static int open_error(char *err, size_t errlen, int code, const char *path, const char *fmt,
                      const char *detail)
{
    char msg[256];
    snprintf(msg, sizeof(msg), fmt, detail);
    snprintf(err, errlen, "%s: %s", path, msg);
    return code;
}

/* Lock the whole image with an open file description lock (fcntl(2)
 * F_OFD_SETLK): it belongs to this open file, not to the process, so a
 * second open - in another tinyvm or in this one - conflicts, and it goes
 * away by itself when the file is closed or tinyvm dies. Writers take it
 * exclusive, readers shared, the same scheme as QEMU's image locking, so a
 * QEMU and a tinyvm also keep each other off the same image. */
static int lock_image(int fd, bool exclusive, const char *path, char *err, size_t errlen)
{
    struct flock fl;
    memset(&fl, 0, sizeof(fl));
    fl.l_type = exclusive ? F_WRLCK : F_RDLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = 0;
    fl.l_len = 0; /* to the end, however far it grows */
    if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
        return 0;
    if (errno == EAGAIN || errno == EACCES) {
        /* Say what the other process does with it: only readers can be
         * shared with (readonly=on, snapshot=on). */
        struct flock other = fl;
        other.l_type = F_WRLCK;
        bool other_writes = fcntl(fd, F_OFD_GETLK, &other) != 0 || other.l_type != F_RDLCK;
        if (other_writes)
            return open_error(err, errlen, BLK_OPEN_USAGE, path, "%s",
                              "the image is in use by another process that writes to it "
                              "(it is locked)");
        return open_error(err, errlen, BLK_OPEN_USAGE, path, "%s",
                          "the image is in use read-only by another process (it is locked); "
                          "add readonly=on or snapshot=on to share it");
    }
    /* Filesystems without lock support (some network filesystems): carry
     * on unlocked rather than refuse to boot. */
    return 0;
}

int blk_open(blk_t **out, const blk_open_opts_t *o, char *err, size_t errlen)
{
    *out = NULL;
    const char *path = o->path;
    if (!path || !*path)
        return open_error(err, errlen, BLK_OPEN_USAGE, "-drive", "%s", "empty file name");
    bool image_writable = !o->readonly && !o->snapshot;
    int fd = open(path, (image_writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        return open_error(err, errlen, BLK_OPEN_USAGE, path, "%s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        return open_error(err, errlen, BLK_OPEN_USAGE, path, "%s", strerror(e));
    }
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
        close(fd);
        return open_error(err, errlen, BLK_OPEN_USAGE, path, "%s",
                          S_ISDIR(st.st_mode) ? strerror(EISDIR)
                                              : "not a regular file or block device");
    }
    off_t end = lseek(fd, 0, SEEK_END); /* the size of a block device, too */
    if (end < 0) {
        int e = errno;
        close(fd);
        return open_error(err, errlen, BLK_OPEN_USAGE, path, "%s", strerror(e));
    }
    int rc = lock_image(fd, image_writable, path, err, errlen);
    if (rc) {
        close(fd);
        return rc;
    }
    blk_t *b = calloc(1, sizeof(*b));
    char *p = strdup(path);
    if (!b || !p) {
        free(b);
        free(p);
        close(fd);
        return open_error(err, errlen, BLK_OPEN_HOST, path, "%s", strerror(ENOMEM));
    }
    b->path = p;
    b->fd = fd;
    b->readonly = o->readonly;
    b->image_writable = image_writable;
    b->discard = o->discard && !o->readonly;
    b->cache = o->cache;
    /* A tail shorter than a sector cannot be addressed by the guest (virtio
     * capacity is in 512-byte sectors); it stays untouched in the file. */
    b->size = (uint64_t)end & ~(uint64_t)(BLK_SECTOR - 1);
    b->host_block = st.st_blksize >= (blksize_t)BLK_SECTOR ? (unsigned)st.st_blksize : BLK_SECTOR;
    if (o->snapshot && !o->readonly) {
        b->overlay = blk_overlay_create(b->size, o->tmpdir, err, errlen);
        if (!b->overlay) {
            blk_close(b);
            return BLK_OPEN_HOST;
        }
    }
    *out = b;
    return BLK_OPEN_OK;
}

int blk_close(blk_t *b)
{
    if (!b)
        return 0;
    int rc = 0;
    if (b->image_writable && b->cache != BLK_CACHE_UNSAFE && fdatasync(b->fd) < 0)
        rc = -errno;
    close(b->fd);
    blk_overlay_destroy(b->overlay);
    free(b->path);
    free(b);
    return rc;
}

uint64_t blk_size(const blk_t *b) { return b->size; }
bool blk_readonly(const blk_t *b) { return b->readonly; }
bool blk_can_discard(const blk_t *b) { return b->discard; }
unsigned blk_host_block_size(const blk_t *b) { return b->host_block; }
const char *blk_path(const blk_t *b) { return b->path; }

/* ---- requests ------------------------------------------------------------------------------ */

static int check_range(const blk_t *b, uint64_t off, uint64_t len)
{
    if (off % BLK_SECTOR || len % BLK_SECTOR)
        return -EINVAL;
    if (off > b->size || len > b->size - off)
        return -ENOSPC;
    return 0;
}

int blk_preadv(blk_t *b, uint64_t off, const struct iovec *iov, int iovcnt)
{
    int rc = check_range(b, off, blk_iov_size(iov, iovcnt));
    if (rc)
        return rc;
    if (b->overlay)
        return blk_overlay_preadv(b->overlay, b->fd, off, iov, iovcnt);
    return blk_raw_preadv(b->fd, off, iov, iovcnt);
}

int blk_pwritev(blk_t *b, uint64_t off, const struct iovec *iov, int iovcnt)
{
    if (b->readonly)
        return -EROFS;
    int rc = check_range(b, off, blk_iov_size(iov, iovcnt));
    if (rc)
        return rc;
    if (b->overlay)
        return blk_overlay_pwritev(b->overlay, off, iov, iovcnt);
    rc = blk_raw_pwritev(b->fd, off, iov, iovcnt);
    if (!rc && (b->cache == BLK_CACHE_WRITETHROUGH || b->cache == BLK_CACHE_DIRECTSYNC) &&
        fdatasync(b->fd) < 0)
        rc = -errno;
    return rc;
}

int blk_flush(blk_t *b)
{
    /* An overlay is thrown away at exit: nothing to make durable. */
    if (!b->image_writable || b->cache == BLK_CACHE_UNSAFE)
        return 0;
    return fdatasync(b->fd) < 0 ? -errno : 0;
}

int blk_discard(blk_t *b, uint64_t off, uint64_t len)
{
    if (b->readonly)
        return -EROFS;
    int rc = check_range(b, off, len);
    if (rc || !b->discard || len == 0)
        return rc;
    if (b->overlay)
        return blk_overlay_zero(b->overlay, off, len);
    /* §5.2.6.2: after a discard the device may return anything, so a
     * filesystem that cannot punch holes just keeps the data. */
    if (fallocate(b->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) < 0 &&
        errno != EOPNOTSUPP && errno != ENOSYS)
        return -errno;
    return 0;
}

int blk_write_zeroes(blk_t *b, uint64_t off, uint64_t len, bool may_unmap)
{
    if (b->readonly)
        return -EROFS;
    int rc = check_range(b, off, len);
    if (rc)
        return rc;
    if (b->overlay)
        return blk_overlay_zero(b->overlay, off, len);
    rc = blk_raw_zero(b->fd, off, len, may_unmap && b->discard);
    if (!rc && (b->cache == BLK_CACHE_WRITETHROUGH || b->cache == BLK_CACHE_DIRECTSYNC) &&
        fdatasync(b->fd) < 0)
        rc = -errno;
    return rc;
}
