/* test_boot.c - the boot loader: Image header checks, gzip, wrong file types,
 * placement rules of booting.rst, RAM too small, and -dtb override.
 *
 * Kernel images are synthetic: a 64-byte header (booting.rst section 4)
 * followed by a recognisable payload, written to temporary files.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libfdt.h>
#include <zlib.h>

#include "board/boot.h"
#include "board/virt.h"
#include "mem/physmap.h"

#define MiB (1ULL << 20)

static char tmpdir[64];
static int file_counter;
static char *made_files[256];
static int n_made;

static const uint8_t seed[DTB_SEED_BYTES] = { 42 };

/* ---- helpers ------------------------------------------------------------------ */

static const char *write_temp(const void *data, size_t len)
{
    char *path = malloc(128);
    assert_non_null(path);
    snprintf(path, 128, "%s/f%d", tmpdir, file_counter++);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (len)
        assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    assert_true(n_made < 256);
    made_files[n_made++] = path;
    return path;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* An Image of len bytes: header, then bytes (i * 7) & 0xff. */
static uint8_t *make_image(size_t len, uint64_t text_offset, uint64_t image_size,
                           uint64_t flags)
{
    uint8_t *img = malloc(len);
    assert_non_null(img);
    for (size_t i = 0; i < len; i++)
        img[i] = (uint8_t)(i * 7);
    memset(img, 0, 64 < len ? 64 : len);
    if (len >= 64) {
        put_le32(img + 0, 0x14000010);      /* code0: b +64 */
        put_le64(img + 8, text_offset);
        put_le64(img + 16, image_size);
        put_le64(img + 24, flags);
        put_le32(img + 56, 0x644d5241);     /* "ARM\x64" */
    }
    return img;
}

static const char *image_file(size_t len, uint64_t text_offset, uint64_t image_size,
                              uint64_t flags)
{
    uint8_t *img = make_image(len, text_offset, image_size, flags);
    const char *p = write_temp(img, len);
    free(img);
    return p;
}

static uint8_t *gzip(const uint8_t *in, size_t len, size_t *outlen)
{
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&zs, len);
    uint8_t *out = malloc(cap);
    assert_non_null(out);
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)len;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    *outlen = zs.total_out;
    deflateEnd(&zs);
    return out;
}

static int setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/tinyvm-boot-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < n_made; i++) {
        unlink(made_files[i]);
        free(made_files[i]);
    }
    rmdir(tmpdir);
    return 0;
}

static boot_config_t config(const char *kernel, uint64_t ram_size)
{
    boot_config_t c;
    memset(&c, 0, sizeof(c));
    c.kernel = kernel;
    c.machine.ram_base = VIRT_RAM_BASE;
    c.machine.ram_size = ram_size;
    c.machine.ncpus = 1;
    c.machine.cpu_compatible = "arm,cortex-a57";
    c.machine.seed = seed;
    return c;
}

/* boot_read_kernel's error for the file at path must contain needle. */
static void assert_kernel_error(const char *path, int status, const char *needle)
{
    uint8_t *data = NULL;
    size_t len = 0;
    char err[256] = "";
    int rc = boot_read_kernel(path, &data, &len, err, sizeof(err));
    if (rc != status || !strstr(err, needle))
        fprintf(stderr, "rc %d, err '%s', wanted '%s'\n", rc, err, needle);
    assert_int_equal(rc, status);
    assert_non_null(strstr(err, needle));
    assert_null(strchr(err, '\n'));
    assert_null(data);
}

static void assert_no_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    assert_true(a + alen <= b || b + blen <= a);
}

/* ---- the header ------------------------------------------------------------------ */

