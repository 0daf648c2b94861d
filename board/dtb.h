/* dtb.h - the flattened device tree tinyvm hands to the guest kernel.
 *
 * The tree describes exactly the devices the virt board has (board/virt.h),
 * with the node names and properties QEMU's virt uses, so a kernel sees the
 * same hardware under tinyvm and QEMU. It is generated with libfdt.
 *
 * Blobs are malloc()ed and packed (no free space). Every function that changes
 * a blob takes `void **blob, size_t *size`: it makes room as needed (the blob
 * may move), changes it, and packs it again, so callers never deal with
 * libfdt's free-space rules. Functions return 0 or a negative libfdt error
 * code (-FDT_ERR_*); dtb_strerror() names it.
 */
#ifndef TINYVM_BOARD_DTB_H
#define TINYVM_BOARD_DTB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes of seed material in /chosen: 8 for kaslr-seed, then 32 for rng-seed. */
#define DTB_SEED_BYTES 40

typedef struct dtb_config {
    uint64_t ram_base, ram_size;   /* the one /memory node */
    int ncpus;                     /* cpu@0 .. cpu@(ncpus-1), 1..VIRT_MAX_CPUS */
    const char *cpu_compatible;    /* e.g. "arm,cortex-a57"; NULL: "arm,armv8" */
    const char *bootargs;          /* /chosen/bootargs, or NULL for none */
    uint64_t initrd_start, initrd_end; /* [start, end) of the initrd; none if end == start */
    uint32_t virtio_slots;         /* bit n set: a virtio-mmio node for slot n */
    /* Seed material for /chosen kaslr-seed and rng-seed (DTB_SEED_BYTES), e.g.
     * a fixed pattern for a deterministic run; NULL: fresh bytes from
     * getrandom(), so KASLR and the kernel's entropy pool work as on QEMU. */
    const uint8_t *seed;
    /* -display sdl (board/board_display.c): a simple-framebuffer over
     * [fb_base, fb_base+fb_size) of RAM, reserved no-map; none if fb_size 0.
     * gpio_keys: QEMU's PL061 with a gpio-keys power button. */
    uint64_t fb_base, fb_size;
    uint32_t fb_width, fb_height, fb_stride;
    bool gpio_keys;
} dtb_config_t;

/* Build the tree for cfg. On success *blob is a malloc()ed packed DTB of
 * *size bytes (free() it). */
int dtb_build(const dtb_config_t *cfg, void **blob, size_t *size);

/* Set /chosen linux,initrd-start and linux,initrd-end (64-bit values; end is
 * exclusive, as the kernel reads it); start == end removes them. Creates
 * /chosen if the tree has none. */
int dtb_set_initrd(void **blob, size_t *size, uint64_t start, uint64_t end);

/* Set /chosen bootargs (creating /chosen if needed). */
int dtb_set_bootargs(void **blob, size_t *size, const char *bootargs);

/* Set /chosen kaslr-seed and rng-seed from DTB_SEED_BYTES of seed (NULL:
 * getrandom()). If no random bytes can be had the properties are left out
 * and the kernel runs without KASLR randomisation. */
int dtb_set_seeds(void **blob, size_t *size, const uint8_t *seed);

/* Make the first /memory node's reg describe [base, base+size) (adding
 * memory@<base> when there is none), so a user's -dtb agrees with -m. */
int dtb_set_memory(void **blob, size_t *size, uint64_t base, uint64_t ram_size);

/* Add the node for virtio-mmio transport slot (0..VIRT_VIRTIO_MMIO_SLOTS-1):
 * virtio_mmio@<addr> { compatible = "virtio,mmio"; reg; interrupts = <SPI
 * 16+slot, edge>; dma-coherent; } (bindings/virtio/mmio.yaml). libfdt inserts
 * a new node before its siblings, and Linux probes (and names vda, vdb ...) in
 * tree order, so add slots in descending order - dtb_build() does this for
 * cfg->virtio_slots, the preferred way. -FDT_ERR_EXISTS if already present. */
int dtb_add_virtio_mmio(void **blob, size_t *size, unsigned slot);

/* Text for a return value of the functions above. */
const char *dtb_strerror(int err);

#endif
