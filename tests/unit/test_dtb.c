/* test_dtb.c - the generated device tree, read back with libfdt.
 *
 * Expected values are the ones QEMU's virt board uses (qemu-virt-dtb/
 * virt-gicv3.dts in the shared reference) and the DT bindings require.
 */
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

#include "board/dtb.h"
#include "board/virt.h"

static const uint8_t fixed_seed[DTB_SEED_BYTES] = {
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
};

static dtb_config_t base_config(void)
{
    return (dtb_config_t){
        .ram_base = VIRT_RAM_BASE,
        .ram_size = 1ULL << 30,
        .ncpus = 1,
        .cpu_compatible = "arm,cortex-a57",
        .bootargs = "console=ttyAMA0 earlycon",
        .initrd_start = 0x48000000,
        .initrd_end = 0x48123456,
        .virtio_slots = (1u << 0) | (1u << 3) | (1u << 31),
        .seed = fixed_seed,
    };
}

static void *build(const dtb_config_t *c, size_t *size)
{
    void *blob = NULL;
    int rc = dtb_build(c, &blob, size);
    if (rc)
        fprintf(stderr, "dtb_build: %s\n", dtb_strerror(rc));
    assert_int_equal(rc, 0);
    assert_non_null(blob);
    assert_int_equal(fdt_check_full(blob, *size), 0);
    assert_int_equal(fdt_totalsize(blob), *size);
    assert_true(*size <= 2u << 20); /* booting.rst section 2 */
    return blob;
}

static int node(const void *fdt, const char *path)
{
    int off = fdt_path_offset(fdt, path);
    if (off < 0)
        fprintf(stderr, "node %s: %s\n", path, fdt_strerror(off));
    assert_true(off >= 0);
    return off;
}

static void assert_str(const void *fdt, int off, const char *name, const char *want)
{
    int len;
    const char *v = fdt_getprop(fdt, off, name, &len);
    assert_non_null(v);
    assert_int_equal(len, (int)strlen(want) + 1);
    assert_string_equal(v, want);
}

/* A string list, given as one literal with embedded NULs. */
static void assert_strlist(const void *fdt, int off, const char *name, const char *want,
                           size_t wantlen)
{
    int len;
    const char *v = fdt_getprop(fdt, off, name, &len);
    assert_non_null(v);
    assert_int_equal(len, (int)wantlen);
    assert_memory_equal(v, want, wantlen);
}
#define ASSERT_STRLIST(fdt, off, name, lit) assert_strlist(fdt, off, name, lit, sizeof(lit))

static void assert_cells(const void *fdt, int off, const char *name, const uint32_t *want,
                         int n)
{
    int len;
    const fdt32_t *v = fdt_getprop(fdt, off, name, &len);
    if (!v)
        fprintf(stderr, "missing %s\n", name);
    assert_non_null(v);
    assert_int_equal(len, n * 4);
    for (int i = 0; i < n; i++) {
        if (fdt32_to_cpu(v[i]) != want[i])
            fprintf(stderr, "%s cell %d\n", name, i);
        assert_int_equal(fdt32_to_cpu(v[i]), want[i]);
    }
}
#define ASSERT_CELLS(fdt, off, name, ...)                                           \
    do {                                                                            \
        const uint32_t w_[] = { __VA_ARGS__ };                                      \
        assert_cells(fdt, off, name, w_, (int)(sizeof(w_) / sizeof(w_[0])));        \
    } while (0)

static void assert_empty(const void *fdt, int off, const char *name)
{
    int len = -1;
    assert_non_null(fdt_getprop(fdt, off, name, &len));
    assert_int_equal(len, 0);
}

static void assert_absent(const void *fdt, int off, const char *name)
{
    assert_null(fdt_getprop(fdt, off, name, NULL));
}

static uint64_t get_u64(const void *fdt, int off, const char *name)
{
    int len;
    const fdt64_t *v = fdt_getprop(fdt, off, name, &len);
    assert_non_null(v);
    assert_int_equal(len, 8);
    return fdt64_ld(v);
}

/* ---- every node of the generated tree ---------------------------------------------- */

