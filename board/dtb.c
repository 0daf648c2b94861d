/* dtb.c - generate and patch the guest's flattened device tree with libfdt.
 *
 * dtb_build() writes the whole tree with libfdt's sequential-write API, so
 * nodes come out in the order written here (and in `dtc -I dtb` output). Later
 * changes (initrd range, bootargs, extra virtio nodes, a user's -dtb) use the
 * read-write API on a copy opened with room to spare, then packed again.
 *
 * Node names, properties and values follow QEMU's virt board (see
 * shared/reference/qemu-virt-dtb/virt-gicv3.dts) and the DT bindings named at
 * each node, so a kernel cannot tell the two boards apart by their trees.
 */
#include "dtb.h"
#include "virt.h"

#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define TRY(expr)                 \
    do {                          \
        int rc_ = (expr);         \
        if (rc_ < 0)              \
            return rc_;           \
    } while (0)

/* Fresh buffer for the sequential writer; doubled on -FDT_ERR_NOSPACE. A tree
 * with 32 virtio nodes and a long command line is about 8 KiB. */
#define DTB_INITIAL_BUF (64 * 1024)
/* booting.rst section 2: "must not exceed 2 megabytes in size". */
#define DTB_MAX_BUF (2 * 1024 * 1024)

const char *dtb_strerror(int err)
{
    return fdt_strerror(err);
}

/* DTB_SEED_BYTES of seed material: the caller's, or getrandom()'s. Returns -1
 * when neither is available (then the seeds are left out). */
static int get_seed(const uint8_t *seed, uint8_t out[DTB_SEED_BYTES])
{
    if (seed) {
        memcpy(out, seed, DTB_SEED_BYTES);
        return 0;
    }
    size_t got = 0;
    while (got < DTB_SEED_BYTES) {
        ssize_t n = getrandom(out + got, DTB_SEED_BYTES - got, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        got += (size_t)n;
    }
    return 0;
}

/* ---- sequential-write helpers ------------------------------------------------ */

static int sw_cells(void *fdt, const char *name, const uint32_t *cells, int n)
{
    fdt32_t be[16];
    if (n > 16)
        return -FDT_ERR_BADVALUE;
    for (int i = 0; i < n; i++)
        be[i] = cpu_to_fdt32(cells[i]);
    return fdt_property(fdt, name, be, n * (int)sizeof(fdt32_t));
}

/* reg = <base size> with the root's #address-cells = #size-cells = 2. */
static int sw_reg64(void *fdt, uint64_t base, uint64_t size)
{
    uint32_t c[4] = { (uint32_t)(base >> 32), (uint32_t)base,
                      (uint32_t)(size >> 32), (uint32_t)size };
    return sw_cells(fdt, "reg", c, 4);
}

/* A string-list property: the literal holds "a\0b" and sizeof counts the final NUL. */
#define SW_STRLIST(fdt, name, lit) fdt_property((fdt), (name), (lit), (int)sizeof(lit))

/* One GIC interrupt specifier: <type number flags> (arm,gic-v3 binding). */
static int sw_irq(void *fdt, uint32_t type, uint32_t num, uint32_t flags)
{
    uint32_t c[3] = { type, num, flags };
    return sw_cells(fdt, "interrupts", c, 3);
}

/* ---- the nodes ----------------------------------------------------------------- */

/* /chosen: Documentation/devicetree/usage-model and arm64/booting.rst. */
static int sw_chosen(void *fdt, const dtb_config_t *cfg)
{
    TRY(fdt_begin_node(fdt, "chosen"));
    if (cfg->bootargs)
        TRY(fdt_property_string(fdt, "bootargs", cfg->bootargs));
    /* The console the kernel uses before (and without) console=. */
    TRY(fdt_property_string(fdt, "stdout-path", "/pl011@9000000"));
    if (cfg->initrd_end > cfg->initrd_start) {
        /* 64-bit values (the kernel reads either width); end is exclusive. */
        TRY(fdt_property_u64(fdt, "linux,initrd-start", cfg->initrd_start));
        TRY(fdt_property_u64(fdt, "linux,initrd-end", cfg->initrd_end));
    }
    uint8_t seed[DTB_SEED_BYTES];
    if (get_seed(cfg->seed, seed) == 0) {
        /* kaslr-seed: the arm64 kernel randomises its virtual base with it
         * (and zeroes it); rng-seed: credited to the entropy pool. */
        TRY(fdt_property(fdt, "kaslr-seed", seed, 8));
        TRY(fdt_property(fdt, "rng-seed", seed + 8, DTB_SEED_BYTES - 8));
    }
    return fdt_end_node(fdt);
}

static int sw_memory(void *fdt, const dtb_config_t *cfg)
{
    char name[40];
    snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)cfg->ram_base);
    TRY(fdt_begin_node(fdt, name));
    TRY(fdt_property_string(fdt, "device_type", "memory"));
    TRY(sw_reg64(fdt, cfg->ram_base, cfg->ram_size));
    return fdt_end_node(fdt);
}

