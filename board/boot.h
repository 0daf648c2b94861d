/* boot.h - load a Linux arm64 kernel, initrd and device tree into guest RAM.
 *
 * Implements the boot loader's half of Documentation/arm64/booting.rst: parse
 * the 64-byte Image header (section 4), decompress a gzip'd Image (section 3),
 * place the kernel, initrd and DTB (section 2) and say where the CPU starts.
 *
 * Placement (all inside RAM, nothing overlapping):
 *
 *   RAM base (0x40000000)       DTB, 8-byte aligned, at most 2 MiB
 *   RAM base + 2 MiB            the kernel's 2 MiB-aligned base
 *     + text_offset             the Image (entry point); image_size bytes reserved
 *   next 4 KiB boundary         the initrd
 *
 * Putting the DTB below the kernel keeps its address fixed (easy to find in a
 * debugger) whatever the kernel and initrd sizes, and the 2 MiB below the
 * kernel base are exactly the DTB's maximum size. Modern kernels (v4.6+) use
 * the memory below their base too; the DTB itself is reserved by the kernel.
 * For a pre-3.17 kernel (image_size == 0), text_offset is taken as 0x80000 and
 * the initrd goes to the top of RAM, leaving the memory right after the kernel
 * free, as booting.rst asks.
 *
 * The CPU then starts at boot_info.entry with x0 = boot_info.dtb_addr,
 * x1 = x2 = x3 = 0, at EL1h with DAIF masked and the MMU off (booting.rst
 * section 4, "CPU mode"; the caller sets that up).
 */
#ifndef TINYVM_BOARD_BOOT_H
#define TINYVM_BOARD_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board/dtb.h"
#include "board/options.h"
#include "mem/physmap.h"

#define BOOT_IMAGE_HDR_SIZE   64
#define BOOT_IMAGE_MAGIC      0x644d5241u  /* "ARM\x64", little-endian, at offset 56 */
#define BOOT_KERNEL_MAX       (256u << 20) /* largest (decompressed) Image accepted */
#define BOOT_DTB_MAX          (2u << 20)   /* booting.rst section 2 */
#define BOOT_KERNEL_BASE_OFFSET (2u << 20) /* kernel base = RAM base + 2 MiB */
#define BOOT_OLD_TEXT_OFFSET  0x80000u     /* text_offset when image_size == 0 */

/* The Image header, decoded (booting.rst section 4). */
typedef struct boot_image_hdr {
    uint64_t text_offset;  /* effective load offset from the 2 MiB-aligned base */
    uint64_t image_size;   /* header value; 0 for kernels before v3.17 */
    uint64_t flags;        /* header value */
    unsigned page_size;    /* flags bits 1-2: 0 (unspecified), 4096, 16384 or 65536 */
    bool place_anywhere;   /* flags bit 3: the base need not be near the start of RAM */
} boot_image_hdr_t;

typedef struct boot_config {
    const char *kernel;    /* Image or Image.gz path; NULL: only build the DTB (dumpdtb) */
    const char *initrd;    /* path or NULL */
    const char *dtb;       /* -dtb path, or NULL to generate the tree */
    const char *bootargs;  /* -append, or NULL */
    /* The machine the generated tree describes: ram_base/ram_size, ncpus,
     * cpu_compatible, virtio_slots, seed. Its bootargs and initrd fields are
     * ignored: boot_prepare() fills them in. */
    dtb_config_t machine;
} boot_config_t;

typedef struct boot_info {
    uint64_t entry;        /* PC: first instruction of the Image (0 without a kernel) */
    uint64_t dtb_addr;     /* x0 */
    uint64_t kernel_base;  /* 2 MiB-aligned base; entry = kernel_base + text_offset */
    uint64_t kernel_size;  /* bytes reserved at entry: max(image_size, Image length) */
    uint64_t kernel_file_size; /* bytes of (decompressed) Image copied */
    uint64_t initrd_addr, initrd_size; /* initrd_size 0: none */
    boot_image_hdr_t hdr;
    void *dtb;             /* the final DTB, as copied to dtb_addr (malloc()ed) */
    size_t dtb_size;
} boot_info_t;

/* Fill *bc from the command line: paths, -append, RAM at VIRT_RAM_BASE of
 * -m bytes, -smp CPUs, the -cpu model's DT compatible. Callers then add
 * bc->machine.virtio_slots (and a seed for a deterministic run). */
void boot_config_from_options(boot_config_t *bc, const vm_options_t *o);

/* Load everything into guest RAM and fill *bi (free it with boot_info_free).
 * pm may be NULL: then the layout is computed and checked and the DTB built
 * (enough for -machine dumpdtb) but nothing is written to guest RAM.
 * Returns 0, or a vm_exit_status_t (VM_EXIT_USAGE for an unusable file or too
 * little RAM, VM_EXIT_INTERNAL for a host failure) with one line in err,
 * without a trailing newline, of the form "-kernel: FILE: problem" (or
 * "-initrd: ...", "-dtb: ..."); print it as "tinyvm: <err>". */
int boot_prepare(const boot_config_t *cfg, physmap_t *pm, boot_info_t *bi,
                 char *err, size_t errlen);

void boot_info_free(boot_info_t *bi);

/* Write bi->dtb to path (-machine dumpdtb=). Returns 0, or VM_EXIT_USAGE with
 * "-machine: dumpdtb=PATH: problem" in err. */
int boot_dump_dtb(const boot_info_t *bi, const char *path, char *err, size_t errlen);

/* Lower-level steps, exposed for tests and tools. They return 0 or a
 * vm_exit_status_t, with just the problem (no option or file name) in err. */

/* Decode and check the 64-byte Image header at buf (len bytes available). */
int boot_parse_image_header(const void *buf, size_t len, boot_image_hdr_t *h,
                            char *err, size_t errlen);

/* Read a kernel file, decompressing gzip, and check it is an arm64 Image:
 * ELF files, x86 bzImages, other compressions and EFI zboot images are
 * recognised and named. *data (malloc()ed, *len bytes) is the raw Image. */
int boot_read_kernel(const char *path, uint8_t **data, size_t *len, char *err,
                     size_t errlen);

#endif