static void test_header_ok(void **state)
{
    (void)state;
    uint8_t *img = make_image(4096, 0x80000, 0x1234000, (1 << 1) | (1 << 3));
    boot_image_hdr_t h;
    char err[256];
    assert_int_equal(boot_parse_image_header(img, 4096, &h, err, sizeof(err)), 0);
    assert_int_equal(h.text_offset, 0x80000);
    assert_int_equal(h.image_size, 0x1234000);
    assert_int_equal(h.page_size, 4096);
    assert_true(h.place_anywhere);
    free(img);

    static const unsigned sizes[4] = { 0, 4096, 16384, 65536 };
    for (unsigned ps = 0; ps < 4; ps++) {
        img = make_image(64, 0, 4096, ps << 1);
        assert_int_equal(boot_parse_image_header(img, 64, &h, err, sizeof(err)), 0);
        assert_int_equal(h.page_size, sizes[ps]);
        assert_false(h.place_anywhere);
        free(img);
    }
}

/* Before v3.17 image_size is 0 and text_offset must be taken as 0x80000. */
static void test_header_old_kernel(void **state)
{
    (void)state;
    uint8_t *img = make_image(64, 0x12345, 0, 0xffff);
    boot_image_hdr_t h;
    char err[256];
    assert_int_equal(boot_parse_image_header(img, 64, &h, err, sizeof(err)), 0);
    assert_int_equal(h.text_offset, 0x80000);
    assert_int_equal(h.flags, 0);
    free(img);
}

static void test_header_errors(void **state)
{
    (void)state;
    boot_image_hdr_t h;
    char err[256];
    uint8_t *img = make_image(64, 0, 4096, 1); /* big-endian kernel */
    assert_int_equal(boot_parse_image_header(img, 64, &h, err, sizeof(err)), VM_EXIT_USAGE);
    assert_non_null(strstr(err, "big-endian"));
    free(img);

    img = make_image(64, 0x80002, 4096, 0);
    assert_int_equal(boot_parse_image_header(img, 64, &h, err, sizeof(err)), VM_EXIT_USAGE);
    assert_non_null(strstr(err, "text_offset"));
    free(img);

    img = make_image(64, 0, 4096, 0);
    assert_int_equal(boot_parse_image_header(img, 63, &h, err, sizeof(err)), VM_EXIT_USAGE);
    assert_non_null(strstr(err, "too small"));
    img[56] ^= 1;
    assert_int_equal(boot_parse_image_header(img, 64, &h, err, sizeof(err)), VM_EXIT_USAGE);
    assert_string_equal(err, "not an arm64 Linux Image (bad magic)");
    free(img);
}

/* ---- file types ---------------------------------------------------------------------- */

static void test_read_raw_and_gzip(void **state)
{
    (void)state;
    size_t len = 3 * MiB + 123;
    uint8_t *img = make_image(len, 0, 8 * MiB, 2);
    const char *raw = write_temp(img, len);
    size_t gzlen;
    uint8_t *gz = gzip(img, len, &gzlen);
    const char *gzp = write_temp(gz, gzlen);

    uint8_t *data;
    size_t dlen;
    char err[256];
    assert_int_equal(boot_read_kernel(raw, &data, &dlen, err, sizeof(err)), 0);
    assert_int_equal(dlen, len);
    assert_memory_equal(data, img, len);
    free(data);
    assert_int_equal(boot_read_kernel(gzp, &data, &dlen, err, sizeof(err)), 0);
    assert_int_equal(dlen, len);
    assert_memory_equal(data, img, len);
    free(data);

    /* Corrupt: flip bytes in the middle of the deflate stream. */
    uint8_t *bad = malloc(gzlen);
    assert_non_null(bad);
    memcpy(bad, gz, gzlen);
    for (size_t i = gzlen / 2; i < gzlen / 2 + 16; i++)
        bad[i] ^= 0x5a;
    assert_kernel_error(write_temp(bad, gzlen), VM_EXIT_USAGE, "corrupt gzip");
    /* Truncated. */
    assert_kernel_error(write_temp(gz, gzlen / 2), VM_EXIT_USAGE, "corrupt gzip");
    /* CRC mismatch in the trailer. */
    memcpy(bad, gz, gzlen);
    bad[gzlen - 6] ^= 1;
    assert_kernel_error(write_temp(bad, gzlen), VM_EXIT_USAGE, "corrupt gzip");
    /* Just the gzip magic. */
    assert_kernel_error(write_temp("\x1f\x8b", 2), VM_EXIT_USAGE, "corrupt gzip");
    free(bad);
    free(gz);
    free(img);
}