/* /cpus: bindings/arm/cpus.yaml. reg is the MPIDR affinity; one cell is
 * enough while Aff2/Aff3 are zero. enable-method "psci": booting.rst requires
 * an enable-method on every cpu node, and PSCI CPU_ON starts secondaries. */
static int sw_cpus(void *fdt, const dtb_config_t *cfg)
{
    const char *compat = cfg->cpu_compatible ? cfg->cpu_compatible : "arm,armv8";
    TRY(fdt_begin_node(fdt, "cpus"));
    TRY(fdt_property_u32(fdt, "#address-cells", 1));
    TRY(fdt_property_u32(fdt, "#size-cells", 0));
    for (int i = 0; i < cfg->ncpus; i++) {
        uint32_t aff = (uint32_t)virt_cpu_mpidr_aff(i);
        char name[24];
        snprintf(name, sizeof(name), "cpu@%x", aff);
        TRY(fdt_begin_node(fdt, name));
        TRY(fdt_property_string(fdt, "device_type", "cpu"));
        TRY(fdt_property_string(fdt, "compatible", compat));
        TRY(fdt_property_u32(fdt, "reg", aff));
        TRY(fdt_property_string(fdt, "enable-method", "psci"));
        TRY(fdt_end_node(fdt));
    }
    return fdt_end_node(fdt);
}

/* /psci: bindings/arm/psci.yaml. PSCI 1.0 through HVC (tinyvm enters the
 * kernel at EL1 and answers HVC itself, board/psci.c). The per-function IDs
 * are only read by pre-0.2 kernels. */
static int sw_psci(void *fdt)
{
    TRY(fdt_begin_node(fdt, "psci"));
    TRY(SW_STRLIST(fdt, "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci"));
    TRY(fdt_property_string(fdt, "method", "hvc"));
    TRY(fdt_property_u32(fdt, "cpu_suspend", VIRT_PSCI_FN_CPU_SUSPEND));
    TRY(fdt_property_u32(fdt, "cpu_off", VIRT_PSCI_FN_CPU_OFF));
    TRY(fdt_property_u32(fdt, "cpu_on", VIRT_PSCI_FN_CPU_ON));
    TRY(fdt_property_u32(fdt, "migrate", VIRT_PSCI_FN_MIGRATE));
    return fdt_end_node(fdt);
}

/* /timer: bindings/timer/arm,arch_timer.yaml. Interrupts in the binding's
 * order: secure phys, non-secure phys, virtual, hypervisor phys; PPIs,
 * level-high. always-on: the timer keeps counting in every idle state we
 * model, so the kernel may use it as its clock event device throughout. */
static int sw_timer(void *fdt)
{
    const uint32_t c[12] = {
        VIRT_DT_GIC_PPI, VIRT_TIMER_SEC_PHYS_PPI, VIRT_DT_IRQ_LEVEL_HIGH,
        VIRT_DT_GIC_PPI, VIRT_TIMER_PHYS_PPI,     VIRT_DT_IRQ_LEVEL_HIGH,
        VIRT_DT_GIC_PPI, VIRT_TIMER_VIRT_PPI,     VIRT_DT_IRQ_LEVEL_HIGH,
        VIRT_DT_GIC_PPI, VIRT_TIMER_HYP_PPI,      VIRT_DT_IRQ_LEVEL_HIGH,
    };
    TRY(fdt_begin_node(fdt, "timer"));
    TRY(fdt_property_string(fdt, "compatible", "arm,armv8-timer"));
    TRY(sw_cells(fdt, "interrupts", c, 12));
    TRY(fdt_property(fdt, "always-on", NULL, 0));
    return fdt_end_node(fdt);
}

/* /intc: bindings/interrupt-controller/arm,gic-v3.yaml. reg = distributor,
 * then one redistributor region covering ncpus x 128 KiB. */
