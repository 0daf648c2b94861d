/* virtio_defs.h - the numbers of the virtio 1.2 specification that tinyvm's
 * devices use, each next to the section that defines it.
 *
 * The values are the same as in Linux's BSD-licensed uapi headers
 * (include/uapi/linux/virtio_*.h); they are written out here from the
 * specification (shared/reference/virtio-spec-v1.2-cs01) so that devices/
 * does not depend on the host's kernel headers.
 */
#ifndef TINYVM_DEVICES_VIRTIO_DEFS_H
#define TINYVM_DEVICES_VIRTIO_DEFS_H

/* ---- §2.1 Device Status Field -------------------------------------------- */
#define VIRTIO_STATUS_ACKNOWLEDGE        1u
#define VIRTIO_STATUS_DRIVER             2u
#define VIRTIO_STATUS_DRIVER_OK          4u
#define VIRTIO_STATUS_FEATURES_OK        8u
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED             128u

/* ---- §6 Reserved Feature Bits (transport and ring features) -------------- */
#define VIRTIO_F_INDIRECT_DESC   28
#define VIRTIO_F_EVENT_IDX       29
#define VIRTIO_F_VERSION_1       32
#define VIRTIO_F_ACCESS_PLATFORM 33
#define VIRTIO_F_RING_PACKED     34
#define VIRTIO_F_IN_ORDER        35
#define VIRTIO_F_RING_RESET      40

#define VIRTIO_BIT(n) (1ull << (n))

/* ---- §4.2.2 MMIO Device Register Layout ------------------------------------ */
#define VIRTIO_MMIO_MAGIC_VALUE        0x000
#define VIRTIO_MMIO_VERSION            0x004
#define VIRTIO_MMIO_DEVICE_ID          0x008
#define VIRTIO_MMIO_VENDOR_ID          0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES    0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES    0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL          0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX      0x034
#define VIRTIO_MMIO_QUEUE_NUM          0x038
#define VIRTIO_MMIO_QUEUE_READY        0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY       0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS   0x060
#define VIRTIO_MMIO_INTERRUPT_ACK      0x064
#define VIRTIO_MMIO_STATUS             0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW     0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH    0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW   0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH  0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW   0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH  0x0a4
#define VIRTIO_MMIO_SHM_SEL            0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW        0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH       0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW       0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH      0x0bc
#define VIRTIO_MMIO_QUEUE_RESET        0x0c0
#define VIRTIO_MMIO_CONFIG_GENERATION  0x0fc
#define VIRTIO_MMIO_CONFIG             0x100

#define VIRTIO_MMIO_MAGIC              0x74726976u /* "virt" */
#define VIRTIO_MMIO_VERSION_MODERN     2u
/* VendorID: any value; QEMU uses "QEMU" (0x554d4551). tinyvm says "TVM\0"
 * (little-endian 0x004d5654) so a guest can tell the two apart. */
#define VIRTIO_MMIO_VENDOR_TINYVM      0x004d5654u

/* InterruptStatus bits (§4.2.2). */
#define VIRTIO_MMIO_INT_VRING          1u
#define VIRTIO_MMIO_INT_CONFIG         2u

/* ---- §5 Device Types: device IDs ------------------------------------------ */
#define VIRTIO_ID_NET     1
#define VIRTIO_ID_BLOCK   2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG     4

/* ---- §2.7.5 The Virtqueue Descriptor Table --------------------------------- */
#define VIRTQ_DESC_F_NEXT     1u
#define VIRTQ_DESC_F_WRITE    2u
#define VIRTQ_DESC_F_INDIRECT 4u

/* §2.7.6 / §2.7.8: ring flags */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u
#define VIRTQ_USED_F_NO_NOTIFY     1u

/* ---- §5.2 Block Device ------------------------------------------------------ */
#define VIRTIO_BLK_F_SIZE_MAX     1
#define VIRTIO_BLK_F_SEG_MAX      2
#define VIRTIO_BLK_F_GEOMETRY     4
#define VIRTIO_BLK_F_RO           5
#define VIRTIO_BLK_F_BLK_SIZE     6
#define VIRTIO_BLK_F_FLUSH        9
#define VIRTIO_BLK_F_TOPOLOGY     10
#define VIRTIO_BLK_F_CONFIG_WCE   11
#define VIRTIO_BLK_F_MQ           12
#define VIRTIO_BLK_F_DISCARD      13
#define VIRTIO_BLK_F_WRITE_ZEROES 14