static void test_gzip_of_wrong_things(void **state)
{
    (void)state;
    uint8_t junk[4096];
    for (size_t i = 0; i < sizeof(junk); i++)
        junk[i] = (uint8_t)(i * 131 + 7);
    size_t gzlen;
    uint8_t *gz = gzip(junk, sizeof(junk), &gzlen);
    assert_kernel_error(write_temp(gz, gzlen), VM_EXIT_USAGE, "bad magic");
    free(gz);
    memcpy(junk, "\x7f" "ELF\x02\x01\x01", 7);
    gz = gzip(junk, sizeof(junk), &gzlen);
    assert_kernel_error(write_temp(gz, gzlen), VM_EXIT_USAGE, "is an ELF file");
    free(gz);
}

/* More than 256 MiB once decompressed: refused without using more memory. */
static void test_gzip_too_big(void **state)
{
    (void)state;
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    assert_int_equal(deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    static uint8_t zeros[1 << 20];
    size_t cap = 1 << 20, used = 0;
    uint8_t *out = malloc(cap);
    assert_non_null(out);
    for (int i = 0; i <= 257; i++) {
        zs.next_in = zeros;
        zs.avail_in = sizeof(zeros);
        int flush = i == 257 ? Z_FINISH : Z_NO_FLUSH;
        do {
            if (cap - used < 65536) {
                cap *= 2;
                out = realloc(out, cap);
                assert_non_null(out);
            }
            zs.next_out = out + used;
            zs.avail_out = (uInt)(cap - used);
            deflate(&zs, flush);
            used = cap - zs.avail_out;
        } while (zs.avail_in || (flush == Z_FINISH && zs.avail_out == 0));
    }
    deflateEnd(&zs);
    assert_kernel_error(write_temp(out, used), VM_EXIT_USAGE, "more than 256 MiB");
    free(out);
}

static void test_wrong_file_types(void **state)
{
    (void)state;
    uint8_t buf[8192];
    memset(buf, 0, sizeof(buf));

    memcpy(buf, "\x7f" "ELF\x02\x01\x01", 7);
    assert_kernel_error(write_temp(buf, sizeof(buf)), VM_EXIT_USAGE,
                        "is an ELF file; pass the raw Image (arch/arm64/boot/Image)");
    memset(buf, 0, sizeof(buf));
    memcpy(buf + 0x202, "HdrS", 4);
    assert_kernel_error(write_temp(buf, sizeof(buf)), VM_EXIT_USAGE, "x86 bzImage");
    memset(buf, 0, sizeof(buf));
    memcpy(buf, "\xfd" "7zXZ\0", 6);
    assert_kernel_error(write_temp(buf, sizeof(buf)), VM_EXIT_USAGE, "xz");
    memcpy(buf, "\x28\xb5\x2f\xfd", 4);
    assert_kernel_error(write_temp(buf, sizeof(buf)), VM_EXIT_USAGE, "zstd");
    memcpy(buf, "MZ\0\0zimg", 8);
    assert_kernel_error(write_temp(buf, sizeof(buf)), VM_EXIT_USAGE, "EFI zboot");

    /* Random bytes. */
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof(buf); i++) {
        x = x * 1103515245 + 12345;
        buf[i] = (uint8_t)(x >> 16);
    }
    buf[0] = 0x42; /* not a gzip/ELF/... magic */
    assert_kernel_error(write_temp(buf, sizeof(buf)), VM_EXIT_USAGE,
                        "not an arm64 Linux Image (bad magic)");

    /* Truncated: a valid header's first 40 bytes. */
    uint8_t *img = make_image(64, 0, 4096, 0);
    assert_kernel_error(write_temp(img, 40), VM_EXIT_USAGE, "too small");
    free(img);
    assert_kernel_error(write_temp("", 0), VM_EXIT_USAGE, "empty");

    char missing[128];
    snprintf(missing, sizeof(missing), "%s/no-such-file", tmpdir);
    assert_kernel_error(missing, VM_EXIT_USAGE, strerror(ENOENT));
    assert_kernel_error(tmpdir, VM_EXIT_USAGE, strerror(EISDIR));
}

