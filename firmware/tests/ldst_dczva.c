/* ldst_dczva.c - the memory side of DC ZVA (cpu_dc_zva in cpu/ldst.c):
 * zeroes the naturally aligned DCZID_EL0-sized block holding the address,
 * is a write for permissions, and its fault reports the address in Xt. */
#include "ldst_common.h"

static uint8_t buf[512] __attribute__((aligned(256)));

static uint64_t zero_count(void)
{
    /* Bitmap of the 8-byte words of buf that are zero. */
    uint64_t m = 0;
    for (int i = 0; i < 64; i++) {
        uint64_t w = 0;
        for (int j = 0; j < 8; j++)
            w |= buf[i * 8 + j];
        if (!w)
            m |= 1ul << i;
    }
    return m;
}

int fw_main(uint64_t dtb)
{
    (void)dtb;
    mmu_on();
    fw_set_handler(record_fault);
    uint64_t dczid = SYSREG_READ(dczid_el0);
    show("dczid_el0", dczid, 4); /* BS = 4: 64 bytes, DZP = 0 */
    fw_memset(buf, 0xab, sizeof(buf));
    __asm__ volatile("dc zva, %0" : : "r"(buf + 64 + 13) : "memory");
    show("dc zva block 1", zero_count(), 0xff00ul);
    __asm__ volatile("dc zva, %0" : : "r"(buf + 3 * 64 + 63) : "memory");
    show("dc zva block 3", zero_count(), 0xff00ff00ul);
    __asm__ volatile("dc zva, %0" : : "r"(buf + 448) : "memory");
    show("dc zva block 7", zero_count(), 0xff000000ff00ff00ul);

    /* A write for permission purposes: the read-only alias faults. */
    uint64_t ro = (uint64_t)alias_of(buf, RO_OFFSET);
    faults_reset();
    __asm__ volatile("dc zva, %0" : : "r"(ro + 128 + 40) : "memory");
    show("dc zva read-only faults", fault_count, 1);
    show("dc zva read-only esr", fault_esr, 0x9600004dul);
    show("dc zva read-only far", fault_far - ro, 128 + 40); /* Xt, not the block */
    show("dc zva read-only memory kept", zero_count(), 0xff000000ff00ff00ul);
    fw_printf("info: %d cases\n", ncases);
    return 0;
}
