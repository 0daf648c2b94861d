#!/usr/bin/env bash
# run.sh TINYVM ELF IMG - the GDB stub driven by Debian's gdb-multiarch.
#
# tinyvm runs firmware/gdb/gdb_target.c under -S -gdb tcp::PORT; gdb, in
# batch mode with the program's ELF for symbols, breaks on functions, reads
# and writes registers and memory, steps, sets a hardware breakpoint and
# watchpoints, interrupts the running guest with Ctrl-C (SIGINT to gdb, which
# sends 0x03), and detaches. Each check prints "ok NAME" or "FAIL NAME"; what
# the debugger changed is also checked in the program's own output. Then:
# kill, a malformed-packet barrage on the raw socket, and the error paths
# (port in use, bad -gdb). Ends with "gdb: N passed, M failed".
set -u
tv=$1; elf=$2; img=$3
pass=0; fail=0
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT

ok()   { pass=$((pass+1)); echo "ok    $1"; }
bad()  { fail=$((fail+1)); echo "FAIL  $1"; }
check() { if [ "$2" = 0 ]; then ok "$1"; else bad "$1"; fi; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# Wait until PORT accepts connections (tinyvm is listening).
wait_listen() {
  for _ in $(seq 100); do
    python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 0.2).close()" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

for tool in gdb-multiarch python3; do
  if ! command -v $tool >/dev/null; then echo "FAIL  $tool not installed (tools/deps.sh)"; echo "gdb: 0 passed, 1 failed"; exit 1; fi
done

# ---- the main session -------------------------------------------------------
port=$(free_port)
"$tv" -S -gdb "tcp::$port" -m 128M -kernel "$img" --timeout 20 </dev/null >"$tmp/tv.out" 2>"$tmp/tv.err" &
tvpid=$!; pids+=($tvpid)
grep_wait() { for _ in $(seq 200); do grep -q "$1" "$2" 2>/dev/null && return 0; sleep 0.05; done; return 1; }
grep_wait 'waiting for GDB' "$tmp/tv.err"
# tcp::PORT listens on loopback only (/proc/net/tcp: local address 0100007F
# = 127.0.0.1, state 0A = LISTEN; no other listener on the port).
hexport=$(printf '%04X' "$port")
listeners=$(awk -v p=":$hexport" '$2 ~ p"$" && $4 == "0A" {print $2}' /proc/net/tcp /proc/net/tcp6 2>/dev/null)
[ "$listeners" = "0100007F:$hexport" ]; check "tcp::PORT listens on 127.0.0.1 only ($listeners)" $?

# The gdb script: NAME EXPR pairs become if/echo blocks.
chk() { printf 'if %s\n  echo ok %s\\n\nelse\n  echo FAIL %s\\n\nend\n' "$2" "$1" "$1"; }
names=()
c() { names+=("$1"); chk "$1" "$2" >>"$tmp/script.gdb"; }
g() { echo "$*" >>"$tmp/script.gdb"; }
g set pagination off
g set confirm off
g target remote "127.0.0.1:$port"
c entry-at-_start          '$pc == (long)&_start'
c cpsr-el1h                '($cpsr & 0xf) == 5'
g break gdb_add
g continue
c break-on-function        '$pc == (long)&gdb_add'
c read-x0                  '$x0 == 0x1234'
c read-x1                  '$x1 == 0x4321'
c read-sp                  '(long)$sp != 0 && ((long)$sp & 15) == 0'
c read-memory              'gdb_magic == 0x1122334455667788'
c read-memory-bytes        '*(unsigned char *)&gdb_magic == 0x88 && *((unsigned char *)&gdb_magic + 7) == 0x11'
g 'set $v3.d.u[1] = 0x0123456789abcdef'
c write-read-v-register    '$v3.d.u[1] == 0x0123456789abcdef && $v3.s.u[3] == 0x01234567 && $v3.d.u[0] == 0'
g 'set $fpcr = 0x2000000'
c write-read-fpcr          '$fpcr == 0x2000000'
g 'set $fpcr = 0'
g stepi
c stepi-one-instruction    '$pc == (long)&gdb_add + 4'
g 'set $x0 = 0x7777'
c write-register           '$x0 == 0x7777'
g 'set var gdb_patch = 0xbeef'
c write-memory             'gdb_patch == 0xbeef'
g delete
g hbreak gdb_store
g continue
c hbreak                   '$pc == (long)&gdb_store'
g next
c next-line                '$pc != (long)&gdb_store && gdb_watched == 0xabcd'
g delete
g 'set var gdb_watched = 0'
g 'set $pc = (long)&gdb_store'
g watch gdb_watched
g continue
c watchpoint-fires         'gdb_watched == 0xabcd'
c watchpoint-stops-at-store 'gdb_counter == 0 && $pc > (long)&gdb_store && $pc < (long)&gdb_spin'
g delete
g echo continuing-for-interrupt\\n
g continue
c ctrl-c-stops-guest       '$pc >= (long)&gdb_spin && $pc < (long)&fw_main && gdb_counter > 1000'
g rwatch gdb_go
g continue
c rwatch-fires-on-read     '$pc >= (long)&gdb_spin && $pc < (long)&fw_main'
g delete
g 'set var gdb_go = 1'
g detach
g echo script-end\\n

# --foreground: timeout passes a SIGINT on once (it would also signal its
# process group, and gdb takes a second Ctrl-C as "give up waiting").
timeout --foreground 60 gdb-multiarch -nx -batch -x "$tmp/script.gdb" "$elf" >"$tmp/gdb.out" 2>&1 &
gpid=$!; pids+=($gpid)
# Ctrl-C: the guest prints "spinning" only after gdb continued it from the
# watchpoint stop, so gdb is then waiting for a stop: interrupt it.
if grep_wait 'continuing-for-interrupt' "$tmp/gdb.out" && grep_wait 'spinning' "$tmp/tv.out"; then
  sleep 0.3
  kill -INT $gpid
fi
wait $gpid; gst=$?
wait $tvpid; tst=$?
for n in "${names[@]}"; do
  if grep -qx "ok $n" "$tmp/gdb.out"; then ok "$n"; else bad "$n"; fi
done
grep -q 'script-end' "$tmp/gdb.out"; check "gdb ran the whole script (status $gst)" $?
tr -d '\r' <"$tmp/tv.out" >"$tmp/console"
grep -qx 'gdb-target: add=7777' "$tmp/console"; check "register write changed the program's result" $?
grep -qx 'gdb-target: patch=beef' "$tmp/console"; check "memory write seen by the program" $?
grep -qx 'gdb-target: spun, go=1' "$tmp/console"; check "detach resumes the guest to the end" $?
[ $tst = 0 ] && grep -q '^RESULT: PASS' "$tmp/console"; check "guest powered off after detach (status $tst)" $?
if [ $fail -gt 0 ]; then
  sed 's/^/    gdb| /' "$tmp/gdb.out" | tail -40; sed 's/^/    tinyvm| /' "$tmp/tv.err" | tail -5
fi

# ---- attach to a running guest that sleeps in WFI; Ctrl-C wakes the stub ----
idle=$(dirname "$img")/../cli/idle.img
if [ -f "$idle" ]; then
  port=$(free_port)
  "$tv" -gdb "tcp::$port" -kernel "$idle" --timeout 30 </dev/null >"$tmp/i.out" 2>"$tmp/i.err" &
  tvpid=$!; pids+=($tvpid)
  grep_wait 'waiting forever' "$tmp/i.out"
  printf '%s\n' 'set pagination off' "target remote 127.0.0.1:$port" 'echo attached\n' \
    'if ($cpsr & 0xf) == 5' 'echo ok attach-stops-running-guest\n' 'end' 'continue' \
    'if ($cpsr & 0xf) == 5 && *(unsigned int *)($pc - 4) == 0xd503207f' \
    'echo ok ctrl-c-wakes-wfi\n' 'end' 'kill' >"$tmp/i.gdb"
  timeout --foreground 30 gdb-multiarch -nx -batch -x "$tmp/i.gdb" >"$tmp/i.gdbout" 2>&1 &
  gpid=$!; pids+=($gpid)
  grep_wait 'attached' "$tmp/i.gdbout" && sleep 1 && kill -INT $gpid
  wait $gpid; wait $tvpid; tst=$?
  grep -q 'ok attach-stops-running-guest' "$tmp/i.gdbout"; check "attaching stops a running guest (no -S)" $?
  grep -q 'ok ctrl-c-wakes-wfi' "$tmp/i.gdbout" && [ $tst = 0 ]
  check "Ctrl-C stops a guest sleeping in WFI, right after the WFI (status $tst)" $?
else
  bad "no $idle (make firmware)"
fi

# ---- breakpoints survive a guest reboot (PSCI SYSTEM_RESET) -------------------
relf=$(dirname "$img")/../cli/reset.elf
if [ -f "$relf" ]; then
  port=$(free_port)
  "$tv" -S -gdb "tcp::$port" -kernel "${relf%.elf}.img" --timeout 30 </dev/null >"$tmp/r.out" 2>"$tmp/r.err" &
  tvpid=$!; pids+=($tvpid)
  grep_wait 'waiting for GDB' "$tmp/r.err"
  printf '%s\n' 'set confirm off' "target remote 127.0.0.1:$port" 'break fw_main' continue \
    'echo first-stop\n' continue 'if $pc == (long)&fw_main' 'echo ok stopped-again\n' 'end' \
    kill >"$tmp/r.script"
  timeout --foreground 30 gdb-multiarch -nx -batch -x "$tmp/r.script" "$relf" >"$tmp/r.gdb" 2>&1
  wait $tvpid; tst=$?
  n=$(grep -c 'reset: booted' "$tmp/r.out")
  grep -q 'first-stop' "$tmp/r.gdb" && grep -q 'ok stopped-again' "$tmp/r.gdb" && [ "$n" = 1 ] && [ $tst = 0 ]
  check "a breakpoint stays across a guest reboot ($n boot lines, status $tst)" $?
else
  bad "no $relf (make firmware)"
fi

# ---- kill -------------------------------------------------------------------
port=$(free_port)
"$tv" -S -gdb "tcp:127.0.0.1:$port" -kernel "$img" --timeout 60 </dev/null >"$tmp/k.out" 2>"$tmp/k.err" &
tvpid=$!; pids+=($tvpid)
grep_wait 'waiting for GDB' "$tmp/k.err"
timeout 60 gdb-multiarch -nx -batch -ex "target remote 127.0.0.1:$port" -ex 'break gdb_add' \
  -ex continue -ex kill "$elf" >"$tmp/k.gdb" 2>&1
wait $tvpid; tst=$?
[ $tst = 0 ] && grep -q 'killed by the debugger' "$tmp/k.err" && ! grep -q 'gdb-target: add' "$tmp/k.out"
check "kill ends tinyvm with status 0 and a line on stderr (status $tst)" $?

# ---- hostile packets on the raw socket ---------------------------------------
port=$(free_port)
"$tv" -S -gdb "tcp::$port" -kernel "$img" --timeout 60 </dev/null >"$tmp/h.out" 2>"$tmp/h.err" &
tvpid=$!; pids+=($tvpid)
grep_wait 'waiting for GDB' "$tmp/h.err"
python3 - "$port" >"$tmp/h.py" 2>&1 <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 5)
s.settimeout(5)
def frame(p):
    return b"$" + p + b"#%02x" % (sum(p) & 0xff)
