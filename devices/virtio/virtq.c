/* virtq.c - split virtqueue walker (virtio 1.2 §2.7). See virtq.h for the
 * error policy. All ring fields are little-endian (§2.7.1, non-legacy). */
#include "virtq.h"

#include <endian.h>
#include <string.h>

#include "devices/virtio/virtio_defs.h"
#include "mem/dma.h"

static const char *const err_names[VIRTQ_ERR_COUNT_] = {
    [VIRTQ_ERR_NONE] = "no error",
    [VIRTQ_ERR_SIZE] = "queue size is 0, not a power of 2, or above the maximum",
    [VIRTQ_ERR_RING_ALIGN] = "a ring part is misaligned",
    [VIRTQ_ERR_RING_ADDR] = "a ring part is outside guest RAM",
    [VIRTQ_ERR_AVAIL_IDX] = "available index moved by more than the queue size",
    [VIRTQ_ERR_HEAD] = "available ring entry out of range",
    [VIRTQ_ERR_NEXT] = "descriptor next index out of range",
    [VIRTQ_ERR_LOOP] = "descriptor chain longer than its table (loop)",
    [VIRTQ_ERR_INDIRECT_FEATURE] = "indirect descriptor without VIRTIO_F_INDIRECT_DESC",
    [VIRTQ_ERR_INDIRECT_NESTED] = "nested indirect table",
    [VIRTQ_ERR_INDIRECT_NEXT] = "indirect descriptor with NEXT set",
    [VIRTQ_ERR_INDIRECT_LEN] = "indirect table length 0 or not a multiple of 16",
    [VIRTQ_ERR_INDIRECT_SIZE] = "indirect table too big",
    [VIRTQ_ERR_INDIRECT_ADDR] = "indirect table outside guest RAM",
};

const char *virtq_strerror(virtq_err_t err)
{
    return (unsigned)err < VIRTQ_ERR_COUNT_ ? err_names[err] : "unknown error";
}

/* ---- little-endian ring fields ---------------------------------------------- */

/* The driver updates idx fields while the device reads (a vCPU thread later):
 * an acquire load of avail->idx orders the ring entries read after it, a
 * release store of used->idx publishes the used entries written before it
 * (§2.7.13.3.1, §2.7.13.5 memory barriers). */
static inline uint16_t load_le16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return le16toh(v);
}

static inline uint16_t load_idx(const uint8_t *p)
{
    uint16_t v = __atomic_load_n((const uint16_t *)(const void *)p, __ATOMIC_ACQUIRE);
    return le16toh(v);
}

static inline void store_le16(uint8_t *p, uint16_t v)
{
    v = htole16(v);
    memcpy(p, &v, 2);
}

static inline void store_le32(uint8_t *p, uint32_t v)
{
    v = htole32(v);
    memcpy(p, &v, 4);
}

typedef struct desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
} desc_t;

static inline desc_t load_desc(const uint8_t *table, uint32_t i)
{
    const uint8_t *p = table + (size_t)i * VIRTQ_DESC_SIZE;
    uint64_t a;
    uint32_t l;
    uint16_t f, n;
    memcpy(&a, p, 8);
    memcpy(&l, p + 8, 4);
    memcpy(&f, p + 12, 2);
    memcpy(&n, p + 14, 2);
    return (desc_t){ le64toh(a), le32toh(l), le16toh(f), le16toh(n) };
}

/* ---- queue life cycle ----------------------------------------------------------- */

void virtq_init(virtq_t *vq, physmap_t *pm, unsigned index, uint16_t max_size)
{
    memset(vq, 0, sizeof(*vq));
    vq->pm = pm;
    vq->index = index;
    vq->max_size = max_size;
}

void virtq_reset(virtq_t *vq)
{
    physmap_t *pm = vq->pm;
    unsigned index = vq->index;
    uint16_t max = vq->max_size;
    virtq_error_fn fn = vq->on_error;
    void *op = vq->error_opaque;
    uint64_t completed = vq->completed;
    virtq_init(vq, pm, index, max);
    vq->on_error = fn;
    vq->error_opaque = op;
    vq->completed = completed;
}