/* ---- placement -------------------------------------------------------------------------- */

static void check_layout(const boot_info_t *bi, const boot_config_t *c)
{
    uint64_t ram_end = c->machine.ram_base + c->machine.ram_size;
    /* Section 4: Image at a 2 MiB-aligned base + text_offset. */
    assert_int_equal(bi->kernel_base % (2 * MiB), 0);
    assert_int_equal(bi->entry, bi->kernel_base + bi->hdr.text_offset);
    assert_true(bi->kernel_base >= c->machine.ram_base);
    assert_true(bi->entry + bi->kernel_size <= ram_end);
    /* Section 2: DTB 8-byte aligned, <= 2 MiB, not overlapping. */
    assert_int_equal(bi->dtb_addr % 8, 0);
    assert_true(bi->dtb_size <= 2 * MiB);
    assert_true(bi->dtb_addr >= c->machine.ram_base);
    assert_true(bi->dtb_addr + bi->dtb_size <= ram_end);
    assert_no_overlap(bi->dtb_addr, bi->dtb_size, bi->entry, bi->kernel_size);
    if (bi->initrd_size) {
        assert_int_equal(bi->initrd_addr % 4096, 0);
        assert_true(bi->initrd_addr + bi->initrd_size <= ram_end);
        assert_no_overlap(bi->initrd_addr, bi->initrd_size, bi->entry, bi->kernel_size);
        assert_no_overlap(bi->initrd_addr, bi->initrd_size, bi->dtb_addr, bi->dtb_size);
        /* Within a 1 GiB-aligned 32 GiB window that covers the kernel. */
        uint64_t win = bi->entry & ~((1ULL << 30) - 1);
        assert_true(bi->initrd_addr >= win);
        assert_true(bi->initrd_addr + bi->initrd_size <= win + (32ULL << 30));
    }
}