static void test_root_memory_cpus(void **state)
{
    (void)state;
    dtb_config_t c = base_config();
    size_t size;
    void *fdt = build(&c, &size);

    int root = node(fdt, "/");
    assert_str(fdt, root, "compatible", "linux,dummy-virt");
    assert_non_null(fdt_getprop(fdt, root, "model", NULL));
    ASSERT_CELLS(fdt, root, "#address-cells", 2);
    ASSERT_CELLS(fdt, root, "#size-cells", 2);
    ASSERT_CELLS(fdt, root, "interrupt-parent", VIRT_PHANDLE_GIC);
    /* interrupt-parent resolves to the GIC. */
    assert_int_equal(fdt_node_offset_by_phandle(fdt, VIRT_PHANDLE_GIC),
                     node(fdt, "/intc@8000000"));

    int mem = node(fdt, "/memory@40000000");
    assert_str(fdt, mem, "device_type", "memory");
    ASSERT_CELLS(fdt, mem, "reg", 0, 0x40000000, 0, 0x40000000);

    int cpus = node(fdt, "/cpus");
    ASSERT_CELLS(fdt, cpus, "#address-cells", 1);
    ASSERT_CELLS(fdt, cpus, "#size-cells", 0);
    int cpu = node(fdt, "/cpus/cpu@0");
    assert_str(fdt, cpu, "device_type", "cpu");
    assert_str(fdt, cpu, "compatible", "arm,cortex-a57");
    ASSERT_CELLS(fdt, cpu, "reg", 0);
    assert_str(fdt, cpu, "enable-method", "psci");
    int n = 0, sub;
    fdt_for_each_subnode(sub, fdt, cpus) n++;
    assert_int_equal(n, 1);
    free(fdt);
}