virtq_err_t virtq_enable(virtq_t *vq, bool indirect, bool event_idx)
{
    uint32_t n = vq->num;
    /* §2.7: "Queue Size value is always a power of 2"; §4.2.2: at most QueueNumMax. */
    if (n == 0 || (n & (n - 1)) || n > vq->max_size || n > VIRTQ_MAX_SIZE)
        return VIRTQ_ERR_SIZE;
    if (vq->desc_addr % VIRTQ_DESC_ALIGN || vq->avail_addr % VIRTQ_AVAIL_ALIGN ||
        vq->used_addr % VIRTQ_USED_ALIGN)
        return VIRTQ_ERR_RING_ALIGN;
    uint8_t *d = dma_map(vq->pm, vq->desc_addr, virtq_desc_bytes(n));
    uint8_t *a = dma_map(vq->pm, vq->avail_addr, virtq_avail_bytes(n));
    uint8_t *u = dma_map(vq->pm, vq->used_addr, virtq_used_bytes(n));
    if (!d || !a || !u)
        return VIRTQ_ERR_RING_ADDR;
    vq->desc = d;
    vq->avail = a;
    vq->used = u;
    vq->indirect = indirect;
    vq->event_idx = event_idx;
    /* A freshly enabled queue starts at index 0 on both sides (§2.7.6:
     * "This starts at 0"); the driver zeroed the used ring. */
    vq->last_avail = 0;
    vq->used_idx = 0;
    vq->signalled_used = 0;
    vq->broken = false;
    vq->err = VIRTQ_ERR_NONE;
    vq->ready = true;
    return VIRTQ_ERR_NONE;
}

static int fail(virtq_t *vq, virtq_err_t err)
{
    vq->broken = true;
    vq->err = err;
    if (vq->on_error)
        vq->on_error(vq->error_opaque, vq);
    return -1;
}

/* ---- the walker ------------------------------------------------------------------ */

static void add_seg(virtq_elem_t *e, const desc_t *d)
{
    bool write = (d->flags & VIRTQ_DESC_F_WRITE) != 0;
    /* §2.7.4.2: "The driver MUST place any device-writable descriptor
     * elements after any device-readable descriptor elements." */
    if (!write && e->nin)
        e->bad |= VIRTQ_BAD_ORDER;
    uint64_t *total = write ? &e->in_len : &e->out_len;
    *total += d->len;
    if (*total > UINT32_MAX) /* §2.7.5.2: at most 2^32 bytes in a chain */
        e->bad |= VIRTQ_BAD_TOO_LONG;
    if (e->nout + e->nin >= e->cap) {
        e->bad |= VIRTQ_BAD_TOO_MANY;
        return;
    }
    virtq_seg_t *s = &e->seg[e->nout + e->nin];
    s->gpa = d->addr;
    s->len = d->len;
    s->write = write;
    /* The security boundary: only a range wholly inside guest RAM gets a
     * host pointer. */
    s->host = dma_map(e->pm, d->addr, d->len);
    if (!s->host)
        e->bad |= VIRTQ_BAD_ADDR;
    if (write)
        e->nin++;
    else
        e->nout++;
}

bool virtq_has_avail(virtq_t *vq)
{
    if (!vq->ready || vq->broken)
        return false;
    return load_idx(vq->avail + 2) != vq->last_avail;
}

