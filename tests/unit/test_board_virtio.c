/* test_board_virtio.c - from the command line to virtio devices on the board
 * (board/board_virtio.c): slots in command-line order, device IDs at the
 * QEMU virt addresses, interrupts on SPI 16+n, and backend errors (a locked
 * image, a hostfwd port in use) as exit status 2 before anything runs. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "board/board_virtio.h"
#include "board/options.h"
#include "board/virt.h"
#include "devices/block/block.h"
#include "devices/gicv3.h"
#include "devices/virtio/virtio_defs.h"
#include "mem/physmap.h"

static char dir[64], img1[128], img2[128];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/tinyvm-bv-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(img1, sizeof(img1), "%s/a.img", dir);
    snprintf(img2, sizeof(img2), "%s/b.img", dir);
    FILE *f = fopen(img1, "w");
    fclose(f);
    f = fopen(img2, "w");
    fclose(f);
    if (truncate(img1, 1 << 20) || truncate(img2, 2 << 20))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(img1);
    unlink(img2);
    rmdir(dir);
    return 0;
}

static int parse(vm_options_t *o, const char *first, ...)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = (char *)"tinyvm";
    argv[argc++] = (char *)"-kernel";
    argv[argc++] = img1; /* any regular file passes the parser */
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    return options_parse(o, argc, argv);
}

static uint32_t rd32(physmap_t *pm, uint64_t addr)
{
    uint64_t v = 0;
    assert_int_equal(physmap_read(pm, addr, 4, &v), MEM_OK);
    return (uint32_t)v;
}

static void test_devices_on_slots(void **state)
{
    (void)state;
    static vm_options_t o;
    assert_int_equal(parse(&o, "-drive", img1, "-device", "virtio-rng-device", "-nic", "user",
                           "-drive", img2, (const char *)NULL), OPTIONS_RUN);
    assert_int_equal(board_virtio_slots(&o), 0xf);
    virtio_backends_t *vb;
    assert_int_equal(virtio_backends_open(&o, &vb), 0);
    physmap_t pm;
    assert_int_equal(physmap_init(&pm, VIRT_RAM_BASE, 64 << 20), 0);
    gicv3_t *gic = gicv3_create(&pm, 1, VIRT_GIC_DIST_BASE, VIRT_GIC_REDIST_BASE, 256);
    assert_non_null(gic);
    board_virtio_t *bv = board_virtio_create(&o, vb, &pm, gic);
    assert_non_null(bv);
    const uint32_t ids[4] = { VIRTIO_ID_BLOCK, VIRTIO_ID_RNG, VIRTIO_ID_NET, VIRTIO_ID_BLOCK };
    for (int n = 0; n < 4; n++) {
        uint64_t base = VIRT_VIRTIO_MMIO_ADDR(n);
        assert_int_equal(rd32(&pm, base + VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
        assert_int_equal(rd32(&pm, base + VIRTIO_MMIO_VERSION), 2);
        assert_int_equal(rd32(&pm, base + VIRTIO_MMIO_DEVICE_ID), ids[n]);
    }
    /* vda is the first -drive (1 MiB), vdb the second (2 MiB). */
    assert_int_equal(rd32(&pm, VIRT_VIRTIO_MMIO_ADDR(0) + VIRTIO_MMIO_CONFIG), 2048);
    assert_int_equal(rd32(&pm, VIRT_VIRTIO_MMIO_ADDR(3) + VIRTIO_MMIO_CONFIG), 4096);
    /* Nothing in slot 4. */
    uint64_t v;
    assert_int_not_equal(physmap_read(&pm, VIRT_VIRTIO_MMIO_ADDR(4), 4, &v), MEM_OK);
    /* The default command line boots the first disk. */
    assert_string_equal(o.append, "console=ttyAMA0 root=/dev/vda rw");

    /* A device's interrupt is SPI 16 + slot: force a configuration change
     * interrupt on slot 2 through a broken queue setup after DRIVER_OK. */
    uint64_t b2 = VIRT_VIRTIO_MMIO_ADDR(2);
    physmap_write(&pm, b2 + VIRTIO_MMIO_STATUS, 4, 0);
    physmap_write(&pm, b2 + VIRTIO_MMIO_STATUS, 4, 3);
    physmap_write(&pm, b2 + VIRTIO_MMIO_DRIVER_FEATURES_SEL, 4, 1);
    physmap_write(&pm, b2 + VIRTIO_MMIO_DRIVER_FEATURES, 4, 1);
    physmap_write(&pm, b2 + VIRTIO_MMIO_STATUS, 4, 3 | VIRTIO_STATUS_FEATURES_OK);
    physmap_write(&pm, b2 + VIRTIO_MMIO_STATUS, 4, 3 | VIRTIO_STATUS_FEATURES_OK |
                                                       VIRTIO_STATUS_DRIVER_OK);
    physmap_write(&pm, b2 + VIRTIO_MMIO_QUEUE_SEL, 4, 0);
    physmap_write(&pm, b2 + VIRTIO_MMIO_QUEUE_NUM, 4, 3); /* not a power of 2 */
    physmap_write(&pm, b2 + VIRTIO_MMIO_QUEUE_READY, 4, 1);
    assert_int_equal(rd32(&pm, b2 + VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
    /* GICD_ISPENDR<n>: INTID 32 + 16 + 2 = 50 is pending. */
    uint32_t intid = VIRT_VIRTIO_MMIO_INTID(2);
    assert_int_equal(intid, 50);
    uint32_t pend = rd32(&pm, VIRT_GIC_DIST_BASE + 0x200 + 4 * (intid / 32));
    assert_true(pend & (1u << (intid % 32)));

    board_virtio_destroy(bv);
    gicv3_destroy(gic);
    physmap_destroy(&pm);
    virtio_backends_close(vb);
}

static void test_backend_errors(void **state)
{
    (void)state;
    static vm_options_t o;
    /* A locked image: exit status 2 with one line naming -drive. */
    blk_open_opts_t bo = { .path = img1 };
    blk_t *held;
    char err[256];
    assert_int_equal(blk_open(&held, &bo, err, sizeof(err)), 0);
    assert_int_equal(parse(&o, "-drive", img1, (const char *)NULL), OPTIONS_RUN);
    virtio_backends_t *vb;
    assert_int_equal(virtio_backends_open(&o, &vb), VM_EXIT_USAGE);
    assert_null(vb);
    /* Nor may a reader share with a writer. */
    char ro[192];
    snprintf(ro, sizeof(ro), "%s,readonly=on", img1);
    assert_int_equal(parse(&o, "-drive", ro, (const char *)NULL), OPTIONS_RUN);
    assert_int_equal(virtio_backends_open(&o, &vb), VM_EXIT_USAGE);
    /* Once the other user is gone, it opens. */
    blk_close(held);
    assert_int_equal(virtio_backends_open(&o, &vb), 0);
    virtio_backends_close(vb);

    /* A hostfwd port in use. */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY) };
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(s, 1), 0);
    socklen_t al = sizeof(a);
    getsockname(s, (struct sockaddr *)&a, &al);
    char nic[64];
    snprintf(nic, sizeof(nic), "user,hostfwd=tcp::%u-:22", ntohs(a.sin_port));
    assert_int_equal(parse(&o, "-nic", nic, (const char *)NULL), OPTIONS_RUN);
    assert_int_equal(virtio_backends_open(&o, &vb), VM_EXIT_USAGE);
    close(s);
    assert_int_equal(virtio_backends_open(&o, &vb), 0);
    virtio_backends_close(vb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_devices_on_slots),
        cmocka_unit_test(test_backend_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