static void test_psci_timer(void **state)
{
    (void)state;
    dtb_config_t c = base_config();
    size_t size;
    void *fdt = build(&c, &size);

    int psci = node(fdt, "/psci");
    ASSERT_STRLIST(fdt, psci, "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
    assert_str(fdt, psci, "method", "hvc");
    ASSERT_CELLS(fdt, psci, "cpu_suspend", 0xc4000001);
    ASSERT_CELLS(fdt, psci, "cpu_off", 0x84000002);
    ASSERT_CELLS(fdt, psci, "cpu_on", 0xc4000003);
    ASSERT_CELLS(fdt, psci, "migrate", 0xc4000005);

    int timer = node(fdt, "/timer");
    assert_str(fdt, timer, "compatible", "arm,armv8-timer");
    /* Binding order: secure phys, phys, virt, hyp phys; <GIC_PPI n LEVEL_HIGH>. */
    ASSERT_CELLS(fdt, timer, "interrupts", 1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4);
    assert_empty(fdt, timer, "always-on");
    /* The PPI numbers agree with the INTIDs the models use. */
    assert_int_equal(VIRT_GIC_PPI_INTID(VIRT_TIMER_SEC_PHYS_PPI), 29);
    assert_int_equal(VIRT_GIC_PPI_INTID(VIRT_TIMER_PHYS_PPI), 30);
    assert_int_equal(VIRT_GIC_PPI_INTID(VIRT_TIMER_VIRT_PPI), 27);
    assert_int_equal(VIRT_GIC_PPI_INTID(VIRT_TIMER_HYP_PPI), 26);
    free(fdt);
}

static void test_gic_clock_uart_rtc(void **state)
{
    (void)state;
    dtb_config_t c = base_config();
    size_t size;
    void *fdt = build(&c, &size);

    int gic = node(fdt, "/intc@8000000");
    assert_str(fdt, gic, "compatible", "arm,gic-v3");
    ASSERT_CELLS(fdt, gic, "#interrupt-cells", 3);
    assert_empty(fdt, gic, "interrupt-controller");
    ASSERT_CELLS(fdt, gic, "reg", 0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 0x20000);
    ASSERT_CELLS(fdt, gic, "#redistributor-regions", 1);
    ASSERT_CELLS(fdt, gic, "phandle", VIRT_PHANDLE_GIC);

    int clk = node(fdt, "/apb-pclk");
    assert_str(fdt, clk, "compatible", "fixed-clock");
    ASSERT_CELLS(fdt, clk, "#clock-cells", 0);
    ASSERT_CELLS(fdt, clk, "clock-frequency", 24000000);
    assert_str(fdt, clk, "clock-output-names", "clk24mhz");
    ASSERT_CELLS(fdt, clk, "phandle", VIRT_PHANDLE_APB_PCLK);
    assert_int_equal(fdt_node_offset_by_phandle(fdt, VIRT_PHANDLE_APB_PCLK), clk);

    int uart = node(fdt, "/pl011@9000000");
    ASSERT_STRLIST(fdt, uart, "compatible", "arm,pl011\0arm,primecell");
    ASSERT_CELLS(fdt, uart, "reg", 0, 0x09000000, 0, 0x1000);
    ASSERT_CELLS(fdt, uart, "interrupts", 0, 1, 4);
    ASSERT_CELLS(fdt, uart, "clocks", VIRT_PHANDLE_APB_PCLK, VIRT_PHANDLE_APB_PCLK);
    ASSERT_STRLIST(fdt, uart, "clock-names", "uartclk\0apb_pclk");
    assert_int_equal(VIRT_GIC_SPI_INTID(VIRT_UART_SPI), 33);

    int rtc = node(fdt, "/pl031@9010000");
    ASSERT_STRLIST(fdt, rtc, "compatible", "arm,pl031\0arm,primecell");
    ASSERT_CELLS(fdt, rtc, "reg", 0, 0x09010000, 0, 0x1000);
    ASSERT_CELLS(fdt, rtc, "interrupts", 0, 2, 4);
    ASSERT_CELLS(fdt, rtc, "clocks", VIRT_PHANDLE_APB_PCLK);
    assert_str(fdt, rtc, "clock-names", "apb_pclk");
    free(fdt);
}

static void test_chosen(void **state)
{
    (void)state;
    dtb_config_t c = base_config();
    size_t size;
    void *fdt = build(&c, &size);

    int chosen = node(fdt, "/chosen");
    assert_str(fdt, chosen, "bootargs", "console=ttyAMA0 earlycon");
    assert_str(fdt, chosen, "stdout-path", "/pl011@9000000");
    /* stdout-path must name a node that exists. */
    node(fdt, fdt_getprop(fdt, chosen, "stdout-path", NULL));
    assert_int_equal(get_u64(fdt, chosen, "linux,initrd-start"), 0x48000000);
    assert_int_equal(get_u64(fdt, chosen, "linux,initrd-end"), 0x48123456);
    int len;
    const uint8_t *k = fdt_getprop(fdt, chosen, "kaslr-seed", &len);
    assert_non_null(k);
    assert_int_equal(len, 8);
    assert_memory_equal(k, fixed_seed, 8);
    const uint8_t *r = fdt_getprop(fdt, chosen, "rng-seed", &len);
    assert_non_null(r);
    assert_int_equal(len, 32);
    assert_memory_equal(r, fixed_seed + 8, 32);
    free(fdt);

    /* No -append, no initrd: no properties for them. */
    c.bootargs = NULL;
    c.initrd_start = c.initrd_end = 0;
    fdt = build(&c, &size);
    chosen = node(fdt, "/chosen");
    assert_absent(fdt, chosen, "bootargs");
    assert_absent(fdt, chosen, "linux,initrd-start");
    assert_absent(fdt, chosen, "linux,initrd-end");
    assert_str(fdt, chosen, "stdout-path", "/pl011@9000000");
    free(fdt);

    /* An empty -append still gives an (empty) bootargs. */
    c.bootargs = "";
    fdt = build(&c, &size);
    assert_str(fdt, node(fdt, "/chosen"), "bootargs", "");
    free(fdt);
}

static void test_random_seeds(void **state)
{
    (void)state;
    dtb_config_t c = base_config();
    c.seed = NULL; /* getrandom() */
    size_t s1, s2;
    void *a = build(&c, &s1);
    void *b = build(&c, &s2);
    int la, lb;
    const void *ka = fdt_getprop(a, node(a, "/chosen"), "kaslr-seed", &la);
    const void *kb = fdt_getprop(b, node(b, "/chosen"), "kaslr-seed", &lb);
    assert_non_null(ka);
    assert_non_null(kb);
    assert_int_equal(la, 8);
    /* Two 64-bit random values are equal with probability 2^-64. */
    assert_memory_not_equal(ka, kb, 8);
    const void *ra = fdt_getprop(a, node(a, "/chosen"), "rng-seed", &la);
    assert_non_null(ra);
    assert_int_equal(la, 32);
    free(a);
    free(b);
}

static void test_virtio_nodes(void **state)
{
    (void)state;
    dtb_config_t c = base_config();
    size_t size;
    void *fdt = build(&c, &size);
    static const unsigned slots[] = { 0, 3, 31 };
    int prev = -1;
    for (size_t i = 0; i < 3; i++) {
        char path[64];
        snprintf(path, sizeof(path), "/virtio_mmio@%llx",
                 (unsigned long long)(0x0a000000 + slots[i] * 0x200));
        int off = node(fdt, path);
        assert_true(off > prev); /* ascending slot order: slot 0 probes first (vda) */
        prev = off;
        assert_str(fdt, off, "compatible", "virtio,mmio");
        ASSERT_CELLS(fdt, off, "reg", 0, 0x0a000000 + slots[i] * 0x200, 0, 0x200);
        ASSERT_CELLS(fdt, off, "interrupts", 0, 16 + slots[i], 1);
        assert_empty(fdt, off, "dma-coherent");
    }
    int n = 0, off;
    for (off = fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio"); off >= 0;
         off = fdt_node_offset_by_compatible(fdt, off, "virtio,mmio"))
        n++;
    assert_int_equal(n, 3);

    /* Adding later: the API a virtio device setup uses. */
    assert_int_equal(dtb_add_virtio_mmio(&fdt, &size, 5), 0);
    assert_int_equal(fdt_check_full(fdt, size), 0);
    off = node(fdt, "/virtio_mmio@a000a00");
    assert_str(fdt, off, "compatible", "virtio,mmio");
    ASSERT_CELLS(fdt, off, "reg", 0, 0x0a000a00, 0, 0x200);
    ASSERT_CELLS(fdt, off, "interrupts", 0, 21, 1);
    assert_empty(fdt, off, "dma-coherent");
    assert_int_equal(dtb_add_virtio_mmio(&fdt, &size, 5), -FDT_ERR_EXISTS);
    assert_int_equal(dtb_add_virtio_mmio(&fdt, &size, 32), -FDT_ERR_BADVALUE);
    assert_int_equal(fdt_check_full(fdt, size), 0);
    free(fdt);
}

static void test_smp_cpus(void **state)
{
    (void)state;
    dtb_config_t c = base_config();
    c.ncpus = 18;
    c.cpu_compatible = NULL; /* -> arm,armv8 */
    size_t size;
    void *fdt = build(&c, &size);
    int cpus = node(fdt, "/cpus");
    int n = 0, sub;
    fdt_for_each_subnode(sub, fdt, cpus) {
        uint32_t want = (uint32_t)virt_cpu_mpidr_aff(n);
        ASSERT_CELLS(fdt, sub, "reg", want);
        assert_str(fdt, sub, "compatible", "arm,armv8");
        assert_str(fdt, sub, "enable-method", "psci");
        n++;
    }
    assert_int_equal(n, 18);
    node(fdt, "/cpus/cpu@101"); /* CPU 17: Aff1 = 1, Aff0 = 1 */
    int gic = node(fdt, "/intc@8000000");
    ASSERT_CELLS(fdt, gic, "reg", 0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 18 * 0x20000);
    free(fdt);
}

static void test_bad_config(void **state)
{
    (void)state;
    void *blob = (void *)1;
    size_t size = 1;
    dtb_config_t c = base_config();
    c.ncpus = 0;
    assert_int_equal(dtb_build(&c, &blob, &size), -FDT_ERR_BADVALUE);
    assert_null(blob);
    c = base_config();
    c.ncpus = VIRT_MAX_CPUS + 1;
    assert_int_equal(dtb_build(&c, &blob, &size), -FDT_ERR_BADVALUE);
    c = base_config();
    c.ram_size = 0;
    assert_int_equal(dtb_build(&c, &blob, &size), -FDT_ERR_BADVALUE);
    c = base_config();
    c.initrd_end = c.initrd_start - 1;
    assert_int_equal(dtb_build(&c, &blob, &size), -FDT_ERR_BADVALUE);
    assert_non_null(dtb_strerror(-FDT_ERR_BADVALUE));
}

/* A long command line needs more than the first buffer: the builder grows. */
static void test_long_bootargs(void **state)
{
    (void)state;
    char *args = malloc(100000);
    assert_non_null(args);
    memset(args, 'x', 99999);
    args[99999] = '\0';
    dtb_config_t c = base_config();
    c.bootargs = args;
    size_t size;
    void *fdt = build(&c, &size);
    assert_str(fdt, node(fdt, "/chosen"), "bootargs", args);
    free(fdt);
    free(args);
}

/* ---- patching ------------------------------------------------------------------------ */

static void test_patch_chosen(void **state)
{
    (void)state;
    dtb_config_t c = base_config();
    c.bootargs = NULL;
    c.initrd_start = c.initrd_end = 0;
    size_t size;
    void *fdt = build(&c, &size);

    assert_int_equal(dtb_set_initrd(&fdt, &size, 0x44000000, 0x44100000), 0);
    assert_int_equal(dtb_set_bootargs(&fdt, &size, "root=/dev/vda rw"), 0);
    assert_int_equal(fdt_check_full(fdt, size), 0);
    assert_int_equal(fdt_totalsize(fdt), size);
    int chosen = node(fdt, "/chosen");
    assert_int_equal(get_u64(fdt, chosen, "linux,initrd-start"), 0x44000000);
    assert_int_equal(get_u64(fdt, chosen, "linux,initrd-end"), 0x44100000);
    assert_str(fdt, chosen, "bootargs", "root=/dev/vda rw");

    /* Moving and then removing the initrd. */
    assert_int_equal(dtb_set_initrd(&fdt, &size, 0x45000000, 0x45000010), 0);
    chosen = node(fdt, "/chosen");
    assert_int_equal(get_u64(fdt, chosen, "linux,initrd-start"), 0x45000000);
    assert_int_equal(dtb_set_initrd(&fdt, &size, 0, 0), 0);
    chosen = node(fdt, "/chosen");
    assert_absent(fdt, chosen, "linux,initrd-start");
    assert_absent(fdt, chosen, "linux,initrd-end");
    assert_int_equal(dtb_set_initrd(&fdt, &size, 0, 0), 0); /* already gone: fine */

    static const uint8_t other[DTB_SEED_BYTES] = { 0xaa, 0xbb };
    assert_int_equal(dtb_set_seeds(&fdt, &size, other), 0);
    assert_memory_equal(fdt_getprop(fdt, node(fdt, "/chosen"), "kaslr-seed", NULL), other, 8);
    assert_int_equal(fdt_check_full(fdt, size), 0);
    free(fdt);
}

/* A minimal foreign tree: no /chosen, two memory nodes, 1-cell addresses. */
static void *foreign_tree(size_t *size)
{
    size_t cap = 4096;
    void *fdt = malloc(cap);
    assert_non_null(fdt);
    assert_int_equal(fdt_create_empty_tree(fdt, (int)cap), 0);
    assert_int_equal(fdt_setprop_u32(fdt, 0, "#address-cells", 1), 0);
    assert_int_equal(fdt_setprop_u32(fdt, 0, "#size-cells", 1), 0);
    int m2 = fdt_add_subnode(fdt, 0, "memory@80000000");
    assert_true(m2 >= 0);
    assert_int_equal(fdt_setprop_string(fdt, m2, "device_type", "memory"), 0);
    int m1 = fdt_add_subnode(fdt, 0, "memory@40000000");
    assert_true(m1 >= 0);
    assert_int_equal(fdt_setprop_string(fdt, m1, "device_type", "memory"), 0);
    assert_int_equal(fdt_pack(fdt), 0);
    *size = fdt_totalsize(fdt);
    return fdt;
}

static void test_patch_memory(void **state)
{
    (void)state;
    size_t size;
    void *fdt = foreign_tree(&size);
    assert_int_equal(dtb_set_memory(&fdt, &size, 0x40000000, 0x20000000), 0);
    assert_int_equal(fdt_check_full(fdt, size), 0);
    int n = 0, off;
    for (off = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7); off >= 0;
         off = fdt_node_offset_by_prop_value(fdt, off, "device_type", "memory", 7)) {
        ASSERT_CELLS(fdt, off, "reg", 0x40000000, 0x20000000); /* 1+1 cells */
        n++;
    }
    assert_int_equal(n, 1);

    /* The set_* functions create /chosen when a tree lacks it. */
    assert_int_equal(dtb_set_bootargs(&fdt, &size, "quiet"), 0);
    assert_str(fdt, node(fdt, "/chosen"), "bootargs", "quiet");
    free(fdt);

    /* No memory node at all: one is added. */
    size_t cap = 1024;
    fdt = malloc(cap);
    assert_non_null(fdt);
    assert_int_equal(fdt_create_empty_tree(fdt, (int)cap), 0);
    assert_int_equal(fdt_setprop_u32(fdt, 0, "#address-cells", 2), 0);
    assert_int_equal(fdt_setprop_u32(fdt, 0, "#size-cells", 2), 0);
    assert_int_equal(fdt_pack(fdt), 0);
    size = fdt_totalsize(fdt);
    assert_int_equal(dtb_set_memory(&fdt, &size, 0x40000000, 0x100000000ULL), 0);
    off = node(fdt, "/memory@40000000");
    assert_str(fdt, off, "device_type", "memory");
    ASSERT_CELLS(fdt, off, "reg", 0, 0x40000000, 1, 0);
    free(fdt);
}