static void test_prepare_full(void **state)
{
    (void)state;
    physmap_t pm;
    assert_int_equal(physmap_init(&pm, VIRT_RAM_BASE, 64 * MiB), 0);
    size_t klen = 1 * MiB + 100;
    uint8_t *img = make_image(klen, 0, 3 * MiB, 2 | 8);
    const char *kpath = write_temp(img, klen);
    uint8_t initrd[100000];
    for (size_t i = 0; i < sizeof(initrd); i++)
        initrd[i] = (uint8_t)(i * 13 + 1);
    boot_config_t c = config(kpath, 64 * MiB);
    c.initrd = write_temp(initrd, sizeof(initrd));
    c.bootargs = "console=ttyAMA0 rdinit=/init";
    c.machine.virtio_slots = 1;

    /* Stale bytes where the kernel's BSS goes (a reload after a reset). */
    memset(pm.ram + 2 * MiB + klen, 0xee, 4096);

    boot_info_t bi;
    char err[256] = "";
    int rc = boot_prepare(&c, &pm, &bi, err, sizeof(err));
    if (rc)
        fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    check_layout(&bi, &c);
    assert_int_equal(bi.kernel_base, VIRT_RAM_BASE + 2 * MiB);
    assert_int_equal(bi.entry, VIRT_RAM_BASE + 2 * MiB);
    assert_int_equal(bi.kernel_size, 3 * MiB);
    assert_int_equal(bi.kernel_file_size, klen);
    assert_int_equal(bi.dtb_addr, VIRT_RAM_BASE);
    /* The initrd follows image_size (not the file length), page-aligned. */
    assert_int_equal(bi.initrd_addr, bi.entry + 3 * MiB);
    assert_int_equal(bi.initrd_size, sizeof(initrd));
    assert_int_equal(bi.hdr.page_size, 4096);
    assert_true(bi.hdr.place_anywhere);

    /* Guest RAM holds the Image, a zeroed BSS, the initrd and the DTB. */
    assert_memory_equal(physmap_ram_ptr(&pm, bi.entry), img, klen);
    uint8_t zero[4096] = { 0 };
    assert_memory_equal(physmap_ram_ptr(&pm, bi.entry + klen), zero, sizeof(zero));
    assert_memory_equal(physmap_ram_ptr(&pm, bi.initrd_addr), initrd, sizeof(initrd));
    const void *fdt = physmap_ram_ptr(&pm, bi.dtb_addr);
    assert_int_equal(fdt_check_full(fdt, bi.dtb_size), 0);
    assert_memory_equal(fdt, bi.dtb, bi.dtb_size);
    int chosen = fdt_path_offset(fdt, "/chosen");
    assert_true(chosen >= 0);
    assert_string_equal(fdt_getprop(fdt, chosen, "bootargs", NULL), c.bootargs);
    const fdt64_t *s = fdt_getprop(fdt, chosen, "linux,initrd-start", NULL);
    const fdt64_t *e = fdt_getprop(fdt, chosen, "linux,initrd-end", NULL);
    assert_non_null(s);
    assert_non_null(e);
    assert_int_equal(fdt64_ld(s), bi.initrd_addr);
    assert_int_equal(fdt64_ld(e), bi.initrd_addr + sizeof(initrd));
    assert_true(fdt_path_offset(fdt, "/virtio_mmio@a000000") >= 0);
    int mem = fdt_path_offset(fdt, "/memory@40000000");
    assert_true(mem >= 0);
    const fdt32_t *reg = fdt_getprop(fdt, mem, "reg", NULL);
    assert_int_equal(fdt32_to_cpu(reg[3]), 64 * MiB);

    boot_info_free(&bi);
    assert_null(bi.dtb);
    physmap_destroy(&pm);
    free(img);
}

/* text_offset 0x80000 (kernels before 5.8 used it). */
static void test_prepare_text_offset(void **state)
{
    (void)state;
    physmap_t pm;
    assert_int_equal(physmap_init(&pm, VIRT_RAM_BASE, 32 * MiB), 0);
    boot_config_t c = config(image_file(8192, 0x80000, 5 * MiB, 2), 32 * MiB);
    boot_info_t bi;
    char err[256];
    assert_int_equal(boot_prepare(&c, &pm, &bi, err, sizeof(err)), 0);
    check_layout(&bi, &c);
    assert_int_equal(bi.kernel_base, VIRT_RAM_BASE + 2 * MiB);
    assert_int_equal(bi.entry, VIRT_RAM_BASE + 2 * MiB + 0x80000);
    boot_info_free(&bi);
    physmap_destroy(&pm);
}

/* image_size == 0: text_offset 0x80000, initrd at the top of RAM. */
static void test_prepare_old_kernel(void **state)
{
    (void)state;
    physmap_t pm;
    assert_int_equal(physmap_init(&pm, VIRT_RAM_BASE, 32 * MiB), 0);
    boot_config_t c = config(image_file(100000, 0, 0, 0), 32 * MiB);
    uint8_t initrd[5000] = { 1, 2, 3 };
    c.initrd = write_temp(initrd, sizeof(initrd));
    boot_info_t bi;
    char err[256];
    assert_int_equal(boot_prepare(&c, &pm, &bi, err, sizeof(err)), 0);
    check_layout(&bi, &c);
    assert_int_equal(bi.entry, VIRT_RAM_BASE + 2 * MiB + 0x80000);
    assert_int_equal(bi.kernel_size, 100000);
    assert_true(bi.initrd_addr + bi.initrd_size > VIRT_RAM_BASE + 32 * MiB - 4096);
    assert_memory_equal(physmap_ram_ptr(&pm, bi.initrd_addr), initrd, sizeof(initrd));
    boot_info_free(&bi);
    physmap_destroy(&pm);
}

