#!/usr/bin/env python3
"""tests/bench/bench.py - `make bench`: tinyvm against qemu-system-aarch64 (TCG).

The same guests run under both emulators in the same run, repetitions interleaved
(tinyvm first on odd repetitions, QEMU first on even ones) so both see the same
host load. Both get the same command line:
    -M virt,gic-version=3 -cpu cortex-a57 -smp 1 -m 512M -nographic -no-reboot
and the same devices spelled the QEMU way (-drive if=none + -device virtio-blk-device,
-netdev user + -device virtio-net-device, -device virtio-rng-device); QEMU adds
-accel tcg. The harness watches each emulator's console on a pipe itself, so both
are timed by the same code.

Items (BENCH_ITEMS, names or numbers; default all):
  1 shell   Debian kernel + initramfs: wall time to the initramfs shell banner
            (boot-shell), and the emulator's host CPU time until then (-cpu)
  2 login   own kernel + Debian rootfs (snapshot=on): wall time to "login:",
            and host CPU time until then (boot-login-cpu)
  3 cpu     tests/bench/cpubench.c in the guest: guest seconds per part; the
            checksums must equal the program's under qemu-aarch64 (user mode) and
            its x86-64 build, otherwise the number is dropped and flagged;
            cpu-hostcpu: the emulator's host CPU seconds for the whole program
  4 disk    dd with O_DIRECT on a scratch virtio disk: MB/s write and read
  5 net     busybox wget of a 64 MiB file from a host HTTP server through slirp: MB/s
  6 rss     host peak RSS (VmHWM) minus guest RAM, after the guest touched all its
            free RAM: the emulator's own memory
  7 idle    host CPU time (utime+stime of all threads) over 10 s of an idle guest,
            as % of one core
Items 3-7 share one boot (tests/bench/guest.sh is the guest side).

Output: build/bench/results-YYYY-MM-DD.csv (appended: date,commit,item,emulator,
rep,value,unit), build/bench/summary.txt (medians and tinyvm/QEMU), build/bench/
chart.png (gnuplot). A benchmark is not a test: the exit status is 0 unless the
harness itself could not run. On a loaded host the wall times stretch with the
share of CPU each emulator gets; the *-cpu metrics (utime+stime of the emulator
process, all threads) are the steadier comparison then.

  bench.py [--reps N] [--items LIST] [--out DIR]
Environment: TINYVM, QEMU (the binaries), BENCH_COMMIT (the label written for
tinyvm's build instead of `git rev-parse HEAD`, when TINYVM is another build),
BENCH_BASELINE=/path/to/an/older/tinyvm (make bench BENCH_BASELINE=...): a third
emulator, "tinyvm-base", interleaved with the other two, for before/after tables
measured under the same host load.
The images are hard-linked (or copied) into the output directory first, so a
tools/ cache entry replaced during the run (another checkout's recipe) does
not pull them away; tools/ is run with TINYVM_KEEP_OLD=1 so the run never
deletes another checkout's cache entries.
  bench.py --smoke     the make-test check: scripts parse, and the CPU program's
                       checksums on tinyvm equal the native ones (small scale)
"""
import argparse
import csv
import datetime
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GUEST_RAM_MB = 512
ITEMS = ["shell", "login", "cpu", "disk", "net", "rss", "idle"]
CPU_PARTS = ["int", "mem", "fp", "neon", "total"]
NET_MB = 64

# metric -> (unit, True if higher is better, item)
METRICS = {
    "boot-shell": ("s", False, "shell"),
    "boot-shell-cpu": ("s", False, "shell"),
    "boot-login": ("s", False, "login"),
    "boot-login-cpu": ("s", False, "login"),
    **{f"cpu-{p}": ("s", False, "cpu") for p in CPU_PARTS},
    "cpu-hostcpu": ("s", False, "cpu"),
    "disk-write": ("MB/s", True, "disk"),
    "disk-read": ("MB/s", True, "disk"),
    "net-download": ("MB/s", True, "net"),
    "rss-overhead": ("MB", False, "rss"),
    "rss-peak": ("MB", False, "rss"),
    "idle-cpu": ("%", False, "idle"),
}


def log(msg):
    print(msg, flush=True)


def die(msg):
    print(f"bench: {msg}", file=sys.stderr)
    sys.exit(2)