static void test_patch_rejects_garbage(void **state)
{
    (void)state;
    size_t size = 64;
    void *junk = calloc(1, size);
    assert_non_null(junk);
    assert_true(dtb_set_bootargs(&junk, &size, "x") < 0);
    free(junk);
}

/* ---- dtc reads it back without a warning ------------------------------------------------ */

/* -display sdl: the framebuffer over reserved RAM, the PL061 and its
 * power button (board/board_display.c fills these in). */
static void test_display_nodes(void **state)
{
    (void)state;
    dtb_config_t c = base_config();
    size_t size;
    void *fdt = build(&c, &size);
    assert_int_equal(fdt_path_offset(fdt, "/reserved-memory"), -FDT_ERR_NOTFOUND);
    assert_int_equal(fdt_path_offset(fdt, "/gpio-keys"), -FDT_ERR_NOTFOUND);
    free(fdt);

    c.fb_base = 0x7fc00000;
    c.fb_size = 4 << 20;
    c.fb_width = 1024;
    c.fb_height = 768;
    c.fb_stride = 4096;
    c.gpio_keys = true;
    fdt = build(&c, &size);
    int rm = node(fdt, "/reserved-memory");
    ASSERT_CELLS(fdt, rm, "#address-cells", 2);
    ASSERT_CELLS(fdt, rm, "#size-cells", 2);
    assert_empty(fdt, rm, "ranges");
    int rfb = node(fdt, "/reserved-memory/framebuffer@7fc00000");
    ASSERT_CELLS(fdt, rfb, "reg", 0, 0x7fc00000, 0, 4 << 20);
    assert_empty(fdt, rfb, "no-map");
    int fb = node(fdt, "/framebuffer@7fc00000");
    assert_str(fdt, fb, "compatible", "simple-framebuffer");
    ASSERT_CELLS(fdt, fb, "reg", 0, 0x7fc00000, 0, 4096 * 768);
    ASSERT_CELLS(fdt, fb, "width", 1024);
    ASSERT_CELLS(fdt, fb, "height", 768);
    ASSERT_CELLS(fdt, fb, "stride", 4096);
    assert_str(fdt, fb, "format", "x8r8g8b8");

    int gpio = node(fdt, "/pl061@9030000");
    ASSERT_STRLIST(fdt, gpio, "compatible", "arm,pl061\0arm,primecell");
    ASSERT_CELLS(fdt, gpio, "reg", 0, 0x09030000, 0, 0x1000);
    ASSERT_CELLS(fdt, gpio, "interrupts", 0, 7, 4);
    assert_empty(fdt, gpio, "gpio-controller");
    ASSERT_CELLS(fdt, gpio, "#gpio-cells", 2);
    ASSERT_CELLS(fdt, gpio, "clocks", VIRT_PHANDLE_APB_PCLK);
    assert_str(fdt, gpio, "clock-names", "apb_pclk");
    assert_int_equal(fdt_node_offset_by_phandle(fdt, VIRT_PHANDLE_GPIO), gpio);
    int keys = node(fdt, "/gpio-keys");
    assert_str(fdt, keys, "compatible", "gpio-keys");
    int key = node(fdt, "/gpio-keys/poweroff");
    ASSERT_CELLS(fdt, key, "gpios", VIRT_PHANDLE_GPIO, 3, 0);
    ASSERT_CELLS(fdt, key, "linux,code", 116);
    assert_str(fdt, key, "label", "GPIO Key Poweroff");
    free(fdt);
}