static void test_prepare_gzip(void **state)
{
    (void)state;
    physmap_t pm;
    assert_int_equal(physmap_init(&pm, VIRT_RAM_BASE, 32 * MiB), 0);
    size_t len = 200000, gzlen;
    uint8_t *img = make_image(len, 0, 1 * MiB, 0);
    uint8_t *gz = gzip(img, len, &gzlen);
    boot_config_t c = config(write_temp(gz, gzlen), 32 * MiB);
    boot_info_t bi;
    char err[256];
    assert_int_equal(boot_prepare(&c, &pm, &bi, err, sizeof(err)), 0);
    assert_memory_equal(physmap_ram_ptr(&pm, bi.entry), img, len);
    assert_int_equal(bi.kernel_file_size, len);
    boot_info_free(&bi);
    physmap_destroy(&pm);
    free(img);
    free(gz);
}

static void test_ram_too_small(void **state)
{
    (void)state;
    /* 2 MiB (DTB) + 20 MiB of image_size > 16 MiB. */
    const char *k = image_file(4096, 0, 20 * MiB, 0);
    boot_config_t c = config(k, 16 * MiB);
    boot_info_t bi;
    char err[512] = "";
    assert_int_equal(boot_prepare(&c, NULL, &bi, err, sizeof(err)), VM_EXIT_USAGE);
    char want[256];
    snprintf(want, sizeof(want), "-kernel: %s: does not fit in RAM", k);
    assert_memory_equal(err, want, strlen(want));
    assert_non_null(strstr(err, "use -m 22M or more"));
    assert_null(strchr(err, '\n'));
    assert_null(bi.dtb);

    /* The kernel fits, the initrd does not. */
    c = config(image_file(4096, 0, 4 * MiB, 0), 16 * MiB);
    static uint8_t big[12 * MiB];
    c.initrd = write_temp(big, sizeof(big));
    assert_int_equal(boot_prepare(&c, NULL, &bi, err, sizeof(err)), VM_EXIT_USAGE);
    snprintf(want, sizeof(want), "-initrd: %s: does not fit in RAM", c.initrd);
    assert_memory_equal(err, want, strlen(want));
    assert_non_null(strstr(err, "use -m 18M or more"));

    /* An absurd image_size from a corrupt header: no overflow, a clear error. */
    c = config(image_file(4096, 0, UINT64_MAX - 4095, 0), 1024 * MiB);
    assert_int_equal(boot_prepare(&c, NULL, &bi, err, sizeof(err)), VM_EXIT_USAGE);
    assert_non_null(strstr(err, "does not fit in RAM"));
    assert_non_null(strstr(err, "more than tinyvm's 255G maximum"));
    c = config(image_file(4096, 0xfffffffffff00000ULL, 4096, 0), 1024 * MiB);
    assert_int_equal(boot_prepare(&c, NULL, &bi, err, sizeof(err)), VM_EXIT_USAGE);
    assert_non_null(strstr(err, "text_offset"));
}

static void test_prepare_errors_name_option(void **state)
{
    (void)state;
    boot_info_t bi;
    char err[512];
    uint8_t elf[256] = "\x7f" "ELF";
    const char *e = write_temp(elf, sizeof(elf));
    boot_config_t c = config(e, 64 * MiB);
    assert_int_equal(boot_prepare(&c, NULL, &bi, err, sizeof(err)), VM_EXIT_USAGE);
    char want[256];
    snprintf(want, sizeof(want), "-kernel: %s: is an ELF file", e);
    assert_memory_equal(err, want, strlen(want));

    c = config(image_file(4096, 0, 4096, 0), 64 * MiB);
    char missing[128];
    snprintf(missing, sizeof(missing), "%s/nope", tmpdir);
    c.initrd = missing;
    assert_int_equal(boot_prepare(&c, NULL, &bi, err, sizeof(err)), VM_EXIT_USAGE);
    snprintf(want, sizeof(want), "-initrd: %s: %s", missing, strerror(ENOENT));
    assert_string_equal(err, want);
}