def tool_env(*cmd):
    """Run a tools/ recipe with --quiet and return its KEY=VALUE lines as a dict."""
    out = subprocess.run([os.path.join(ROOT, "tools", cmd[0]), "--quiet", *cmd[1:]],
                         check=True, capture_output=True, text=True,
                         env=dict(os.environ, TINYVM_KEEP_OLD="1")).stdout
    env = {}
    for line in out.splitlines():
        m = re.match(r"^([A-Z_0-9]+)=(.*)$", line)
        if m:
            env[m.group(1)] = m.group(2).strip("'\"")
    return env


# ---- the guest programs -------------------------------------------------------------
def cpubench_paths(out):
    return os.path.join(out, "cpubench-arm64"), os.path.join(out, "cpubench-x86_64")


def cpubench_run_native(out, scale):
    """Checksums of the CPU program under qemu-aarch64 (user mode) and its host build."""
    arm, host = cpubench_paths(out)
    res = {}
    for name, cmd in (("qemu-aarch64", ["qemu-aarch64", "-cpu", "cortex-a57", arm]),
                      ("host", [host])):
        r = subprocess.run(cmd + ["run", str(scale)], capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            die(f"cpubench under {name} failed: {r.stderr.strip()}")
        res[name] = parse_checksums(r.stdout)
    return res


def parse_checksums(text):
    return dict(re.findall(r"cpubench (\w+) checksum=([0-9a-f]{16})", text))


def make_bench_initrd(out, initrd):
    """The standard initramfs plus an appended cpio: /check.sh (guest.sh) and
    /bench/cpubench. Linux unpacks concatenated archives in order, later files win."""
    arm, _ = cpubench_paths(out)
    stage = tempfile.mkdtemp(prefix="bench-initrd-", dir=out)
    try:
        os.makedirs(os.path.join(stage, "bench"))
        shutil.copy(os.path.join(ROOT, "tests", "bench", "guest.sh"), os.path.join(stage, "check.sh"))
        shutil.copy(arm, os.path.join(stage, "bench", "cpubench"))
        os.chmod(os.path.join(stage, "check.sh"), 0o755)
        os.chmod(os.path.join(stage, "bench", "cpubench"), 0o755)
        files = "check.sh\nbench\nbench/cpubench\n"
        cp = subprocess.run(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet"], cwd=stage,
                            input=files.encode(), capture_output=True, check=True).stdout
    finally:
        shutil.rmtree(stage)
    path = os.path.join(out, "initrd-bench.img")
    with open(initrd, "rb") as f:
        base = f.read()
    gz = subprocess.run(["gzip", "-9n"], input=cp, capture_output=True, check=True).stdout
    with open(path, "wb") as f:
        f.write(base + gz)
    return path


# ---- one emulator run ---------------------------------------------------------------
class Guest:
    """An emulator with its console on a pipe; wait_for() matches the console output."""

    def __init__(self, emu, args, logpath):
        if emu == "tinyvm":
            cmd = [os.environ.get("TINYVM", os.path.join(ROOT, "tinyvm"))]
        elif emu == "tinyvm-base":
            cmd = [os.environ["BENCH_BASELINE"]]
        else:
            cmd = [os.environ.get("QEMU", "qemu-system-aarch64"), "-accel", "tcg"]
        cmd += ["-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-smp", "1",
                "-m", f"{GUEST_RAM_MB}M", "-nographic", "-no-reboot"] + args
        self.emu, self.cmd = emu, cmd
        self.buf = b""
        self.cond = threading.Condition()
        self.logf = open(logpath, "wb")
        with open(logpath + ".cmd", "w") as f:
            f.write(" ".join(cmd) + "\n")
        self.t0 = time.monotonic()
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=open(logpath + ".stderr", "wb"))
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        fd = self.p.stdout.fileno()
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            with self.cond:
                if not chunk:
                    self.eof = True
                    self.cond.notify_all()
                    return
                self.buf += chunk
                self.logf.write(chunk)
                self.cond.notify_all()

    def wait_for(self, regex, timeout):
        """Seconds since start when the console first matched REGEX, or None."""
        rx = re.compile(regex.encode(), re.M)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                if rx.search(self.buf.replace(b"\r", b"")):
                    return time.monotonic() - self.t0
                if getattr(self, "eof", False):
                    return None
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(min(left, 1.0))

    def send(self, data):
        """Type on the console; an emulator that already ended is not an error."""
        try:
            self.p.stdin.write(data)
            self.p.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass

    def text(self):
        with self.cond:
            return self.buf.replace(b"\r", b"").decode(errors="replace")

    def cpu_ticks(self):
        with open(f"/proc/{self.p.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])     # utime + stime (fields 14, 15)

    def cpu_seconds(self):
        try:
            return self.cpu_ticks() / os.sysconf("SC_CLK_TCK")
        except OSError:
            return None

    def vm_hwm_kb(self):
        with open(f"/proc/{self.p.pid}/status") as f:
            m = re.search(r"^VmHWM:\s+(\d+) kB", f.read(), re.M)
        return int(m.group(1)) if m else None

    def stop(self, grace=10):
        """Wait GRACE seconds for the emulator to end by itself, then end it."""
        try:
            self.p.wait(grace)
        except subprocess.TimeoutExpired:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.reader.join(5)
        self.logf.close()


def blk(path):
    return ["-drive", f"file={path},format=raw,if=none,id=hd0", "-device", "virtio-blk-device,drive=hd0"]


NIC = ["-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0"]
RNG = ["-device", "virtio-rng-device"]


# ---- the sessions -------------------------------------------------------------------
def session_shell(ctx, emu, rep, record):
    logp = os.path.join(ctx.out, f"shell.{emu}.{rep}.log")
    g = Guest(emu, ["-kernel", ctx.kernel, "-initrd", ctx.initrd, "-append", "console=ttyAMA0"] + RNG, logp)
    t = g.wait_for(r"tinyvm initramfs shell", 180)
    c = g.cpu_seconds() if t is not None else None
    g.send(b"poweroff -f\r")
    g.stop(10)
    if t is None:
        log(f"  {emu} rep {rep}: no shell banner (log {logp})")
        return
    record("boot-shell", t)
    record("boot-shell-cpu", c)


def session_login(ctx, emu, rep, record):
    logp = os.path.join(ctx.out, f"login.{emu}.{rep}.log")
    args = ["-kernel", ctx.own_kernel, "-append", "console=ttyAMA0 root=/dev/vda rw",
            "-drive", f"file={ctx.rootfs},format=raw,if=none,id=hd0,snapshot=on",
            "-device", "virtio-blk-device,drive=hd0"] + NIC + RNG
    g = Guest(emu, args, logp)
    t = g.wait_for(r"login: *$", 600)
    c = g.cpu_seconds() if t is not None else None
    g.stop(0)
    if t is None:
        log(f"  {emu} rep {rep}: no login prompt (log {logp})")
        return
    record("boot-login", t)
    record("boot-login-cpu", c)


def session_work(ctx, emu, rep, record):
    logp = os.path.join(ctx.out, f"work.{emu}.{rep}.log")
    scratch = os.path.join(ctx.out, f"scratch.{emu}.img")
    with open(scratch, "wb") as f:
        f.truncate(128 << 20)
    append = (f"console=ttyAMA0 tinyvm.check=1 tinyvm.bench=full tinyvm.benchport={ctx.port}")
    g = Guest(emu, ["-kernel", ctx.kernel, "-initrd", ctx.bench_initrd, "-append", append]
              + blk(scratch) + NIC + RNG, logp)
    try:
        c_start = c_end = None
        if g.wait_for(r"^BENCH: start", 300) is not None:
            c_start = g.cpu_seconds()
            if g.wait_for(r"^BENCH: cpubench total", 600) is not None:
                c_end = g.cpu_seconds()
        if g.wait_for(r"^BENCH: idle-begin", 900) is None:
            log(f"  {emu} rep {rep}: the workload did not finish (log {logp})")
            return
        time.sleep(1)
        c0, t0 = g.cpu_ticks(), time.monotonic()
        time.sleep(10)
        c1, t1 = g.cpu_ticks(), time.monotonic()
        hwm = g.vm_hwm_kb()
        g.wait_for(r"^BENCH: idle-end", 30)
    finally:
        g.stop(20)
        os.unlink(scratch)
    text = g.text()
    # 3. CPU program
    sums = parse_checksums(text)
    ref = ctx.reference
    bad = [p for p in CPU_PARTS[:-1] if sums.get(p) != ref.get(p)]
    if bad:
        log(f"  {emu} rep {rep}: CPU program checksums WRONG for {', '.join(bad)} "
            f"(guest {sums}, native {ref}); its times are not recorded")
        ctx.checksum_errors.append(f"{emu} rep {rep}: {', '.join(bad)}")
    else:
        for p, s in re.findall(r"^BENCH: cpubench (\w+)(?: checksum=\w+)? seconds=([0-9.]+)", text, re.M):
            record(f"cpu-{p}", float(s))
        if c_start is not None and c_end is not None:
            record("cpu-hostcpu", c_end - c_start)
    # 4./5. transfers timed by the guest
    for name, metric in (("disk-write", "disk-write"), ("disk-read", "disk-read"),
                         ("net-download", "net-download")):
        m = re.search(rf"^BENCH: {name} (?:status=(\d+) )?bytes=(\d+) t0=([0-9.]+) t1=([0-9.]+)", text, re.M)
        if not m:
            log(f"  {emu} rep {rep}: no {name} result")
            continue
        if m.group(1) not in (None, "0") or (name == "net-download" and int(m.group(2)) != NET_MB << 20):
            log(f"  {emu} rep {rep}: {name} failed ({m.group(0)})")
            continue
        secs = float(m.group(4)) - float(m.group(3))
        record(metric, int(m.group(2)) / 1e6 / secs if secs > 0 else float("nan"))
    # 6. memory
    if "cpubench touched" in text and hwm:
        record("rss-peak", hwm / 1024)
        record("rss-overhead", hwm / 1024 - GUEST_RAM_MB)
    # 7. idle
    hz = os.sysconf("SC_CLK_TCK")
    record("idle-cpu", 100.0 * (c1 - c0) / hz / (t1 - t0))


# ---- report -------------------------------------------------------------------------
def git_commit():
    if os.environ.get("BENCH_COMMIT"):   # e.g. when TINYVM= points at another build
        return os.environ["BENCH_COMMIT"]
    try:
        c = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        return c + ("-dirty" if dirty else "")
    except OSError:
        return "unknown"


def write_report(ctx, rows, items):
    by = {}
    for r in rows:
        by.setdefault((r["item"], r["emulator"]), []).append(r["value"])
    base = bool(os.environ.get("BENCH_BASELINE"))
    lines = [f"tinyvm vs qemu-system-aarch64 (TCG), commit {ctx.commit}, {ctx.date}, "
             f"{ctx.reps} repetition(s) each, medians",
             f"both: -M virt,gic-version=3 -cpu cortex-a57 -smp 1 -m {GUEST_RAM_MB}M; "
             f"{subprocess.run(['qemu-system-aarch64', '--version'], capture_output=True, text=True).stdout.splitlines()[0]}",
             f"host: {os.cpu_count()} CPUs, load average at the end {os.getloadavg()[0]:.1f}",
             ""]
    if base:
        lines += [f"tinyvm-base: {os.environ['BENCH_BASELINE']} (label {os.environ.get('BENCH_BASELINE_LABEL', 'baseline')})", ""]
    head = f"{'metric':<14} {'unit':<5} {'tinyvm':>9} {'QEMU':>9} {'tinyvm/QEMU':>12}"
    if base:
        head += f" {'base':>9} {'base/QEMU':>10}"
    lines += [head + "  better", "-" * (len(head) + 8)]
    chart = []
    for name, (unit, higher, item) in METRICS.items():
        if item not in items:
            continue
        tv, qm = by.get((name, "tinyvm")), by.get((name, "qemu"))
        mt = statistics.median(tv) if tv else None
        mq = statistics.median(qm) if qm else None
        ratio = mt / mq if mt is not None and mq else None
        f = lambda v: f"{v:9.2f}" if v is not None else f"{'-':>9}"
        row = (f"{name:<14} {unit:<5} {f(mt)} {f(mq)} "
               f"{(f'{ratio:12.2f}' if ratio is not None else f'{chr(45):>12}')}")
        if base:
            tb = by.get((name, "tinyvm-base"))
            mb = statistics.median(tb) if tb else None
            rb = mb / mq if mb is not None and mq else None
            row += f" {f(mb)} {(f'{rb:10.2f}' if rb is not None else f'{chr(45):>10}')}"
        lines.append(row + f"  {'higher' if higher else 'lower'}")
        if ratio is not None and name not in ("rss-peak",) and mt > 0:
            chart.append((name, ratio if higher else 1 / ratio))
    if ctx.checksum_errors:
        lines += ["", "CPU program checksum mismatches (times dropped): " + "; ".join(ctx.checksum_errors)]
    lines += ["", "targets: boot-login tinyvm/QEMU <= 1; cpu-total tinyvm/QEMU <= 1/0.7 = 1.43 "
              "(throughput >= 0.7x); idle-cpu tinyvm < 2 %"]
    summary = "\n".join(lines) + "\n"
    with open(os.path.join(ctx.out, "summary.txt"), "w") as f:
        f.write(summary)
    print(summary, end="")
    if chart and shutil.which("gnuplot"):
        dat = os.path.join(ctx.out, "chart.dat")
        with open(dat, "w") as f:
            for i, (n, v) in enumerate(chart):
                f.write(f"{i} {n} {v:.3f} {min(max(v, 0.05), 20):.3f}\n")
        gp = f"""set terminal pngcairo size 900,480 font ',10'
set output '{os.path.join(ctx.out, "chart.png")}'
set title "tinyvm relative to QEMU TCG (>1: tinyvm better), {ctx.commit}, {ctx.date}"
set style fill solid 0.8 border -1
set boxwidth 0.7
set logscale y
set yrange [0.05:20]
set ylabel 'tinyvm advantage (x, log scale)'
set xtics rotate by -35 nomirror
set grid ytics
unset key
plot '{dat}' using 1:4:xtic(2) with boxes lc rgb '#3070b0', \\
     '' using 1:4:(sprintf('%.2f',$3)) with labels offset 0,0.8, \\
     1 with lines lc rgb '#c03030' lw 2
"""
        r = subprocess.run(["gnuplot"], input=gp, text=True, capture_output=True)
        if r.returncode != 0:
            log(f"bench: gnuplot failed: {r.stderr.strip()}")
        else:
            log(f"chart: {os.path.join(ctx.out, 'chart.png')}")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def parse_items(spec):
    if not spec or spec == "all":
        return list(ITEMS)
    out = []
    for w in re.split(r"[,\s]+", spec.strip()):
        if w.isdigit() and 1 <= int(w) <= len(ITEMS):
            w = ITEMS[int(w) - 1]
        if w not in ITEMS:
            die(f"BENCH_ITEMS: unknown item '{w}' (use {', '.join(ITEMS)} or 1-7)")
        out.append(w)
    return out


class Ctx:
    pass


def keep_image(ctx, path, name):
    """A hard link (else a copy) of a cached image in the output directory."""
    d = os.path.join(ctx.out, "images")
    os.makedirs(d, exist_ok=True)
    dst = os.path.join(d, name)
    if os.path.exists(dst):
        os.unlink(dst)
    try:
        os.link(path, dst)
    except OSError:
        subprocess.run(["cp", "--sparse=always", path, dst], check=True)
    return dst


def prepare(ctx, need_rootfs):
    deb = tool_env("fetch-kernel.sh")
    ird = tool_env("build-initramfs.sh")
    ctx.kernel = keep_image(ctx, deb["KERNEL_IMAGE"], "Image-debian")
    ctx.initrd = keep_image(ctx, ird["INITRD"], "initrd.img")
    if need_rootfs:
        own = tool_env("build-kernel.sh")
        rfs = tool_env("build-rootfs.sh", "--distro", "debian", "--kernel-dir", deb["KERNEL_DIR"],
                       "--kernel-dir", own["KERNEL_DIR"])
        ctx.own_kernel = keep_image(ctx, own["KERNEL_IMAGE"], "Image-own")
        ctx.rootfs = keep_image(ctx, rfs["ROOTFS_IMAGE"], "rootfs.ext4")
    ctx.bench_initrd = make_bench_initrd(ctx.out, ctx.initrd)


def smoke(ctx):
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        passed += ok
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {what}", flush=True)

    r = subprocess.run(["bash", "-n", os.path.join(ROOT, "tests", "bench", "guest.sh")], capture_output=True)
    check(r.returncode == 0, "guest.sh parses (bash -n)")
    prepare(ctx, need_rootfs=False)
    ref = cpubench_run_native(ctx.out, 0.05)
    check(ref["qemu-aarch64"] == ref["host"] and len(ref["host"]) == 4,
          f"CPU program: qemu-aarch64 and x86-64 builds agree ({ref['host']})")
    logp = os.path.join(ctx.out, "smoke.tinyvm.log")
    g = Guest("tinyvm", ["-kernel", ctx.kernel, "-initrd", ctx.bench_initrd, "-append",
                         "console=ttyAMA0 tinyvm.check=1 tinyvm.bench=quick"] + RNG, logp)
    done = g.wait_for(r"^BENCH: done", 120)
    g.stop(15)
    check(done is not None, f"the CPU program ran in the guest on tinyvm ({done and round(done, 1)}s)")
    got = parse_checksums(g.text())
    for p in CPU_PARTS[:-1]:
        check(got.get(p) == ref["qemu-aarch64"].get(p),
              f"CPU program {p}: guest checksum {got.get(p)} = native {ref['qemu-aarch64'].get(p)}")
    print(f"bench-smoke: {passed} passed, {failed} failed")
    return failed == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=int(os.environ.get("BENCH_REPS", "3")))
    ap.add_argument("--items", default=os.environ.get("BENCH_ITEMS", "all"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    if a.reps < 1:
        die("BENCH_REPS must be at least 1")
    ctx = Ctx()
    ctx.out = os.path.abspath(a.out)
    os.makedirs(ctx.out, exist_ok=True)
    for b in cpubench_paths(ctx.out):
        if not os.path.exists(b):
            die(f"{b} is missing (make bench builds it)")
    if a.smoke:
        sys.exit(0 if smoke(ctx) else 1)

    items = parse_items(a.items)
    ctx.reps, ctx.commit = a.reps, git_commit()
    ctx.date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    ctx.checksum_errors = []
    work = any(i in items for i in ("cpu", "disk", "net", "rss", "idle"))
    prepare(ctx, need_rootfs="login" in items)
    if work:
        ref = cpubench_run_native(ctx.out, 1.0)
        if ref["qemu-aarch64"] != ref["host"]:
            log(f"bench: warning: qemu-aarch64 and x86-64 checksums differ: {ref}")
        ctx.reference = ref["qemu-aarch64"]
        www = os.path.join(ctx.out, "www")
        os.makedirs(www, exist_ok=True)
        with open(os.path.join(www, "blob"), "wb") as f:
            f.write(os.urandom(NET_MB << 20))
        ctx.port = free_port()
        http = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                                 "--directory", www, str(ctx.port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
    else:
        http = None

    csv_path = os.path.join(ctx.out, f"results-{ctx.date[:10]}.csv")
    new = not os.path.exists(csv_path)
    rows = []
    sessions = [(s, f) for s, f in (("shell", session_shell), ("login", session_login), ("work", session_work))
                if (s in items) or (s == "work" and work)]
    try:
        with open(csv_path, "a", newline="") as cf:
            w = csv.writer(cf)
            if new:
                w.writerow(["date", "commit", "item", "emulator", "rep", "value", "unit"])
            for rep in range(1, a.reps + 1):
                emus = ["tinyvm", "qemu"] + (["tinyvm-base"] if os.environ.get("BENCH_BASELINE") else [])
                if rep % 2 == 0:
                    emus.reverse()
                for sname, fn in sessions:
                    for emu in emus:
                        def record(metric, value, emu=emu, rep=rep):
                            if METRICS[metric][2] not in items or value is None:
                                return
                            rows.append({"item": metric, "emulator": emu, "value": value})
                            w.writerow([ctx.date, ctx.commit, metric, emu, rep, f"{value:.4f}",
                                        METRICS[metric][0]])
                            cf.flush()
                            log(f"  rep {rep} {emu:<6} {metric:<13} {value:9.3f} {METRICS[metric][0]}")
                        fn(ctx, emu, rep, record)
    finally:
        if http:
            http.terminate()
            http.wait()
            os.unlink(os.path.join(ctx.out, "www", "blob"))
    log(f"results: {csv_path}")
    write_report(ctx, rows, items)


if __name__ == "__main__":
    main()
