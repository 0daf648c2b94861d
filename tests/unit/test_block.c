/* test_block.c - block backends (devices/block/): raw images, the
 * snapshot=on overlay, read-only images and image locking. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "devices/block/block.h"

#define IMG_SIZE (4u << 20)

static char dir[64], img[128];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/tinyvm-blk-XXXXXX");
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

/* A fresh image of IMG_SIZE bytes (plus tail extra bytes) where byte i is
 * pattern(i). */
static uint8_t pattern(uint64_t i) { return (uint8_t)(i * 7 + (i >> 9)); }

static void make_image(unsigned tail)
{
    FILE *f = fopen(img, "w");
    assert_non_null(f);
    for (uint64_t i = 0; i < IMG_SIZE + tail; i++)
        fputc(pattern(i), f);
    fclose(f);
}

static blk_t *open_img(bool readonly, bool snapshot)
{
    blk_open_opts_t o = { .path = img, .readonly = readonly, .snapshot = snapshot, .discard = true,
                          .tmpdir = dir };
    blk_t *b;
    char err[256];
    int rc = blk_open(&b, &o, err, sizeof(err));
    if (rc)
        fprintf(stderr, "blk_open: %s\n", err);
    assert_int_equal(rc, BLK_OPEN_OK);
    return b;
}

static int rd(blk_t *b, uint64_t off, void *buf, size_t len)
{
    struct iovec iov = { buf, len };
    return blk_preadv(b, off, &iov, 1);
}

static int wr(blk_t *b, uint64_t off, const void *buf, size_t len)
{
    struct iovec iov = { (void *)buf, len };
    return blk_pwritev(b, off, &iov, 1);
}