buf = b""
def reply():
    global buf
    while True:
        i = buf.find(b"$"); j = buf.find(b"#", i + 1)
        if i >= 0 and j >= 0 and len(buf) >= j + 3:
            r = buf[i + 1:j]; buf = buf[j + 3:]; return r
        d = s.recv(65536)
        if not d: raise SystemExit("connection closed")
        buf += d
def ask(p):
    s.sendall(frame(p)); return reply()
bad = 0
cases = [b"m", b"m,", b"mzz,4", b"m40200000", b"m40200000,", b"m1,ffffffffffffffffff",
         b"M40200000,4:zz", b"M40200000,4:00", b"X40200000,2:}", b"Xffffffffffffffff,10:a",
         b"p", b"p44", b"pffffffffffffffffffff", b"P0=", b"P0=123", b"P21=10000000", b"P21=0c000000", b"G00",
         b"Z9,0,4", b"Z0,40200002,4", b"Z2,0,0", b"Z0,x", b"z0,40200000,4", b"H", b"Hgz", b"Hg99",
         b"qXfer:features:read:other.xml:0,10", b"qXfer:features:read:target.xml:ffffff,10",
         b"qXfer:features:read:target.xml:0", b"vCont;x", b"vCont;", b"vCont;c:zz", b"T99", b"C",
         b"S;", b"c1x", b"\x00\xff", b"Q", b"q"]