static int sw_gic(void *fdt, const dtb_config_t *cfg)
{
    char name[32];
    snprintf(name, sizeof(name), "intc@%llx", (unsigned long long)VIRT_GIC_DIST_BASE);
    uint64_t rd_size = (uint64_t)cfg->ncpus * VIRT_GIC_REDIST_STRIDE;
    const uint32_t reg[8] = {
        (uint32_t)(VIRT_GIC_DIST_BASE >> 32), (uint32_t)VIRT_GIC_DIST_BASE,
        (uint32_t)(VIRT_GIC_DIST_SIZE >> 32), (uint32_t)VIRT_GIC_DIST_SIZE,
        (uint32_t)(VIRT_GIC_REDIST_BASE >> 32), (uint32_t)VIRT_GIC_REDIST_BASE,
        (uint32_t)(rd_size >> 32), (uint32_t)rd_size,
    };
    TRY(fdt_begin_node(fdt, name));
    TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
    TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
    TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
    /* No child nodes (no ITS), so no addresses below it: 0 cells. An
     * interrupt-map pointing at this controller reads its #address-cells,
     * which is why dtc insists that it is present. */
    TRY(fdt_property_u32(fdt, "#address-cells", 0));
    TRY(sw_cells(fdt, "reg", reg, 8));
    TRY(fdt_property_u32(fdt, "#redistributor-regions", 1));
    TRY(fdt_property_u32(fdt, "phandle", VIRT_PHANDLE_GIC));
    return fdt_end_node(fdt);
}

/* /apb-pclk: bindings/clock/fixed-clock.yaml; the PrimeCell bus clock. */
static int sw_apb_pclk(void *fdt)
{
    TRY(fdt_begin_node(fdt, "apb-pclk"));
    TRY(fdt_property_string(fdt, "compatible", "fixed-clock"));
    TRY(fdt_property_u32(fdt, "#clock-cells", 0));
    TRY(fdt_property_u32(fdt, "clock-frequency", VIRT_APB_PCLK_HZ));
    TRY(fdt_property_string(fdt, "clock-output-names", "clk24mhz"));
    TRY(fdt_property_u32(fdt, "phandle", VIRT_PHANDLE_APB_PCLK));
    return fdt_end_node(fdt);
}

/* /pl011: bindings/serial/pl011.yaml + arm/primecell.yaml. */
static int sw_pl011(void *fdt)
{
    char name[32];
    snprintf(name, sizeof(name), "pl011@%llx", (unsigned long long)VIRT_UART_BASE);
    const uint32_t clocks[2] = { VIRT_PHANDLE_APB_PCLK, VIRT_PHANDLE_APB_PCLK };
    TRY(fdt_begin_node(fdt, name));
    TRY(SW_STRLIST(fdt, "compatible", "arm,pl011\0arm,primecell"));
    TRY(sw_reg64(fdt, VIRT_UART_BASE, VIRT_UART_SIZE));
    TRY(sw_irq(fdt, VIRT_DT_GIC_SPI, VIRT_UART_SPI, VIRT_DT_IRQ_LEVEL_HIGH));
    TRY(sw_cells(fdt, "clocks", clocks, 2));
    TRY(SW_STRLIST(fdt, "clock-names", "uartclk\0apb_pclk"));
    return fdt_end_node(fdt);
}

/* /pl031: bindings/rtc/arm,pl031.yaml + arm/primecell.yaml. */
static int sw_pl031(void *fdt)
{
    char name[32];
    snprintf(name, sizeof(name), "pl031@%llx", (unsigned long long)VIRT_RTC_BASE);
    TRY(fdt_begin_node(fdt, name));
    TRY(SW_STRLIST(fdt, "compatible", "arm,pl031\0arm,primecell"));
    TRY(sw_reg64(fdt, VIRT_RTC_BASE, VIRT_RTC_SIZE));
    TRY(sw_irq(fdt, VIRT_DT_GIC_SPI, VIRT_RTC_SPI, VIRT_DT_IRQ_LEVEL_HIGH));
    TRY(fdt_property_u32(fdt, "clocks", VIRT_PHANDLE_APB_PCLK));
    TRY(fdt_property_string(fdt, "clock-names", "apb_pclk"));
    return fdt_end_node(fdt);
}

/* /reserved-memory (bindings/reserved-memory/reserved-memory.yaml) keeps the
 * framebuffer out of the kernel's allocator; no-map also keeps it out of the
 * linear map, so simplefb's ioremap of it is allowed, and /framebuffer
 * (bindings/display/simple-framebuffer.yaml) tells simplefb where and how
 * big it is. */