#define VIRTIO_BLK_T_IN           0
#define VIRTIO_BLK_T_OUT          1
#define VIRTIO_BLK_T_FLUSH        4
#define VIRTIO_BLK_T_GET_ID       8
#define VIRTIO_BLK_T_GET_LIFETIME 10
#define VIRTIO_BLK_T_DISCARD      11
#define VIRTIO_BLK_T_WRITE_ZEROES 13
#define VIRTIO_BLK_T_SECURE_ERASE 14

#define VIRTIO_BLK_S_OK     0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

#define VIRTIO_BLK_ID_BYTES 20 /* GET_ID: NUL-padded, not terminated at 20 */
#define VIRTIO_BLK_SECTOR   512u

/* struct virtio_blk_config offsets (§5.2.4) */
#define VIRTIO_BLK_CFG_CAPACITY         0  /* le64 */
#define VIRTIO_BLK_CFG_SIZE_MAX         8  /* le32 */
#define VIRTIO_BLK_CFG_SEG_MAX          12 /* le32 */
#define VIRTIO_BLK_CFG_GEOMETRY         16 /* le16 cylinders, u8 heads, u8 sectors */
#define VIRTIO_BLK_CFG_BLK_SIZE         20 /* le32 */
#define VIRTIO_BLK_CFG_PHYS_BLOCK_EXP   24 /* u8 */
#define VIRTIO_BLK_CFG_ALIGNMENT_OFFSET 25 /* u8 */
#define VIRTIO_BLK_CFG_MIN_IO_SIZE      26 /* le16 */
#define VIRTIO_BLK_CFG_OPT_IO_SIZE      28 /* le32 */
#define VIRTIO_BLK_CFG_WRITEBACK        32 /* u8 */
#define VIRTIO_BLK_CFG_NUM_QUEUES       34 /* le16 */
#define VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS 36 /* le32 */
#define VIRTIO_BLK_CFG_MAX_DISCARD_SEG  40 /* le32 */
#define VIRTIO_BLK_CFG_DISCARD_ALIGN    44 /* le32 */
#define VIRTIO_BLK_CFG_MAX_WZ_SECTORS   48 /* le32 */
#define VIRTIO_BLK_CFG_MAX_WZ_SEG       52 /* le32 */
#define VIRTIO_BLK_CFG_WZ_MAY_UNMAP     56 /* u8 */
#define VIRTIO_BLK_CFG_SIZE             60 /* up to unused1[3]; no secure erase */

/* struct virtio_blk_discard_write_zeroes (§5.2.6) */
#define VIRTIO_BLK_DWZ_SIZE       16
#define VIRTIO_BLK_DWZ_F_UNMAP    1u

/* ---- §5.1 Network Device ---------------------------------------------------- */
#define VIRTIO_NET_F_CSUM        0
#define VIRTIO_NET_F_GUEST_CSUM  1
#define VIRTIO_NET_F_MTU         3
#define VIRTIO_NET_F_MAC         5
#define VIRTIO_NET_F_GUEST_TSO4  7
#define VIRTIO_NET_F_GUEST_TSO6  8
#define VIRTIO_NET_F_GUEST_ECN   9
#define VIRTIO_NET_F_GUEST_UFO   10
#define VIRTIO_NET_F_HOST_TSO4   11
#define VIRTIO_NET_F_HOST_TSO6   12
#define VIRTIO_NET_F_HOST_ECN    13
#define VIRTIO_NET_F_HOST_UFO    14
#define VIRTIO_NET_F_MRG_RXBUF   15
#define VIRTIO_NET_F_STATUS      16
#define VIRTIO_NET_F_CTRL_VQ     17

#define VIRTIO_NET_S_LINK_UP     1u

/* struct virtio_net_config offsets (§5.1.4) */
#define VIRTIO_NET_CFG_MAC       0  /* u8[6] */
#define VIRTIO_NET_CFG_STATUS    6  /* le16 */
#define VIRTIO_NET_CFG_MAX_VQ_PAIRS 8 /* le16 */
#define VIRTIO_NET_CFG_MTU       10 /* le16 */
#define VIRTIO_NET_CFG_SIZE      12

/* struct virtio_net_hdr (§5.1.6); in virtio 1.x num_buffers is always there,
 * so the header is 12 bytes whatever MRG_RXBUF says. */
#define VIRTIO_NET_HDR_SIZE          12
#define VIRTIO_NET_HDR_F_NEEDS_CSUM  1u
#define VIRTIO_NET_HDR_F_DATA_VALID  2u
#define VIRTIO_NET_HDR_GSO_NONE      0u

#endif