static void test_dtc_clean(void **state)
{
    (void)state;
    if (system("command -v dtc >/dev/null 2>&1") != 0) {
        fprintf(stderr, "dtc not installed: skipped\n");
        skip();
    }
    char dir[] = "/tmp/tinyvm-dtb-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char dtbp[128], errp[128], cmd[512];
    snprintf(dtbp, sizeof(dtbp), "%s/virt.dtb", dir);
    snprintf(errp, sizeof(errp), "%s/dtc.err", dir);

    dtb_config_t c = base_config();
    c.seed = NULL;
    for (int variant = 0; variant < 2; variant++) {
        if (variant == 1) { /* SMP, no extras */
            c.ncpus = 4;
            c.bootargs = NULL;
            c.initrd_start = c.initrd_end = 0;
            c.virtio_slots = 0xffffffffu;
            /* and the -display sdl nodes */
            c.fb_base = 0x7fc00000;
            c.fb_size = 4 << 20;
            c.fb_width = 1024;
            c.fb_height = 768;
            c.fb_stride = 4096;
            c.gpio_keys = true;
        }
        size_t size;
        void *fdt = build(&c, &size);
        FILE *f = fopen(dtbp, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(fdt, 1, size, f), size);
        fclose(f);
        free(fdt);
        snprintf(cmd, sizeof(cmd), "dtc -I dtb -O dts -o /dev/null %s 2>%s", dtbp, errp);
        assert_int_equal(system(cmd), 0);
        f = fopen(errp, "r");
        assert_non_null(f);
        char buf[4096];
        size_t n = fread(buf, 1, sizeof(buf) - 1, f);
        buf[n] = '\0';
        fclose(f);
        if (n)
            fprintf(stderr, "dtc said:\n%s", buf);
        assert_int_equal(n, 0);
    }
    unlink(dtbp);
    unlink(errp);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_root_memory_cpus),
        cmocka_unit_test(test_psci_timer),
        cmocka_unit_test(test_gic_clock_uart_rtc),
        cmocka_unit_test(test_chosen),
        cmocka_unit_test(test_random_seeds),
        cmocka_unit_test(test_virtio_nodes),
        cmocka_unit_test(test_smp_cpus),
        cmocka_unit_test(test_bad_config),
        cmocka_unit_test(test_long_bootargs),
        cmocka_unit_test(test_patch_chosen),
        cmocka_unit_test(test_patch_memory),
        cmocka_unit_test(test_patch_rejects_garbage),
        cmocka_unit_test(test_display_nodes),
        cmocka_unit_test(test_dtc_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