static int sw_framebuffer(void *fdt, const dtb_config_t *cfg)
{
    char name[48];
    TRY(fdt_begin_node(fdt, "reserved-memory"));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    TRY(fdt_property(fdt, "ranges", NULL, 0));
    snprintf(name, sizeof(name), "framebuffer@%llx", (unsigned long long)cfg->fb_base);
    TRY(fdt_begin_node(fdt, name));
    TRY(sw_reg64(fdt, cfg->fb_base, cfg->fb_size));
    TRY(fdt_property(fdt, "no-map", NULL, 0));
    TRY(fdt_end_node(fdt));
    TRY(fdt_end_node(fdt));

    TRY(fdt_begin_node(fdt, name));
    TRY(fdt_property_string(fdt, "compatible", "simple-framebuffer"));
    TRY(sw_reg64(fdt, cfg->fb_base, (uint64_t)cfg->fb_stride * cfg->fb_height));
    TRY(fdt_property_u32(fdt, "width", cfg->fb_width));
    TRY(fdt_property_u32(fdt, "height", cfg->fb_height));
    TRY(fdt_property_u32(fdt, "stride", cfg->fb_stride));
    TRY(fdt_property_string(fdt, "format", "x8r8g8b8"));
    return fdt_end_node(fdt);
}

/* /pl061 (bindings/gpio/pl061-gpio.yaml + arm/primecell.yaml) and /gpio-keys
 * (bindings/input/gpio-keys.yaml) with QEMU virt's power button: pin 3,
 * active high, KEY_POWER (116). */
static int sw_gpio_keys(void *fdt)
{
    char name[32];
    snprintf(name, sizeof(name), "pl061@%llx", (unsigned long long)VIRT_GPIO_BASE);
    TRY(fdt_begin_node(fdt, name));
    TRY(SW_STRLIST(fdt, "compatible", "arm,pl061\0arm,primecell"));
    TRY(sw_reg64(fdt, VIRT_GPIO_BASE, VIRT_GPIO_SIZE));
    TRY(sw_irq(fdt, VIRT_DT_GIC_SPI, VIRT_GPIO_SPI, VIRT_DT_IRQ_LEVEL_HIGH));
    TRY(fdt_property(fdt, "gpio-controller", NULL, 0));
    TRY(fdt_property_u32(fdt, "#gpio-cells", 2));
    TRY(fdt_property_u32(fdt, "clocks", VIRT_PHANDLE_APB_PCLK));
    TRY(fdt_property_string(fdt, "clock-names", "apb_pclk"));
    TRY(fdt_property_u32(fdt, "phandle", VIRT_PHANDLE_GPIO));
    TRY(fdt_end_node(fdt));

    const uint32_t gpios[3] = { VIRT_PHANDLE_GPIO, VIRT_GPIO_POWER_PIN, 0 /* active high */ };
    TRY(fdt_begin_node(fdt, "gpio-keys"));
    TRY(fdt_property_string(fdt, "compatible", "gpio-keys"));
    TRY(fdt_begin_node(fdt, "poweroff"));
    TRY(fdt_property_string(fdt, "label", "GPIO Key Poweroff"));
    TRY(fdt_property_u32(fdt, "linux,code", 116 /* KEY_POWER */));
    TRY(sw_cells(fdt, "gpios", gpios, 3));
    TRY(fdt_end_node(fdt));
    return fdt_end_node(fdt);
}

static void virtio_node_name(char *buf, size_t len, unsigned slot)
{
    snprintf(buf, len, "virtio_mmio@%llx",
             (unsigned long long)VIRT_VIRTIO_MMIO_ADDR(slot));
}

/* virtio-mmio: bindings/virtio/mmio.yaml. Edge-triggered, as QEMU describes
 * it: the transport's interrupt is a notification, acknowledged through
 * InterruptACK, not a level the driver clears at the source first. */
static int sw_virtio(void *fdt, unsigned slot)
{
    char name[40];
    virtio_node_name(name, sizeof(name), slot);
    TRY(fdt_begin_node(fdt, name));
    TRY(fdt_property_string(fdt, "compatible", "virtio,mmio"));
    TRY(sw_reg64(fdt, VIRT_VIRTIO_MMIO_ADDR(slot), VIRT_VIRTIO_MMIO_SIZE));
    TRY(sw_irq(fdt, VIRT_DT_GIC_SPI, VIRT_VIRTIO_MMIO_SPI(slot), VIRT_DT_IRQ_EDGE_RISING));
    TRY(fdt_property(fdt, "dma-coherent", NULL, 0));
    return fdt_end_node(fdt);
}