int virtq_pop(virtq_t *vq, virtq_elem_t *e)
{
    if (!vq->ready || vq->broken)
        return 0;
    uint16_t avail_idx = load_idx(vq->avail + 2);
    uint16_t pending = (uint16_t)(avail_idx - vq->last_avail);
    if (pending == 0)
        return 0;
    /* The driver can expose at most num buffers at once (§2.7.6: idx only
     * grows, and there are num descriptors); more means a corrupt idx. */
    if (pending > vq->num)
        return fail(vq, VIRTQ_ERR_AVAIL_IDX);
    uint16_t head = load_le16(vq->avail + 4 + 2u * (vq->last_avail & (vq->num - 1)));
    if (head >= vq->num)
        return fail(vq, VIRTQ_ERR_HEAD);
    vq->last_avail++;

    e->pm = vq->pm;
    e->head = head;
    e->nout = e->nin = 0;
    e->out_len = e->in_len = 0;
    e->bad = 0;

    const uint8_t *table = vq->desc;
    uint32_t size = vq->num, i = head, visited = 0;
    bool in_indirect = false;
    for (;;) {
        /* A well-formed chain visits each descriptor of its table at most
         * once, so more steps than the table has entries is a loop
         * (§2.7.5.2: "loops in the descriptor chain are forbidden"). */
        if (++visited > size)
            return fail(vq, VIRTQ_ERR_LOOP);
        desc_t d = load_desc(table, i);
        if (d.flags & VIRTQ_DESC_F_INDIRECT) {
            /* §2.7.5.3.1 driver rules, checked because the device must not
             * trust them. The WRITE flag of this descriptor is ignored
             * (§2.7.5.3.2). */
            if (!vq->indirect)
                return fail(vq, VIRTQ_ERR_INDIRECT_FEATURE);
            if (in_indirect)
                return fail(vq, VIRTQ_ERR_INDIRECT_NESTED);
            if (d.flags & VIRTQ_DESC_F_NEXT)
                return fail(vq, VIRTQ_ERR_INDIRECT_NEXT);
            if (d.len == 0 || d.len % VIRTQ_DESC_SIZE)
                return fail(vq, VIRTQ_ERR_INDIRECT_LEN);
            if (d.len / VIRTQ_DESC_SIZE > VIRTQ_MAX_INDIRECT)
                return fail(vq, VIRTQ_ERR_INDIRECT_SIZE);
            /* No alignment is demanded of the table's address: the spec
             * gives none, and Linux allocates it with kmalloc, which may
             * return 8-byte aligned memory. Descriptors are read with
             * memcpy, so any alignment is safe. */
            const uint8_t *t = dma_map(vq->pm, d.addr, d.len);
            if (!t)
                return fail(vq, VIRTQ_ERR_INDIRECT_ADDR);
            table = t;
            size = d.len / VIRTQ_DESC_SIZE;
            i = 0;
            visited = 0;
            in_indirect = true;
            continue;
        }
        if (d.len)
            add_seg(e, &d);
        if (!(d.flags & VIRTQ_DESC_F_NEXT))
            break;
        i = d.next;
        if (i >= size)
            return fail(vq, VIRTQ_ERR_NEXT);
    }
    return 1;
}

void virtq_unpop(virtq_t *vq, unsigned n)
{
    vq->last_avail = (uint16_t)(vq->last_avail - n);
}

void virtq_push(virtq_t *vq, uint16_t head, uint32_t len)
{
    if (!vq->ready)
        return;
    uint32_t slot = vq->used_idx & (vq->num - 1);
    uint8_t *elem = vq->used + 4 + 8u * slot;
    /* §2.7.8.2: "The device MUST set len prior to updating the used idx." */
    store_le32(elem, head);
    store_le32(elem + 4, len);
    dma_mark_written(vq->pm, vq->used_addr + 4 + 8u * slot, 8);
    vq->used_idx++;
    vq->completed++;
    __atomic_store_n((uint16_t *)(void *)(vq->used + 2), htole16(vq->used_idx), __ATOMIC_RELEASE);
    dma_mark_written(vq->pm, vq->used_addr + 2, 2);
}