for c in cases:
    r = ask(c)
    if not (r == b"" or r.startswith(b"E")):
        print("unexpected reply to", c, r); bad += 1
# Bad checksum: the stub asks for a resend ('-'), then still works.
s.sendall(b"$g#00")
while b"-" not in buf:
    buf += s.recv(100)
buf = buf.replace(b"-", b"", 1)
r = ask(b"m40200000,4")                 # the Image header's first word: b 1f
if len(r) != 8: print("read after bad checksum:", r); bad += 1
s.sendall(b"$" + b"A" * 10000 + b"#00")  # too long: refused, not a crash
r = ask(b"qSupported:swbreak+")
if b"PacketSize" not in r: print("qSupported:", r); bad += 1
x, off = b"", 0
while True:
    r = ask(b"qXfer:features:read:target.xml:%x,200" % off)
    x += r[1:]; off += len(r) - 1
    if not r.startswith(b"m"): break
if not (r.startswith(b"l") and b"org.gnu.gdb.aarch64.fpu" in x and x.endswith(b"</target>\n")):
    print("target.xml:", x[-60:]); bad += 1
s.sendall(frame(b"k"))
print("hostile: %d bad" % bad)
PY
wait $tvpid; tst=$?
grep -q '^hostile: 0 bad' "$tmp/h.py" && [ $tst = 0 ]
check "malformed packets get E/empty replies, tinyvm survives (status $tst)" $?
grep -q "^hostile: 0 bad" "$tmp/h.py" || sed "s/^/    py| /" "$tmp/h.py"