static int sw_tree(void *fdt, int bufsize, const dtb_config_t *cfg)
{
    TRY(fdt_create(fdt, bufsize));
    TRY(fdt_finish_reservemap(fdt));
    TRY(fdt_begin_node(fdt, ""));
    TRY(fdt_property_string(fdt, "compatible", "linux,dummy-virt"));
    TRY(fdt_property_string(fdt, "model", "linux,dummy-virt"));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    /* Every device's interrupts go to the GIC unless a node says otherwise. */
    TRY(fdt_property_u32(fdt, "interrupt-parent", VIRT_PHANDLE_GIC));

    TRY(sw_chosen(fdt, cfg));
    TRY(sw_memory(fdt, cfg));
    TRY(sw_cpus(fdt, cfg));
    TRY(sw_psci(fdt));
    TRY(sw_timer(fdt));
    TRY(sw_gic(fdt, cfg));
    TRY(sw_apb_pclk(fdt));
    TRY(sw_pl011(fdt));
    TRY(sw_pl031(fdt));
    if (cfg->gpio_keys)
        TRY(sw_gpio_keys(fdt));
    if (cfg->fb_size)
        TRY(sw_framebuffer(fdt, cfg));
    /* Ascending slot order: Linux probes in tree order, so slot 0 is vda. */
    for (unsigned slot = 0; slot < VIRT_VIRTIO_MMIO_SLOTS; slot++)
        if (cfg->virtio_slots & (1u << slot))
            TRY(sw_virtio(fdt, slot));

    TRY(fdt_end_node(fdt));
    return fdt_finish(fdt);
}

int dtb_build(const dtb_config_t *cfg, void **blob, size_t *size)
{
    *blob = NULL;
    *size = 0;
    if (cfg->ncpus < 1 || cfg->ncpus > VIRT_MAX_CPUS || cfg->ram_size == 0 ||
        cfg->ram_base + cfg->ram_size < cfg->ram_base || cfg->initrd_end < cfg->initrd_start)
        return -FDT_ERR_BADVALUE;
    for (size_t bufsize = DTB_INITIAL_BUF; bufsize <= DTB_MAX_BUF; bufsize *= 2) {
        void *buf = malloc(bufsize);
        if (!buf)
            return -FDT_ERR_NOSPACE;
        int rc = sw_tree(buf, (int)bufsize, cfg);
        if (rc == 0) {
            size_t used = fdt_totalsize(buf);
            void *shrunk = realloc(buf, used);
            *blob = shrunk ? shrunk : buf;
            *size = used;
            return 0;
        }
        free(buf);
        if (rc != -FDT_ERR_NOSPACE)
            return rc;
    }
    return -FDT_ERR_NOSPACE; /* a command line of megabytes */
}

/* ---- read-write changes --------------------------------------------------------- */

/* Replace *blob by a copy with `extra` free bytes, ready for the rw API. */
static int rw_open(void **blob, size_t *size, size_t extra)
{
    if (extra > DTB_MAX_BUF || *size > DTB_MAX_BUF)
        return -FDT_ERR_NOSPACE;
    size_t newsize = *size + extra;
    void *nb = malloc(newsize);
    if (!nb)
        return -FDT_ERR_NOSPACE;
    int rc = fdt_open_into(*blob, nb, (int)newsize);
    if (rc < 0) {
        free(nb);
        return rc;
    }
    free(*blob);
    *blob = nb;
    *size = newsize;
    return 0;
}

/* Pack after changes; passes rc through so callers can `return rw_close(..., rc)`. */
static int rw_close(void **blob, size_t *size, int rc)
{
    int prc = fdt_pack(*blob);
    if (prc == 0) {
        *size = fdt_totalsize(*blob);
        void *shrunk = realloc(*blob, *size);
        if (shrunk)
            *blob = shrunk;
    }
    return rc < 0 ? rc : prc;
}

static int find_or_add_chosen(void *fdt)
{
    int off = fdt_path_offset(fdt, "/chosen");
    if (off == -FDT_ERR_NOTFOUND)
        off = fdt_add_subnode(fdt, 0, "chosen");
    return off;
}