static void file_bytes(uint64_t off, void *buf, size_t len)
{
    int fd = open(img, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(pread(fd, buf, len, (off_t)off), (ssize_t)len);
    close(fd);
}

static void assert_pattern(const uint8_t *buf, uint64_t off, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (buf[i] != pattern(off + i)) {
            fprintf(stderr, "byte %llu: %02x, want %02x\n", (unsigned long long)(off + i), buf[i],
                    pattern(off + i));
            fail();
        }
}

/* ---- raw ---------------------------------------------------------------------------------------- */

static void test_raw_read_write(void **state)
{
    (void)state;
    make_image(100); /* a tail shorter than a sector is invisible */
    blk_t *b = open_img(false, false);
    assert_int_equal(blk_size(b), IMG_SIZE);
    assert_false(blk_readonly(b));
    assert_true(blk_can_discard(b));
    assert_true(blk_host_block_size(b) >= 512);
    assert_string_equal(blk_path(b), img);

    uint8_t buf[4096], a[512], c[1024];
    assert_int_equal(rd(b, 8192, buf, sizeof(buf)), 0);
    assert_pattern(buf, 8192, sizeof(buf));
    /* Scatter-gather: one read into three buffers. */
    struct iovec iov[3] = { { a, 512 }, { buf, 512 }, { c, 1024 } };
    assert_int_equal(blk_preadv(b, 512, iov, 3), 0);
    assert_pattern(a, 512, 512);
    assert_pattern(buf, 1024, 512);
    assert_pattern(c, 1536, 1024);

    memset(buf, 0xab, sizeof(buf));
    assert_int_equal(wr(b, IMG_SIZE - 4096, buf, 4096), 0);
    assert_int_equal(blk_flush(b), 0);
    uint8_t check[4096];
    file_bytes(IMG_SIZE - 4096, check, 4096); /* on the host file */
    assert_memory_equal(check, buf, 4096);

    /* Out of range, unaligned. */
    assert_int_equal(rd(b, IMG_SIZE, buf, 512), -ENOSPC);
    assert_int_equal(rd(b, IMG_SIZE - 512, buf, 1024), -ENOSPC);
    assert_int_equal(wr(b, UINT64_MAX - 511, buf, 512), -ENOSPC);
    assert_int_equal(rd(b, 100, buf, 512), -EINVAL);
    assert_int_equal(rd(b, 0, buf, 100), -EINVAL);
    assert_int_equal(blk_close(b), 0);
    assert_int_equal(blk_close(NULL), 0);
}

static void test_raw_many_iovecs(void **state)
{
    (void)state;
    make_image(0);
    blk_t *b = open_img(false, false);
    /* More pieces than one preadv call takes at a time inside block.c. */
    static uint8_t bufs[300][512];
    struct iovec iov[300];
    for (int i = 0; i < 300; i++)
        iov[i] = (struct iovec){ bufs[i], 512 };
    assert_int_equal(blk_preadv(b, 0, iov, 300), 0);
    for (int i = 0; i < 300; i++)
        assert_pattern(bufs[i], 512u * i, 512);
    for (int i = 0; i < 300; i++)
        memset(bufs[i], i, 512);
    assert_int_equal(blk_pwritev(b, 512, iov, 300), 0);
    uint8_t chk[512];
    file_bytes(512 + 512 * 299, chk, 512);
    assert_int_equal(chk[0], 299 & 0xff);
    blk_close(b);
}

static void test_raw_short_file(void **state)
{
    (void)state;
    make_image(0);
    blk_t *b = open_img(false, false);
    /* The image shrinks behind tinyvm's back: reads past EOF give zeros. */
    assert_int_equal(truncate(img, 4096), 0);
    uint8_t buf[8192];
    memset(buf, 0x55, sizeof(buf));
    assert_int_equal(rd(b, 0, buf, sizeof(buf)), 0);
    assert_pattern(buf, 0, 4096);
    for (int i = 4096; i < 8192; i++)
        assert_int_equal(buf[i], 0);
    blk_close(b);
}

static void test_discard_and_write_zeroes(void **state)
{
    (void)state;
    make_image(0);
    blk_t *b = open_img(false, false);
    struct stat before, after;
    assert_int_equal(stat(img, &before), 0);
    assert_int_equal(blk_discard(b, 1 << 20, 1 << 20), 0);
    assert_int_equal(stat(img, &after), 0);
    assert_int_equal(after.st_size, before.st_size);
    /* Hole punching frees host blocks where the filesystem can (tmpfs,
     * ext4, xfs and btrfs all can). */
    assert_true(after.st_blocks <= before.st_blocks);

    uint8_t buf[65536];
    assert_int_equal(blk_write_zeroes(b, 65536, 65536, false), 0);
    assert_int_equal(rd(b, 65536, buf, sizeof(buf)), 0);
    for (size_t i = 0; i < sizeof(buf); i++)
        assert_int_equal(buf[i], 0);
    assert_int_equal(blk_write_zeroes(b, 3 * 65536, 512, true), 0);
    assert_int_equal(rd(b, 3 * 65536, buf, 1024), 0);
    for (size_t i = 0; i < 512; i++)
        assert_int_equal(buf[i], 0);
    assert_pattern(buf + 512, 3 * 65536 + 512, 512);
    assert_int_equal(blk_discard(b, 0, IMG_SIZE + 512), -ENOSPC);
    assert_int_equal(blk_write_zeroes(b, 1, 512, false), -EINVAL);
    blk_close(b);

    /* discard=ignore: DISCARD changes nothing. */
    make_image(0);
    blk_open_opts_t o = { .path = img, .discard = false };
    char err[256];
    assert_int_equal(blk_open(&b, &o, err, sizeof(err)), 0);
    assert_false(blk_can_discard(b));
    assert_int_equal(blk_discard(b, 0, 4096), 0);
    assert_int_equal(rd(b, 0, buf, 4096), 0);
    assert_pattern(buf, 0, 4096);
    blk_close(b);
}

static void test_cache_modes(void **state)
{
    (void)state;
    make_image(0);
    for (blk_cache_t c = BLK_CACHE_WRITEBACK; c <= BLK_CACHE_UNSAFE; c++) {
        blk_open_opts_t o = { .path = img, .cache = c, .discard = true };
        blk_t *b;
        char err[256];
        assert_int_equal(blk_open(&b, &o, err, sizeof(err)), 0);
        uint8_t buf[512];
        memset(buf, (int)c + 1, sizeof(buf));
        assert_int_equal(wr(b, 512u * c, buf, 512), 0);
        assert_int_equal(blk_write_zeroes(b, 8192, 512, false), 0);
        assert_int_equal(blk_flush(b), 0);
        assert_int_equal(blk_close(b), 0);
        uint8_t chk[512];
        file_bytes(512u * c, chk, 512);
        assert_memory_equal(chk, buf, 512); /* nothing lost after close, in any mode */
    }
}

/* ---- read-only ------------------------------------------------------------------------------------ */

static void test_readonly(void **state)
{
    (void)state;
    make_image(0);
    blk_t *b = open_img(true, false);
    assert_true(blk_readonly(b));
    assert_false(blk_can_discard(b));
    uint8_t buf[512] = { 0 };
    assert_int_equal(wr(b, 0, buf, 512), -EROFS);
    assert_int_equal(blk_discard(b, 0, 512), -EROFS);
    assert_int_equal(blk_write_zeroes(b, 0, 512, false), -EROFS);
    assert_int_equal(blk_flush(b), 0);
    assert_int_equal(rd(b, 0, buf, 512), 0);
    assert_pattern(buf, 0, 512);
    blk_close(b);
    file_bytes(0, buf, 512);
    assert_pattern(buf, 0, 512);

    /* A file without write permission opens read-only (only meaningful
     * when not root: root writes anyway). */
    if (geteuid() != 0) {
        chmod(img, 0444);
        b = open_img(true, false);
        blk_close(b);
        blk_open_opts_t o = { .path = img };
        char err[256];
        assert_int_equal(blk_open(&b, &o, err, sizeof(err)), BLK_OPEN_USAGE);
        assert_non_null(strstr(err, strerror(EACCES)));
        chmod(img, 0644);
    }
}

/* ---- snapshot=on -------------------------------------------------------------------------------------- */

static void test_overlay(void **state)
{
    (void)state;
    make_image(0);
    blk_t *b = open_img(false, true);
    assert_false(blk_readonly(b));
    static uint8_t buf[512 * 130], chk[512 * 130];
    /* Writes at scattered sector runs, crossing 64-sector bitmap words. */
    memset(buf, 0xee, sizeof(buf));
    assert_int_equal(wr(b, 512 * 60, buf, 512 * 10), 0);  /* sectors 60..69 */
    assert_int_equal(wr(b, 512 * 72, buf, 512), 0);       /* sector 72 */
    assert_int_equal(wr(b, 512 * 190, buf, 512 * 130), 0); /* 190..319: whole words */
    assert_int_equal(rd(b, 512 * 189, chk, 512 * 130), 0);
    assert_pattern(chk, 512 * 189, 512);
    for (int i = 512; i < 512 * 130; i++)
        assert_int_equal(chk[i], 0xee);
    assert_int_equal(rd(b, 512 * 319, chk, 512 * 2), 0);
    assert_int_equal(chk[0], 0xee);
    assert_pattern(chk + 512, 512 * 320, 512);
    /* Read sectors 50..100: base, overlay, base, overlay, base. */
    assert_int_equal(rd(b, 512 * 50, chk, 512 * 50), 0);
    assert_pattern(chk, 512 * 50, 512 * 10);
    for (int i = 512 * 10; i < 512 * 20; i++)
        assert_int_equal(chk[i], 0xee);
    assert_pattern(chk + 512 * 20, 512 * 70, 512 * 2);
    for (int i = 512 * 22; i < 512 * 23; i++)
        assert_int_equal(chk[i], 0xee);
    assert_pattern(chk + 512 * 23, 512 * 73, 512 * 27);
    /* Write zeroes and discard in the overlay read as zeros; the image is
     * not touched. */
    assert_int_equal(blk_write_zeroes(b, 512 * 1000, 512 * 70, true), 0);
    assert_int_equal(blk_discard(b, 512 * 2000, 512 * 8), 0);
    assert_int_equal(rd(b, 512 * 1000, chk, 512 * 8), 0);
    for (int i = 0; i < 512 * 8; i++)
        assert_int_equal(chk[i], 0);
    assert_int_equal(blk_flush(b), 0);
    /* The whole disk through the overlay, in one read. */
    static uint8_t all[IMG_SIZE];
    assert_int_equal(rd(b, 0, all, IMG_SIZE), 0);
    assert_int_equal(all[512 * 60], 0xee);
    assert_int_equal(all[512 * 1069 + 511], 0);
    assert_pattern(all + 512 * 1070, 512 * 1070, 512);
    blk_close(b);
    /* The image is exactly as before. */
    static uint8_t file[IMG_SIZE];
    file_bytes(0, file, IMG_SIZE);
    assert_pattern(file, 0, IMG_SIZE);
    /* And the overlay is gone (it was never linked in the directory). */
    int entries = 0;
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "ls -A %s | wc -l", dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    assert_int_equal(fscanf(p, "%d", &entries), 1);
    pclose(p);
    assert_int_equal(entries, 1);
}

static void test_overlay_bad_tmpdir(void **state)
{
    (void)state;
    make_image(0);
    blk_open_opts_t o = { .path = img, .snapshot = true, .tmpdir = "/nonexistent-dir" };
    blk_t *b;
    char err[256];
    assert_int_equal(blk_open(&b, &o, err, sizeof(err)), BLK_OPEN_HOST);
    assert_null(b);
    assert_non_null(strstr(err, "snapshot=on"));
    /* The failed open released its lock: the image opens normally. */
    b = open_img(false, false);
    blk_close(b);
}

/* ---- locking --------------------------------------------------------------------------------------------- */

static void test_locking(void **state)
{
    (void)state;
    make_image(0);
    char err[256];
    blk_t *b2;
    blk_open_opts_t w = { .path = img }, r = { .path = img, .readonly = true },
                    s = { .path = img, .snapshot = true, .tmpdir = dir };

    /* A writer excludes a second writer, readers and snapshots. */
    blk_t *b = open_img(false, false);
    assert_int_equal(blk_open(&b2, &w, err, sizeof(err)), BLK_OPEN_USAGE);
    assert_null(b2);
    assert_non_null(strstr(err, img));
    assert_non_null(strstr(err, "in use by another process that writes to it"));
    assert_null(strchr(err, '\n'));
    assert_int_equal(blk_open(&b2, &r, err, sizeof(err)), BLK_OPEN_USAGE);
    assert_non_null(strstr(err, "that writes to it"));
    assert_int_equal(blk_open(&b2, &s, err, sizeof(err)), BLK_OPEN_USAGE);
    blk_close(b);

    /* Readers and snapshots share. */
    b = open_img(true, false);
    assert_int_equal(blk_open(&b2, &r, err, sizeof(err)), 0);
    blk_t *b3;
    assert_int_equal(blk_open(&b3, &s, err, sizeof(err)), 0);
    blk_t *b4;
    assert_int_equal(blk_open(&b4, &w, err, sizeof(err)), BLK_OPEN_USAGE); /* but keep writers out */
    assert_non_null(strstr(err, "read-only by another process"));
    assert_non_null(strstr(err, "readonly=on or snapshot=on"));
    blk_close(b3);
    blk_close(b2);
    blk_close(b);

    /* Closing releases the lock. */
    b = open_img(false, false);
    blk_close(b);
    b = open_img(false, false);

    /* Another process sees the lock too (what a second tinyvm would do). */
    pid_t pid = fork();
    if (pid == 0) {
        blk_t *c;
        char e[256];
        _exit(blk_open(&c, &w, e, sizeof(e)) == BLK_OPEN_USAGE ? 0 : 1);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    blk_close(b);
}

static void test_open_errors(void **state)
{
    (void)state;
    char err[256];
    blk_t *b;
    blk_open_opts_t o = { .path = "/nonexistent/disk.img" };
    assert_int_equal(blk_open(&b, &o, err, sizeof(err)), BLK_OPEN_USAGE);
    assert_non_null(strstr(err, strerror(ENOENT)));
    o.path = dir;
    o.readonly = true;
    assert_int_equal(blk_open(&b, &o, err, sizeof(err)), BLK_OPEN_USAGE);
    assert_non_null(strstr(err, strerror(EISDIR)));
    o.path = "/dev/null";
    assert_int_equal(blk_open(&b, &o, err, sizeof(err)), BLK_OPEN_USAGE);
    assert_non_null(strstr(err, "not a regular file or block device"));
    o.path = "";
    assert_int_equal(blk_open(&b, &o, err, sizeof(err)), BLK_OPEN_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_raw_read_write),
        cmocka_unit_test(test_raw_many_iovecs),
        cmocka_unit_test(test_raw_short_file),
        cmocka_unit_test(test_discard_and_write_zeroes),
        cmocka_unit_test(test_cache_modes),
        cmocka_unit_test(test_readonly),
        cmocka_unit_test(test_overlay),
        cmocka_unit_test(test_overlay_bad_tmpdir),
        cmocka_unit_test(test_locking),
        cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
