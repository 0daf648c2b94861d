#!/usr/bin/env python3
"""seeds.py - write the seed corpus of tests/fuzz/fuzz_virtq.c.

Each seed is a well-formed guest (see the input layout in fuzz_virtq.c): a
ring with a few virtio-blk requests of every kind, so the fuzzer starts from
inputs that reach deep into the request parser instead of having to discover
the ring format first.

    tests/fuzz/seeds.py tests/fuzz/corpus/virtq
"""
import os
import struct
import sys

RAM = 0x40000000
USED = RAM + 0xC000


def desc(addr, length, flags, nxt):
    return struct.pack("<QIHH", addr, length, flags, nxt)


NEXT, WRITE, INDIRECT = 1, 2, 4


class Guest:
    def __init__(self, qexp=4, flags=0, ops=b""):
        self.num = 1 << qexp
        self.qexp = qexp
        self.flags = flags
        self.ops = ops
        self.ram = bytearray(0x10000)
        self.heads = []

    def put(self, addr, data):
        off = addr - RAM
        self.ram[off:off + len(data)] = data

    def desc(self, i, addr, length, flags, nxt=0):
        self.put(RAM + 16 * i, desc(addr, length, flags, nxt))

    def publish(self, head):
        avail = RAM + 16 * self.num
        self.put(avail + 4 + 2 * (len(self.heads) % self.num), struct.pack("<H", head))
        self.heads.append(head)
        self.put(avail + 2, struct.pack("<H", len(self.heads)))

    def blob(self):
        end = max(i for i, b in enumerate(self.ram) if b) + 1 if any(self.ram) else 0
        nops = len(self.ops) // 6
        return bytes([self.qexp, self.flags, nops]) + self.ops + bytes(self.ram[:end])


def hdr(t, sector):
    return struct.pack("<IIQ", t, 0, sector)


def request(g, first, t, sector, data_len, data_in, buf):
    """Three descriptors from `first`: header, data, status. Buffers at buf."""
    g.put(buf, hdr(t, sector))
    if data_len:
        g.desc(first, buf, 16, NEXT, first + 1)
        g.desc(first + 1, buf + 0x100, data_len, NEXT | (WRITE if data_in else 0), first + 2)
    else:
        g.desc(first, buf, 16, NEXT, first + 2)
    g.desc(first + 2, buf + 0x80, 1, WRITE)
    g.publish(first)


def seeds():
    out = {}
    # Buffers sit low in RAM (after a 16-entry ring's 0x126 bytes) so that
    # seeds stay small: request i at 0x400 + i * 0x600 (header, status at
    # +0x80, data at +0x100).
    def buf(i):
        return RAM + 0x400 + 0x600 * i

    g = Guest()
    request(g, 0, 1, 0, 512, False, buf(0))         # write
    request(g, 3, 0, 0, 1024, True, buf(1))         # read it back
    request(g, 6, 4, 0, 0, False, buf(2))           # flush
    request(g, 9, 8, 0, 20, True, buf(3))           # get id
    out["rw-flush-id"] = g.blob()

    g = Guest(flags=1)                              # indirect
    table = RAM + 0x200
    g.put(buf(0), hdr(0, 3))
    g.put(table, desc(buf(0), 16, NEXT, 1) + desc(buf(0) + 0x100, 512, NEXT | WRITE, 2) +
          desc(buf(0) + 0x80, 1, WRITE, 0))
    g.desc(0, table, 48, INDIRECT)
    g.publish(0)
    out["indirect"] = g.blob()

    g = Guest(flags=2)                              # event idx, write zeroes + discard
    g.put(buf(0) + 0x100, struct.pack("<QII", 8, 8, 0) + struct.pack("<QII", 100, 4, 1))
    g.put(buf(0), hdr(13, 0))
    g.desc(0, buf(0), 16, NEXT, 1)
    g.desc(1, buf(0) + 0x100, 32, NEXT, 2)
    g.desc(2, buf(0) + 0x80, 1, WRITE)
    g.publish(0)
    g.put(buf(1), hdr(11, 0))
    g.desc(3, buf(1), 16, NEXT, 4)
    g.desc(4, buf(0) + 0x100, 16, NEXT, 5)
    g.desc(5, buf(1) + 0x80, 1, WRITE)
    g.publish(3)
    out["discard-wz"] = g.blob()

    g = Guest(qexp=3)                               # a loop
    g.desc(0, buf(0), 16, NEXT, 1)
    g.desc(1, buf(0) + 0x100, 16, NEXT, 0)
    g.publish(0)
    out["loop"] = g.blob()

    ops = b"".join(struct.pack("<HI", off, val) for off, val in
                   [(0x070, 0), (0x030, 0), (0x044, 0), (0x038, 8), (0x044, 1), (0x064, 3),
                    (0x050, 0), (0x100 | 0x4, 0)])
    g = Guest(qexp=3, flags=0, ops=ops)             # register writes mid-flight
    request(g, 0, 0, 1, 512, True, buf(0))
    out["registers"] = g.blob()
    return out


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "tests/fuzz/corpus/virtq"
    os.makedirs(d, exist_ok=True)
    for name, blob in seeds().items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(blob)


if __name__ == "__main__":
    main()