static int set_initrd(void *fdt, uint64_t start, uint64_t end)
{
    int off = find_or_add_chosen(fdt);
    TRY(off);
    if (end <= start) {
        int rc = fdt_delprop(fdt, off, "linux,initrd-start");
        if (rc < 0 && rc != -FDT_ERR_NOTFOUND)
            return rc;
        rc = fdt_delprop(fdt, off, "linux,initrd-end");
        return rc == -FDT_ERR_NOTFOUND ? 0 : rc;
    }
    TRY(fdt_setprop_u64(fdt, off, "linux,initrd-start", start));
    return fdt_setprop_u64(fdt, off, "linux,initrd-end", end);
}

int dtb_set_initrd(void **blob, size_t *size, uint64_t start, uint64_t end)
{
    TRY(rw_open(blob, size, 256));
    return rw_close(blob, size, set_initrd(*blob, start, end));
}

static int set_bootargs(void *fdt, const char *bootargs)
{
    int off = find_or_add_chosen(fdt);
    TRY(off);
    return fdt_setprop_string(fdt, off, "bootargs", bootargs);
}

int dtb_set_bootargs(void **blob, size_t *size, const char *bootargs)
{
    TRY(rw_open(blob, size, strlen(bootargs) + 256));
    return rw_close(blob, size, set_bootargs(*blob, bootargs));
}

static int set_seeds(void *fdt, const uint8_t *seed)
{
    uint8_t s[DTB_SEED_BYTES];
    if (get_seed(seed, s) < 0)
        return 0;
    int off = find_or_add_chosen(fdt);
    TRY(off);
    TRY(fdt_setprop(fdt, off, "kaslr-seed", s, 8));
    return fdt_setprop(fdt, off, "rng-seed", s + 8, DTB_SEED_BYTES - 8);
}

int dtb_set_seeds(void **blob, size_t *size, const uint8_t *seed)
{
    TRY(rw_open(blob, size, 256));
    return rw_close(blob, size, set_seeds(*blob, seed));
}

static int set_memory(void *fdt, uint64_t base, uint64_t ram_size)
{
    int first = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);
    if (first == -FDT_ERR_NOTFOUND) {
        char name[40];
        snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)base);
        first = fdt_add_subnode(fdt, 0, name);
        TRY(first);
        TRY(fdt_setprop_string(fdt, first, "device_type", "memory"));
    }
    TRY(first);
    /* Other memory nodes would describe RAM this machine does not have. Deleting
     * a node moves the ones after it, so search again from `first` each time. */
    for (;;) {
        int next = fdt_node_offset_by_prop_value(fdt, first, "device_type", "memory", 7);
        if (next == -FDT_ERR_NOTFOUND)
            break;
        TRY(next);
        TRY(fdt_del_node(fdt, next));
    }
    int rc = fdt_delprop(fdt, first, "reg");
    if (rc < 0 && rc != -FDT_ERR_NOTFOUND)
        return rc;
    /* Encoded with the parent's #address-cells/#size-cells, whatever they are. */
    int parent = fdt_parent_offset(fdt, first);
    TRY(parent);
    return fdt_appendprop_addrrange(fdt, parent, first, "reg", base, ram_size);
}

int dtb_set_memory(void **blob, size_t *size, uint64_t base, uint64_t ram_size)
{
    TRY(rw_open(blob, size, 256));
    return rw_close(blob, size, set_memory(*blob, base, ram_size));
}

static int add_virtio(void *fdt, unsigned slot)
{
    char name[40];
    virtio_node_name(name, sizeof(name), slot);
    int off = fdt_add_subnode(fdt, 0, name);
    TRY(off);
    TRY(fdt_setprop_string(fdt, off, "compatible", "virtio,mmio"));
    TRY(fdt_appendprop_addrrange(fdt, 0, off, "reg", VIRT_VIRTIO_MMIO_ADDR(slot),
                                 VIRT_VIRTIO_MMIO_SIZE));
    TRY(fdt_appendprop_u32(fdt, off, "interrupts", VIRT_DT_GIC_SPI));
    TRY(fdt_appendprop_u32(fdt, off, "interrupts", VIRT_VIRTIO_MMIO_SPI(slot)));
    TRY(fdt_appendprop_u32(fdt, off, "interrupts", VIRT_DT_IRQ_EDGE_RISING));
    return fdt_setprop_empty(fdt, off, "dma-coherent");
}

int dtb_add_virtio_mmio(void **blob, size_t *size, unsigned slot)
{
    if (slot >= VIRT_VIRTIO_MMIO_SLOTS)
        return -FDT_ERR_BADVALUE;
    TRY(rw_open(blob, size, 512));
    return rw_close(blob, size, add_virtio(*blob, slot));
}