/* No kernel, no guest RAM: just the DTB (-machine dumpdtb=). */
static void test_dtb_only_and_dump(void **state)
{
    (void)state;
    boot_config_t c = config(NULL, 256 * MiB);
    c.bootargs = "x=1";
    boot_info_t bi;
    char err[256];
    assert_int_equal(boot_prepare(&c, NULL, &bi, err, sizeof(err)), 0);
    assert_non_null(bi.dtb);
    assert_int_equal(bi.dtb_addr, VIRT_RAM_BASE);
    char path[128];
    snprintf(path, sizeof(path), "%s/dump.dtb", tmpdir);
    assert_int_equal(boot_dump_dtb(&bi, path, err, sizeof(err)), 0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    uint8_t buf[65536];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    unlink(path);
    assert_int_equal(n, bi.dtb_size);
    assert_memory_equal(buf, bi.dtb, n);
    assert_int_equal(fdt_check_full(buf, n), 0);

    snprintf(path, sizeof(path), "%s/no/such/dir/x.dtb", tmpdir);
    assert_int_equal(boot_dump_dtb(&bi, path, err, sizeof(err)), VM_EXIT_USAGE);
    assert_memory_equal(err, "-machine: dumpdtb=", 18);
    boot_info_free(&bi);
}

/* -dtb FILE: used instead of the generated tree, with /chosen and /memory
 * brought in line with the command line. */
static void test_dtb_override(void **state)
{
    (void)state;
    /* The user's tree: different RAM size, its own bootargs and a stale initrd. */
    dtb_config_t d = {
        .ram_base = VIRT_RAM_BASE, .ram_size = 4096 * MiB, .ncpus = 1,
        .cpu_compatible = "arm,cortex-a53", .bootargs = "from-file",
        .initrd_start = 0x50000000, .initrd_end = 0x50001000, .seed = seed,
    };
    void *blob;
    size_t size;
    assert_int_equal(dtb_build(&d, &blob, &size), 0);
    const char *dtbp = write_temp(blob, size);
    free(blob);

    physmap_t pm;
    assert_int_equal(physmap_init(&pm, VIRT_RAM_BASE, 32 * MiB), 0);
    boot_config_t c = config(image_file(4096, 0, 1 * MiB, 0), 32 * MiB);
    c.dtb = dtbp;
    boot_info_t bi;
    char err[256];
    assert_int_equal(boot_prepare(&c, &pm, &bi, err, sizeof(err)), 0);
    check_layout(&bi, &c);
    const void *fdt = physmap_ram_ptr(&pm, bi.dtb_addr);
    assert_int_equal(fdt_check_full(fdt, bi.dtb_size), 0);
    int chosen = fdt_path_offset(fdt, "/chosen");
    /* Without -append the file's bootargs stay; the stale initrd goes. */
    assert_string_equal(fdt_getprop(fdt, chosen, "bootargs", NULL), "from-file");
    assert_null(fdt_getprop(fdt, chosen, "linux,initrd-start", NULL));
    /* It is the user's tree (cortex-a53), with RAM from -m. */
    assert_string_equal(fdt_getprop(fdt, fdt_path_offset(fdt, "/cpus/cpu@0"), "compatible",
                                    NULL), "arm,cortex-a53");
    const fdt32_t *reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@40000000"), "reg",
                                     NULL);
    assert_int_equal(fdt32_to_cpu(reg[2]), 0);
    assert_int_equal(fdt32_to_cpu(reg[3]), 32 * MiB);
    boot_info_free(&bi);

    /* With -append and -initrd both are patched in. */
    uint8_t initrd[3000] = { 9 };
    c.initrd = write_temp(initrd, sizeof(initrd));
    c.bootargs = "root=/dev/ram0";
    assert_int_equal(boot_prepare(&c, &pm, &bi, err, sizeof(err)), 0);
    fdt = physmap_ram_ptr(&pm, bi.dtb_addr);
    chosen = fdt_path_offset(fdt, "/chosen");
    assert_string_equal(fdt_getprop(fdt, chosen, "bootargs", NULL), "root=/dev/ram0");
    const fdt64_t *s = fdt_getprop(fdt, chosen, "linux,initrd-start", NULL);
    assert_non_null(s);
    assert_int_equal(fdt64_ld(s), bi.initrd_addr);
    boot_info_free(&bi);

    /* A file that is not a DTB, and a truncated one. */
    uint8_t junk[512];
    memset(junk, 0x33, sizeof(junk));
    c.dtb = write_temp(junk, sizeof(junk));
    assert_int_equal(boot_prepare(&c, &pm, &bi, err, sizeof(err)), VM_EXIT_USAGE);
    char want[256];
    snprintf(want, sizeof(want), "-dtb: %s: not a valid device tree blob", c.dtb);
    assert_memory_equal(err, want, strlen(want));
    assert_int_equal(dtb_build(&d, &blob, &size), 0);
    c.dtb = write_temp(blob, size - 16);
    free(blob);
    assert_int_equal(boot_prepare(&c, &pm, &bi, err, sizeof(err)), VM_EXIT_USAGE);
    assert_non_null(strstr(err, "not a valid device tree blob"));
    /* Larger than booting.rst's 2 MiB. */
    static uint8_t huge[2 * MiB + 1];
    c.dtb = write_temp(huge, sizeof(huge));
    assert_int_equal(boot_prepare(&c, &pm, &bi, err, sizeof(err)), VM_EXIT_USAGE);
    assert_memory_equal(err, "-dtb: ", 6);
    physmap_destroy(&pm);
}

