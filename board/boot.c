/* boot.c - the boot loader: Image header, gzip, placement, DTB, copy to RAM.
 *
 * Everything here follows Documentation/arm64/booting.rst; section numbers in
 * comments refer to it. See boot.h for the memory layout and why.
 */
#include "boot.h"
#include "virt.h"

#include <errno.h>
#include <fcntl.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "board/board_display.h"
#include "mem/dma.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static int fail(int status, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(int status, char *err, size_t errlen, const char *fmt, ...)
{
    if (errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
        /* One line, whatever a file name holds. */
        for (char *p = err; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                *p = '?';
    }
    return status;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* MiB, rounded up, for messages. */
static unsigned long long mib_up(uint64_t bytes)
{
    return (unsigned long long)(bytes / MiB + (bytes % MiB != 0));
}

/* ---- the Image header (booting.rst section 4) -------------------------------------- */

int boot_parse_image_header(const void *buf, size_t len, boot_image_hdr_t *h, char *err,
                            size_t errlen)
{
    const uint8_t *p = buf;
    memset(h, 0, sizeof(*h));
    if (len < BOOT_IMAGE_HDR_SIZE)
        return fail(VM_EXIT_USAGE, err, errlen,
                    "too small for an arm64 Image (%zu bytes; the header alone is %d)", len,
                    BOOT_IMAGE_HDR_SIZE);
    if (le32(p + 56) != BOOT_IMAGE_MAGIC)
        return fail(VM_EXIT_USAGE, err, errlen, "not an arm64 Linux Image (bad magic)");
    h->text_offset = le64(p + 8);
    h->image_size = le64(p + 16);
    h->flags = le64(p + 24);
    /* "Where image_size is zero, text_offset can be assumed to be 0x80000":
     * before v3.17 the header fields' endianness was unspecified, so the
     * header's text_offset cannot be trusted, and there are no flags. */
    if (h->image_size == 0) {
        h->text_offset = BOOT_OLD_TEXT_OFFSET;
        h->flags = 0;
    }
    if (h->flags & 1)
        return fail(VM_EXIT_USAGE, err, errlen,
                    "is a big-endian kernel (header flags bit 0); tinyvm runs little-endian only");
    static const unsigned page_sizes[4] = { 0, 4096, 16384, 65536 };
    h->page_size = page_sizes[(h->flags >> 1) & 3];
    h->place_anywhere = (h->flags >> 3) & 1;
    /* The entry point is base + text_offset and must be a valid PC. */
    if (h->text_offset & 3)
        return fail(VM_EXIT_USAGE, err, errlen,
                    "text_offset 0x%llx in the Image header is not 4-byte aligned",
                    (unsigned long long)h->text_offset);
    return 0;
}

/* ---- reading files ------------------------------------------------------------------ */

/* Read all of fd (size bytes per fstat) into dst. A file that shrinks or grows
 * meanwhile is an error rather than a half-loaded image. */
static int read_exact(int fd, void *dst, uint64_t size)
{
    uint8_t *d = dst;
    uint64_t done = 0;
    while (done < size) {
        size_t chunk = size - done > (1u << 30) ? (1u << 30) : (size_t)(size - done);
        ssize_t n = read(fd, d + done, chunk);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0) {
            errno = EIO; /* file shrank */
            return -1;
        }
        done += (uint64_t)n;
    }
    return 0;
}

/* Open a regular file and report its size; err names only the problem. */
static int open_input(const char *path, int *fd, uint64_t *size, char *err, size_t errlen)
{
    *fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* a FIFO must not block us */
    if (*fd < 0)
        return fail(VM_EXIT_USAGE, err, errlen, "%s", strerror(errno));
    struct stat st;
    if (fstat(*fd, &st) < 0) {
        int e = errno;
        close(*fd);
        return fail(VM_EXIT_USAGE, err, errlen, "%s", strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(*fd);
        return fail(VM_EXIT_USAGE, err, errlen, "%s",
                    S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not a regular file");
    }
    *size = (uint64_t)st.st_size;
    return 0;
}

/* Read a whole file of at most max bytes into a malloc()ed buffer. */
static int read_file(const char *path, uint64_t max, const char *what, uint8_t **data,
                     size_t *len, char *err, size_t errlen)
{
    int fd;
    uint64_t size;
    int rc = open_input(path, &fd, &size, err, errlen);
    if (rc)
        return rc;
    if (size > max) {
        close(fd);
        return fail(VM_EXIT_USAGE, err, errlen, "is %llu MiB; %s larger than %llu MiB "
                    "are not supported", mib_up(size), what, mib_up(max));
    }
    uint8_t *buf = malloc(size ? (size_t)size : 1);
    if (!buf) {
        close(fd);
        return fail(VM_EXIT_INTERNAL, err, errlen, "out of memory reading %llu MiB",
                    mib_up(size));
    }
    if (read_exact(fd, buf, size) < 0) {
        int e = errno;
        close(fd);
        free(buf);
        return fail(VM_EXIT_USAGE, err, errlen, "read error: %s", strerror(e));
    }
    close(fd);
    *data = buf;
    *len = (size_t)size;
    return 0;
}

/* ---- gzip (booting.rst section 3: decompression is the loader's job) ----------------- */

static int gunzip(const uint8_t *in, size_t inlen, uint8_t **out, size_t *outlen, char *err,
                  size_t errlen)
{
    /* Output may grow to one byte more than the limit, so "exactly 256 MiB"
     * and "more than 256 MiB" can be told apart. */
    const size_t limit = (size_t)BOOT_KERNEL_MAX + 1;
    /* The gzip trailer's ISIZE (length mod 2^32) is a good first guess; one
     * spare byte lets inflate reach the end of the stream without a regrow. */
    size_t cap = inlen >= 4 ? (size_t)le32(in + inlen - 4) + 1 : 0;
    if (cap < inlen * 2)
        cap = inlen * 2;
    if (cap < 64 * 1024)
        cap = 64 * 1024;
    if (cap > limit)
        cap = limit;

    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    /* windowBits 15 + 16: gzip wrapper only (RFC 1952), with CRC-32 check. */
    if (inflateInit2(&zs, 15 + 16) != Z_OK)
        return fail(VM_EXIT_INTERNAL, err, errlen, "zlib initialisation failed");
    uint8_t *buf = malloc(cap);
    if (!buf) {
        inflateEnd(&zs);
        return fail(VM_EXIT_INTERNAL, err, errlen, "out of memory decompressing");
    }
    size_t used = 0;
    int status = 0;
    zs.next_in = (Bytef *)(uintptr_t)in;
    for (;;) {
        /* zlib counts in uInt; feed at most 1 GiB at a time. */
        size_t in_left = inlen - (size_t)((const uint8_t *)zs.next_in - in);
        zs.avail_in = in_left > GiB ? (uInt)GiB : (uInt)in_left;
        zs.next_out = buf + used;
        zs.avail_out = (uInt)(cap - used);
        int zr = inflate(&zs, Z_NO_FLUSH);
        used = cap - zs.avail_out;
        if (zr == Z_STREAM_END) {
            /* Anything after the first gzip member is ignored. */
            if (used > BOOT_KERNEL_MAX)
                status = fail(VM_EXIT_USAGE, err, errlen,
                              "gzip data decompresses to more than %u MiB",
                              BOOT_KERNEL_MAX >> 20);
            break;
        }
        if (zr == Z_OK && zs.avail_out == 0) {
            if (cap == limit) {
                status = fail(VM_EXIT_USAGE, err, errlen,
                              "gzip data decompresses to more than %u MiB",
                              BOOT_KERNEL_MAX >> 20);
                break;
            }
            size_t ncap = cap * 2 > limit ? limit : cap * 2;
            uint8_t *nb = realloc(buf, ncap);
            if (!nb) {
                status = fail(VM_EXIT_INTERNAL, err, errlen, "out of memory decompressing");
                break;
            }
            buf = nb;
            cap = ncap;
            continue;
        }
        if (zr == Z_OK)
            continue;
        if (zr == Z_MEM_ERROR) {
            status = fail(VM_EXIT_INTERNAL, err, errlen, "out of memory decompressing");
        } else if (zr == Z_BUF_ERROR) {
            /* No progress possible: the input ended before the stream did. */
            status = fail(VM_EXIT_USAGE, err, errlen,
                          "corrupt gzip data (truncated after %zu bytes of output)", used);
        } else {
            status = fail(VM_EXIT_USAGE, err, errlen, "corrupt gzip data (%s)",
                          zs.msg ? zs.msg : "inflate failed");
        }
        break;
    }
    inflateEnd(&zs);
    if (status) {
        free(buf);
        return status;
    }
    *out = buf;
    *outlen = used;
    return 0;
}

/* ---- what is this file? -------------------------------------------------------------- */

/* Name the common wrong inputs before complaining about the magic number, so
 * the message says what to do instead. */
static int identify_non_image(const uint8_t *d, size_t n, char *err, size_t errlen)
{
    if (n >= 4 && !memcmp(d, "\x7f" "ELF", 4))
        return fail(VM_EXIT_USAGE, err, errlen,
                    "is an ELF file; pass the raw Image (arch/arm64/boot/Image)");
    if (n >= 0x206 && !memcmp(d + 0x202, "HdrS", 4))
        return fail(VM_EXIT_USAGE, err, errlen,
                    "is an x86 bzImage, not an arm64 kernel");
    if (n >= 8 && !memcmp(d, "MZ", 2) && !memcmp(d + 4, "zimg", 4))
        return fail(VM_EXIT_USAGE, err, errlen,
                    "is an EFI zboot image (vmlinuz.efi); pass the raw Image "
                    "(arch/arm64/boot/Image)");
    if (n >= 4 && !memcmp(d, "\x27\x05\x19\x56", 4))
        return fail(VM_EXIT_USAGE, err, errlen,
                    "is a U-Boot uImage; pass the raw Image (arch/arm64/boot/Image)");
    static const struct { const char *magic; size_t len; const char *name; } comp[] = {
        { "\xfd" "7zXZ\0", 6, "xz" },
        { "\x28\xb5\x2f\xfd", 4, "zstd" },
        { "BZh", 3, "bzip2" },
        { "\x04\x22\x4d\x18", 4, "lz4" },
        { "\x02\x21\x4c\x18", 4, "lz4 (legacy)" },
        { "\x89LZO", 4, "lzo" },
        { "\x5d\x00\x00", 3, "lzma" },
    };
    for (size_t i = 0; i < sizeof(comp) / sizeof(comp[0]); i++)
        if (n >= comp[i].len && !memcmp(d, comp[i].magic, comp[i].len))
            return fail(VM_EXIT_USAGE, err, errlen,
                        "is %s-compressed; tinyvm decompresses only gzip (Image.gz)",
                        comp[i].name);
    return 0;
}

int boot_read_kernel(const char *path, uint8_t **data, size_t *len, char *err, size_t errlen)
{
    uint8_t *raw = NULL;
    size_t rawlen = 0;
    int rc = read_file(path, BOOT_KERNEL_MAX, "kernel images", &raw, &rawlen, err, errlen);
    if (rc)
        return rc;
    if (rawlen == 0) {
        free(raw);
        return fail(VM_EXIT_USAGE, err, errlen, "is empty");
    }
    if (rawlen >= 2 && raw[0] == 0x1f && raw[1] == 0x8b) {
        uint8_t *img = NULL;
        size_t imglen = 0;
        rc = gunzip(raw, rawlen, &img, &imglen, err, errlen);
        free(raw);
        if (rc)
            return rc;
        raw = img;
        rawlen = imglen;
    }
    rc = identify_non_image(raw, rawlen, err, errlen);
    if (!rc) {
        boot_image_hdr_t h;
        rc = boot_parse_image_header(raw, rawlen, &h, err, errlen);
    }
    if (rc) {
        free(raw);
        return rc;
    }
    *data = raw;
    *len = rawlen;
    return 0;
}

/* ---- the DTB ----------------------------------------------------------------------- */

/* Load a user's -dtb, or build ours, and make /chosen and /memory say what
 * this boot needs. */
static int make_dtb(const boot_config_t *cfg, uint64_t initrd_start, uint64_t initrd_end,
                    void **blob, size_t *size, char *err, size_t errlen)
{
    int rc;
    if (!cfg->dtb) {
        dtb_config_t dc = cfg->machine;
        dc.bootargs = cfg->bootargs;
        dc.initrd_start = initrd_start;
        dc.initrd_end = initrd_end;
        rc = dtb_build(&dc, blob, size);
        if (rc)
            return fail(VM_EXIT_INTERNAL, err, errlen, "-machine: building the device tree: %s",
                        dtb_strerror(rc));
        return 0;
    }

    uint8_t *buf = NULL;
    size_t len = 0;
    char why[256];
    rc = read_file(cfg->dtb, BOOT_DTB_MAX, "device trees", &buf, &len, why, sizeof(why));
    if (rc)
        return fail(rc, err, errlen, "-dtb: %s: %s", cfg->dtb, why);
    /* fdt_check_full walks the whole structure block, so a truncated or
     * corrupt file is refused here rather than misparsed by the guest. */
    if (len < sizeof(struct fdt_header) || (rc = fdt_check_full(buf, len)) != 0) {
        free(buf);
        return fail(VM_EXIT_USAGE, err, errlen, "-dtb: %s: not a valid device tree blob (%s)",
                    cfg->dtb, len < sizeof(struct fdt_header) ? "too short" : fdt_strerror(rc));
    }
    void *b = buf;
    size_t s = fdt_totalsize(buf);
    /* Patch a copy the way QEMU does: RAM from -m, bootargs from -append (the
     * file's own bootargs stay without -append), initrd from -initrd (a stale
     * range from the file is removed), fresh seeds. */
    rc = dtb_set_memory(&b, &s, cfg->machine.ram_base, cfg->machine.ram_size);
    if (!rc && cfg->bootargs)
        rc = dtb_set_bootargs(&b, &s, cfg->bootargs);
    if (!rc)
        rc = dtb_set_initrd(&b, &s, initrd_start, initrd_end);
    if (!rc)
        rc = dtb_set_seeds(&b, &s, cfg->machine.seed);
    if (rc) {
        free(b);
        return fail(VM_EXIT_USAGE, err, errlen, "-dtb: %s: cannot update /chosen and /memory: %s",
                    cfg->dtb, dtb_strerror(rc));
    }
    *blob = b;
    *size = s;
    return 0;
}

/* ---- placement and loading ------------------------------------------------------------ */

void boot_config_from_options(boot_config_t *bc, const vm_options_t *o)
{
    memset(bc, 0, sizeof(*bc));
    bc->kernel = o->kernel;
    bc->initrd = o->initrd;
    bc->dtb = o->dtb;
    bc->bootargs = o->append;
    bc->machine.ram_base = VIRT_RAM_BASE;
    bc->machine.ram_size = o->ram_size;
    bc->machine.ncpus = o->smp;
    bc->machine.cpu_compatible = options_cpu_compatible(o->cpu);
    board_display_dtb(o, &bc->machine); /* -display sdl: framebuffer, power button */
}

void boot_info_free(boot_info_t *bi)
{
    free(bi->dtb);
    bi->dtb = NULL;
    bi->dtb_size = 0;
}

/* What to tell the user when `need` bytes from the start of RAM do not fit:
 * the smallest -m that would do, or that even the largest will not. */
static const char *ram_advice(char *buf, size_t len, uint64_t need)
{
    if (need > VIRT_RAM_MAX_SIZE) {
        snprintf(buf, len, "that is more than tinyvm's 255G maximum");
    } else {
        unsigned long long m = mib_up(need);
        m += m & 1; /* -m is rounded up to 2 MiB anyway */
        if (m < VIRT_RAM_MIN_SIZE / MiB)
            m = VIRT_RAM_MIN_SIZE / MiB;
        snprintf(buf, len, "use -m %lluM or more", m);
    }
    return buf;
}

int boot_prepare(const boot_config_t *cfg, physmap_t *pm, boot_info_t *bi, char *err,
                 size_t errlen)
{
    memset(bi, 0, sizeof(*bi));
    const uint64_t ram_base = cfg->machine.ram_base;
    const uint64_t ram_size = cfg->machine.ram_size;
    if (pm && (pm->ram_base != ram_base || pm->ram_size != ram_size || !pm->ram))
        return fail(VM_EXIT_INTERNAL, err, errlen,
                    "-m: guest RAM is not mapped as the boot configuration says");
    /* The kernel base must be 2 MiB aligned (section 4); RAM base is 1 GiB aligned
     * on virt, but do not depend on it. */
    const uint64_t kernel_base = align_up(ram_base, 2 * MiB) + BOOT_KERNEL_BASE_OFFSET;
    /* bytes from ram_base; a framebuffer takes the top of RAM (board_display.h) */
    const uint64_t ram_avail = ram_size - (cfg->dtb ? 0 : cfg->machine.fb_size);
    char why[256], advice[64];
    int rc;

    uint8_t *kdata = NULL;
    size_t klen = 0;
    uint64_t initrd_start = 0, initrd_end = 0;
    int initrd_fd = -1;

    if (!cfg->kernel && cfg->initrd)
        return fail(VM_EXIT_USAGE, err, errlen, "-initrd: needs -kernel");
    if (cfg->kernel) {
        rc = boot_read_kernel(cfg->kernel, &kdata, &klen, why, sizeof(why));
        if (rc)
            return fail(rc, err, errlen, "-kernel: %s: %s", cfg->kernel, why);
        boot_parse_image_header(kdata, klen, &bi->hdr, why, sizeof(why));
        /* "At least image_size bytes from the start of the image must be free";
         * the file itself may be longer than image_size only in odd builds, and
         * every byte of it is loaded. When image_size is 0 (pre-3.17), the file
         * length is the best we know. */
        uint64_t reserve = bi->hdr.image_size > klen ? bi->hdr.image_size : klen;
        uint64_t koff = kernel_base - ram_base + bi->hdr.text_offset; /* from ram_base */
        if (bi->hdr.text_offset > ram_avail) {
            free(kdata);
            return fail(VM_EXIT_USAGE, err, errlen,
                        "-kernel: %s: text_offset 0x%llx in the Image header lies beyond "
                        "the end of RAM", cfg->kernel, (unsigned long long)bi->hdr.text_offset);
        }
        /* image_size comes from the file: it may be absurd, so add saturating. */
        uint64_t need = reserve > UINT64_MAX - koff ? UINT64_MAX : koff + reserve;
        if (need > ram_avail) {
            free(kdata);
            return fail(VM_EXIT_USAGE, err, errlen,
                        "-kernel: %s: does not fit in RAM: it needs %llu MiB (2 MiB for the "
                        "DTB, text_offset 0x%llx, then %llu MiB of image) but -m gives "
                        "%llu MiB; %s",
                        cfg->kernel, mib_up(need), (unsigned long long)bi->hdr.text_offset,
                        mib_up(reserve), mib_up(ram_size),
                        ram_advice(advice, sizeof(advice), need));
        }
        bi->kernel_base = kernel_base;
        bi->entry = kernel_base + bi->hdr.text_offset;
        bi->kernel_size = reserve;
        bi->kernel_file_size = klen;

        if (cfg->initrd) {
            uint64_t isize;
            rc = open_input(cfg->initrd, &initrd_fd, &isize, why, sizeof(why));
            if (rc) {
                free(kdata);
                return fail(rc, err, errlen, "-initrd: %s: %s", cfg->initrd, why);
            }
            uint64_t kend = bi->entry + reserve - ram_base; /* offsets from ram_base */
            uint64_t ioff = align_up(kend, 4096);
            /* booting.rst: the initrd must lie in a 1 GiB-aligned window of at
             * most 32 GiB that also covers the kernel Image. */
            uint64_t window_end = (bi->entry & ~(GiB - 1)) + 32 * GiB - ram_base;
            uint64_t limit = ram_avail < window_end ? ram_avail : window_end;
            bool fits = ioff <= limit && isize <= limit - ioff;
            if (fits && bi->hdr.image_size == 0)
                /* Old kernel: keep the memory after the Image free (section 4). */
                ioff = (limit - isize) & ~4095ULL;
            if (!fits) {
                close(initrd_fd);
                free(kdata);
                uint64_t need = ioff + isize;
                if (ram_avail <= window_end)
                    return fail(VM_EXIT_USAGE, err, errlen,
                                "-initrd: %s: does not fit in RAM: the DTB, kernel and "
                                "initrd (%llu MiB) need %llu MiB but -m gives %llu MiB; "
                                "%s",
                                cfg->initrd, mib_up(isize), mib_up(need), mib_up(ram_size),
                                ram_advice(advice, sizeof(advice), need));
                return fail(VM_EXIT_USAGE, err, errlen,
                            "-initrd: %s: too large: it must lie within 32 GiB of the kernel "
                            "(booting.rst)", cfg->initrd);
            }
            initrd_start = ram_base + ioff;
            initrd_end = initrd_start + isize;
            bi->initrd_addr = initrd_start;
            bi->initrd_size = isize;
        }
    }

    /* Section 2: the DTB on an 8-byte boundary, at most 2 MiB. It sits at the
     * start of RAM, below the kernel base. */
    void *blob = NULL;
    size_t bsize = 0;
    rc = make_dtb(cfg, initrd_start, initrd_end, &blob, &bsize, err, errlen);
    if (rc)
        goto out_err;
    if (bsize > BOOT_DTB_MAX) {
        rc = fail(VM_EXIT_USAGE, err, errlen,
                  "-dtb: %s: the device tree is %zu bytes; booting.rst allows at most 2 MiB",
                  cfg->dtb ? cfg->dtb : "(generated)", bsize);
        goto out_err;
    }
    bi->dtb_addr = align_up(ram_base, 8);
    if (bi->dtb_addr - ram_base + bsize > ram_avail) {
        rc = fail(VM_EXIT_USAGE, err, errlen, "-m: RAM is too small for the device tree");
        goto out_err;
    }
    bi->dtb = blob;
    bi->dtb_size = bsize;
    blob = NULL;

    if (pm) {
        /* All ranges were checked against RAM above; dma_write checks again,
         * and tells the CPU so no stale translation survives a reload. */
        if (dma_write(pm, bi->dtb_addr, bi->dtb, bi->dtb_size) < 0) {
            rc = fail(VM_EXIT_INTERNAL, err, errlen, "-m: DTB outside guest RAM");
            goto out_err;
        }
        if (kdata) {
            if (dma_write(pm, bi->entry, kdata, klen) < 0) {
                rc = fail(VM_EXIT_INTERNAL, err, errlen, "-kernel: Image outside guest RAM");
                goto out_err;
            }
            /* The kernel clears its own BSS, but a reload after a reset must
             * not leave the previous run's data where the kernel expects
             * free memory. */
            if (bi->kernel_size > klen) {
                uint8_t *z = dma_map(pm, bi->entry + klen, bi->kernel_size - klen);
                if (z) {
                    memset(z, 0, bi->kernel_size - klen);
                    dma_mark_written(pm, bi->entry + klen, bi->kernel_size - klen);
                }
            }
        }
        if (initrd_fd >= 0 && bi->initrd_size) {
            /* Straight from the file into guest RAM: initrds can be large. */
            uint8_t *dst = dma_map(pm, bi->initrd_addr, bi->initrd_size);
            if (!dst) {
                rc = fail(VM_EXIT_INTERNAL, err, errlen, "-initrd: outside guest RAM");
                goto out_err;
            }
            if (read_exact(initrd_fd, dst, bi->initrd_size) < 0) {
                rc = fail(VM_EXIT_USAGE, err, errlen, "-initrd: %s: read error: %s",
                          cfg->initrd, strerror(errno));
                goto out_err;
            }
            dma_mark_written(pm, bi->initrd_addr, bi->initrd_size);
        }
    }
    if (initrd_fd >= 0)
        close(initrd_fd);
    free(kdata);
    return 0;

out_err:
    free(blob);
    boot_info_free(bi);
    if (initrd_fd >= 0)
        close(initrd_fd);
    free(kdata);
    return rc;
}

int boot_dump_dtb(const boot_info_t *bi, const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return fail(VM_EXIT_USAGE, err, errlen, "-machine: dumpdtb=%s: %s", path,
                    strerror(errno));
    const uint8_t *p = bi->dtb;
    size_t left = bi->dtb_size;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            return fail(VM_EXIT_USAGE, err, errlen, "-machine: dumpdtb=%s: %s", path,
                        strerror(e));
        }
        p += n;
        left -= (size_t)n;
    }
    if (close(fd) < 0)
        return fail(VM_EXIT_USAGE, err, errlen, "-machine: dumpdtb=%s: %s", path,
                    strerror(errno));
    return 0;
}