bool virtq_should_notify(virtq_t *vq)
{
    if (!vq->ready)
        return false;
    uint16_t old = vq->signalled_used, now = vq->used_idx;
    vq->signalled_used = now;
    __atomic_thread_fence(__ATOMIC_SEQ_CST); /* used idx visible before reading the driver's wish */
    if (vq->event_idx) {
        /* §2.7.7.2: notify when the used index passes used_event, i.e. when
         * used_event lies in [old, now) in 16-bit modular arithmetic. */
        uint16_t used_event = load_le16(vq->avail + 4 + 2u * vq->num);
        return (uint16_t)(now - used_event - 1) < (uint16_t)(now - old);
    }
    if (now == old)
        return false;
    return !(load_le16(vq->avail) & VIRTQ_AVAIL_F_NO_INTERRUPT);
}

bool virtq_arm_notify(virtq_t *vq)
{
    if (!vq->ready || vq->broken)
        return false;
    if (vq->event_idx) {
        /* §2.7.10: ask for a notification when the driver makes the entry at
         * last_avail available. */
        uint8_t *p = vq->used + 4 + 8u * vq->num;
        store_le16(p, vq->last_avail);
        dma_mark_written(vq->pm, vq->used_addr + 4 + 8u * vq->num, 2);
    }
    /* Without event index the used ring's flags stay 0: the driver always
     * notifies. Re-check after publishing, in case the driver added buffers
     * before it could see avail_event. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return virtq_has_avail(vq);
}

/* ---- elements ------------------------------------------------------------------------ */

void virtq_elem_init(virtq_elem_t *e, virtq_seg_t *segs, unsigned cap)
{
    memset(e, 0, sizeof(*e));
    e->seg = segs;
    e->cap = cap;
}

/* Segments of one direction: [first, first+count). */
static void part(const virtq_elem_t *e, bool in, unsigned *first, unsigned *count)
{
    *first = in ? e->nout : 0;
    *count = in ? e->nin : e->nout;
}

size_t virtq_elem_read(const virtq_elem_t *e, uint64_t off, void *buf, size_t len)
{
    unsigned first, count;
    part(e, false, &first, &count);
    size_t done = 0;
    for (unsigned k = first; k < first + count && done < len; k++) {
        const virtq_seg_t *s = &e->seg[k];
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        if (!s->host)
            break;
        size_t n = s->len - off;
        if (n > len - done)
            n = len - done;
        memcpy((uint8_t *)buf + done, s->host + off, n);
        done += n;
        off = 0;
    }
    return done;
}

size_t virtq_elem_write(const virtq_elem_t *e, uint64_t off, const void *buf, size_t len)
{
    unsigned first, count;
    part(e, true, &first, &count);
    size_t done = 0;
    for (unsigned k = first; k < first + count && done < len; k++) {
        const virtq_seg_t *s = &e->seg[k];
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        if (!s->host)
            break;
        size_t n = s->len - off;
        if (n > len - done)
            n = len - done;
        memcpy(s->host + off, (const uint8_t *)buf + done, n);
        dma_mark_written(e->pm, s->gpa + off, n);
        done += n;
        off = 0;
    }
    return done;
}

int virtq_elem_iov(const virtq_elem_t *e, bool in, uint64_t off, uint64_t len,
                   struct iovec *iov, int max)
{
    unsigned first, count;
    part(e, in, &first, &count);
    int n = 0;
    for (unsigned k = first; k < first + count && len; k++) {
        const virtq_seg_t *s = &e->seg[k];
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        if (!s->host || n == max)
            return -1;
        uint64_t take = s->len - off;
        if (take > len)
            take = len;
        iov[n].iov_base = s->host + off;
        iov[n].iov_len = (size_t)take;
        n++;
        len -= take;
        off = 0;
    }
    return len ? -1 : n;
}

void virtq_elem_mark_written(const virtq_elem_t *e, uint64_t off, uint64_t len)
{
    unsigned first, count;
    part(e, true, &first, &count);
    for (unsigned k = first; k < first + count && len; k++) {
        const virtq_seg_t *s = &e->seg[k];
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        uint64_t n = s->len - off;
        if (n > len)
            n = len;
        if (s->host)
            dma_mark_written(e->pm, s->gpa + off, n);
        len -= n;
        off = 0;
    }
}