# ---- disconnect without detach resumes the guest ---------------------------------
port=$(free_port)
"$tv" -S -gdb "tcp::$port" -kernel "$img" --timeout 60 </dev/null >"$tmp/d.out" 2>"$tmp/d.err" &
tvpid=$!; pids+=($tvpid)
grep_wait 'waiting for GDB' "$tmp/d.err"
python3 -c "import socket; s=socket.create_connection(('127.0.0.1', $port)); s.sendall(b'\$Z0,%x,4#' % 0); s.close()" 2>/dev/null
sleep 0.3
grep_wait 'spinning' "$tmp/d.out"; st=$?
kill $tvpid 2>/dev/null; wait $tvpid 2>/dev/null
check "a debugger that disconnects resumes the guest" $st

# ---- error paths ----------------------------------------------------------------
port=$(free_port)
python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $port)); s.listen(1); time.sleep(10)" &
holder=$!; pids+=($holder)
wait_listen $port
timeout 20 "$tv" -gdb "tcp::$port" -kernel "$img" </dev/null >"$tmp/e.out" 2>"$tmp/e.err"; st=$?
[ $st = 2 ] && [ "$(wc -l <"$tmp/e.err")" = 1 ] && grep -q "^tinyvm: -gdb: cannot listen on 127.0.0.1:$port: Address already in use" "$tmp/e.err"
check "port in use: one line, status 2 (status $st)" $?
kill $holder 2>/dev/null
for spec in "udp::1234" "tcp:" "tcp::99999" "tcp::abc" "tcp:no.such.host.invalid:1234"; do
  timeout 20 "$tv" -gdb "$spec" -kernel "$img" </dev/null >"$tmp/e.out" 2>"$tmp/e.err"; st=$?
  [ $st = 2 ] && [ "$(wc -l <"$tmp/e.err")" = 1 ] && grep -q '^tinyvm: -gdb: ' "$tmp/e.err"
  check "bad -gdb '$spec': one line, status 2 (status $st)" $?
done
timeout 20 "$tv" -S -kernel "$img" </dev/null >"$tmp/e.out" 2>"$tmp/e.err"; st=$?
[ $st = 2 ] && grep -q '^tinyvm: -S: needs -s or -gdb' "$tmp/e.err"
check "-S without a debugger: status 2 (status $st)" $?

echo "gdb: $pass passed, $fail failed"
[ $fail = 0 ]