static void test_config_from_options(void **state)
{
    (void)state;
    vm_options_t o;
    options_defaults(&o);
    o.kernel = "K";
    o.initrd = "I";
    o.dtb = "D";
    o.append = "A";
    o.ram_size = 512 * MiB;
    o.cpu = VM_CPU_CORTEX_A72;
    boot_config_t c;
    boot_config_from_options(&c, &o);
    assert_string_equal(c.kernel, "K");
    assert_string_equal(c.initrd, "I");
    assert_string_equal(c.dtb, "D");
    assert_string_equal(c.bootargs, "A");
    assert_int_equal(c.machine.ram_base, VIRT_RAM_BASE);
    assert_int_equal(c.machine.ram_size, 512 * MiB);
    assert_int_equal(c.machine.ncpus, 1);
    assert_string_equal(c.machine.cpu_compatible, "arm,cortex-a72");
    assert_null(c.machine.seed);
}

/* A physmap of another size than the configuration is a caller bug. */
static void test_mismatched_physmap(void **state)
{
    (void)state;
    physmap_t pm;
    assert_int_equal(physmap_init(&pm, VIRT_RAM_BASE, 16 * MiB), 0);
    boot_config_t c = config(image_file(4096, 0, 4096, 0), 32 * MiB);
    boot_info_t bi;
    char err[256];
    assert_int_equal(boot_prepare(&c, &pm, &bi, err, sizeof(err)), VM_EXIT_INTERNAL);
    physmap_destroy(&pm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_ok),
        cmocka_unit_test(test_header_old_kernel),
        cmocka_unit_test(test_header_errors),
        cmocka_unit_test(test_read_raw_and_gzip),
        cmocka_unit_test(test_gzip_of_wrong_things),
        cmocka_unit_test(test_gzip_too_big),
        cmocka_unit_test(test_wrong_file_types),
        cmocka_unit_test(test_prepare_full),
        cmocka_unit_test(test_prepare_text_offset),
        cmocka_unit_test(test_prepare_old_kernel),
        cmocka_unit_test(test_prepare_gzip),
        cmocka_unit_test(test_ram_too_small),
        cmocka_unit_test(test_prepare_errors_name_option),
        cmocka_unit_test(test_dtb_only_and_dump),
        cmocka_unit_test(test_dtb_override),
        cmocka_unit_test(test_config_from_options),
        cmocka_unit_test(test_mismatched_physmap),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
