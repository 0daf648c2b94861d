#!/usr/bin/env bash
# tests/trace/run.sh TINYVM FWDIR - the -d trace items, -D and --stats, checked
# for content: firmware programs whose code, registers and faults are known
# (FWDIR = build/firmware), and a short Linux boot with a disk for virtio.
# Every trace run has a timeout and a size cap: a guest stuck in a fault loop
# under -d int would otherwise write without end.
set -u
tv=$1; fw=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
OBJDUMP=${OBJDUMP:-aarch64-linux-gnu-objdump}
NM=${NM:-aarch64-linux-gnu-nm}

ok() { pass=$((pass+1)); echo "PASS  $1"; }
bad() { fail=$((fail+1)); echo "FAIL  $1"; [ -n "${2:-}" ] && [ -f "$2" ] && head -c 2000 "$2" | sed 's/^/    | /'; }
# check NAME STATUS [FILE-TO-SHOW]: pass when STATUS is 0
check() { if [ "$2" = 0 ]; then ok "$1"; else bad "$1" "${3:-}"; fi; }

# trace LOG ITEMS IMAGE [args]: run a firmware program with -d ITEMS -D LOG
# (-cpu max as the firmware tests run); the guest's console goes to $tmp/out.
trace() {
  local log=$1 items=$2 img=$3; shift 3
  timeout 60 "$tv" -cpu max -m 256M -kernel "$img" -d "$items" -D "$log" "$@" \
    </dev/null >"$tmp/out" 2>"$tmp/err" &
  local pid=$! n=0
  # Cap the log at 200 MB.
  while kill -0 $pid 2>/dev/null; do
    if [ -f "$log" ] && [ "$(stat -c %s "$log")" -gt 200000000 ]; then kill $pid; break; fi
    sleep 0.1; n=$((n+1))
  done
  wait $pid
}

# Hex address of a symbol in an ELF, 16 digits.
sym() { printf '%016x' "0x$("$NM" "$1" | awk -v s="$2" '$3 == s { print $1 }')"; }

unimp=$fw/cli/trace_unimp
[ -f "$unimp.img" ] || { echo "missing $unimp.img (make firmware)"; echo "trace: 0 passed, 1 failed"; exit 1; }

# ---- the command line --------------------------------------------------------------
"$tv" -d help >"$tmp/out" 2>"$tmp/err"; st=$?
n=0; for i in in_asm out_asm exec cpu int mmu virtio unimp; do grep -q "^  $i " "$tmp/out" && n=$((n+1)); done
[ $st = 0 ] && [ $n = 8 ] && [ ! -s "$tmp/err" ]; check "-d help lists the 8 items and exits 0" $? "$tmp/out"

"$tv" -kernel "$unimp.img" -d int,bogus >"$tmp/out" 2>"$tmp/err"; st=$?
[ $st = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "^tinyvm: -d: unknown item 'bogus'" "$tmp/err"
check "-d with an unknown item: one line, exit 2" $? "$tmp/err"

"$tv" -kernel "$unimp.img" -d int -D "$tmp/no/such/dir/log" >"$tmp/out" 2>"$tmp/err"; st=$?
[ $st = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "^tinyvm: -D: .*No such file or directory" "$tmp/err"
check "-D with a bad path: one line, exit 2" $? "$tmp/err"

# Without -D the trace goes to stderr; with -D, to the file and not stderr.
timeout 60 "$tv" -cpu max -kernel "$unimp.img" -d unimp </dev/null >"$tmp/out" 2>"$tmp/err"; st=$?
[ $st = 0 ] && grep -q '^unimp: ' "$tmp/err" && grep -q 'RESULT: PASS' "$tmp/out"
check "-d without -D logs on stderr" $? "$tmp/err"
trace "$tmp/d.log" unimp "$unimp.img"; st=$?
[ $st = 0 ] && grep -q '^unimp: ' "$tmp/d.log" && ! grep -q '^unimp: ' "$tmp/err"
check "-D FILE writes the log to FILE" $? "$tmp/err"

# ---- in_asm: the disassembly of a known function agrees with objdump ------------------
marker=$(sym "$unimp.elf" trace_marker)
trace "$tmp/asm.log" in_asm "$unimp.img"
# objdump lines are "addr:<TAB>word<TAB>mnemonic<TAB>operands"; stop at the
# ret (what follows is alignment padding, never run).
"$OBJDUMP" -d "$unimp.elf" | awk -F'\t' '/<trace_marker>:/ { f = 1; next }
  f && NF >= 3 { gsub(/[ :]/, "", $1); gsub(/ /, "", $2); gsub(/ /, "", $3); print $1, $2, $3; if ($3 == "ret") exit }' >"$tmp/objdump"
nins=0; nbad=0
while read -r addr word mnem; do
  a=$(printf '%016x' "0x$addr")
  # capstone 4 spells some aliases the base way (objdump "mov" = "movz").
  [ "$mnem" = mov ] && mnem='(mov|movz|movn|orr)'
  nins=$((nins+1))
  grep -Eq "^  0x$a:  $word  $mnem( |$)" "$tmp/asm.log" || { nbad=$((nbad+1)); echo "    missing: 0x$a $word $mnem"; }
done <"$tmp/objdump"
[ $nins -ge 5 ] && [ $nbad = 0 ] && grep -q "^IN: PC 0x$marker phys 0x" "$tmp/asm.log"
check "in_asm: trace_marker's $nins instructions match objdump (address, word, mnemonic), with its block header" $? "$tmp/asm.log"
grep -Eq '^  0x[0-9a-f]{16}:  [0-9a-f]{8}  (ldr|mov|add|b|ret)' "$tmp/asm.log" && ! grep -q '\.inst' "$tmp/asm.log"
check "in_asm: every instruction disassembled (no .inst)" $? "$tmp/asm.log"

# ---- out_asm: the native backend's x86-64 for each block (cpu/jit/) ------------------
trace "$tmp/out_asm.log" out_asm "$unimp.img"; st=$?
# The block at trace_marker has a header; every byte disassembles; blocks
# call handlers by name ("; <op>") and end in a jump (the exit/chain stub).
[ $st = 0 ] && grep -q "^OUT: PC 0x$marker [0-9]* ops, [0-9]* bytes of x86-64" "$tmp/out_asm.log" &&
  grep -Eq '^  0x[0-9a-f]{16}:  call +0x[0-9a-f]+  ; [a-z_0-9]+$' "$tmp/out_asm.log" &&
  grep -Eq '^  0x[0-9a-f]{16}:  jmp ' "$tmp/out_asm.log" && ! grep -q 'could not decode' "$tmp/out_asm.log"
check "out_asm: each block's generated code disassembled, handler calls named" $? "$tmp/out_asm.log"
# Native code never falls off a block's end: each ends in a jump (to the
# next block, the chain stub or the exit stub).
awk '/^OUT:/ { if (n++ && last != "jmp") bad++; next } /^  0x/ { last = $2 }
     END { if (last != "jmp") bad++; exit !(n >= 5 && !bad) }' "$tmp/out_asm.log"
check "out_asm: every block's code ends in a jump" $? "$tmp/out_asm.log"
trace "$tmp/out_asm2.log" out_asm "$unimp.img" -accel tcg,backend=threaded; st=$?
[ $st = 0 ] && [ ! -s "$tmp/out_asm2.log" ]
check "out_asm with -accel backend=threaded: no native code, nothing logged" $? "$tmp/out_asm2.log"

# ---- exec: the PCs of the blocks run ---------------------------------------------------
trace "$tmp/exec.log" exec "$unimp.img"; st=$?
main=$(sym "$unimp.elf" fw_main)
[ $st = 0 ] && grep -q "^exec: PC 0x$marker " "$tmp/exec.log" && grep -q "^exec: PC 0x$main " "$tmp/exec.log" &&
  grep -q 'RESULT: PASS' "$tmp/out"
check "exec: shows the blocks at fw_main and trace_marker; the guest still passes" $? "$tmp/exec.log"
# Chaining is off while exec is traced: every block goes through the dispatcher.
n_exec=$(grep -c '^exec: ' "$tmp/exec.log")
[ "$n_exec" -gt 50 ]; check "exec: one line per block ($n_exec)" $?

# ---- cpu: registers at the block after trace_marker's branch ---------------------------
trace "$tmp/cpu.log" cpu "$unimp.img"
grep -q 'X19=1122334455667788' "$tmp/cpu.log" && grep -q 'X20=cafef00dd00dfeed' "$tmp/cpu.log" &&
  grep -q 'X21=000000000000002a' "$tmp/cpu.log" && grep -Eq '^PC=[0-9a-f]{16} PSTATE=[0-9a-f]{8} .... EL1h DAIF=' "$tmp/cpu.log"
check "cpu: x19/x20/x21 hold trace_marker's values; PC and PSTATE shown" $? "$tmp/cpu.log"

# ---- int: SVC and aborts with ESR in words; ERET --------------------------------------
trace "$tmp/int.log" int "$fw/tests/exc_el0.img"
grep -q '^int: sync from EL0 to EL1: ESR 0x56000123 (SVC from AArch64, #0x123) ELR 0x' "$tmp/int.log" &&
  grep -q '^int: eret from EL1 to EL0: SPSR 0x' "$tmp/int.log"
check "int: SVC #0x123 from EL0 decoded; eret to EL0" $? "$tmp/int.log"
trace "$tmp/int2.log" int "$fw/tests/mmu_perms.img"
grep -Eq '^int: sync from EL0 to EL1: ESR 0x9200004f \(data abort from a lower EL, permission fault level 3, write\) FAR 0x[0-9a-f]{16} ELR' "$tmp/int2.log"
check "int: data abort from EL0 (permission fault level 3, write) with FAR" $? "$tmp/int2.log"
trace "$tmp/int3.log" int "$unimp.img"
grep -q '^int: sync from EL1 to EL1: ESR 0x96000210 (data abort from the current EL, synchronous external abort, read) FAR 0x000000000c000000' "$tmp/int3.log" &&
  grep -q 'ESR 0x02000000 (unknown reason (undefined instruction))' "$tmp/int3.log"
check "int: external abort on an unmapped address and UNDEFINED, decoded" $? "$tmp/int3.log"

# ---- mmu: walks with levels and results, a fault, TLB flushes --------------------------
trace "$tmp/mmu.log" mmu "$fw/tests/mmu_perms.img"
grep -Eq '^mmu: walk VA 0x[0-9a-f]{16} EL1 (read|write|fetch): TTBR[01] levels [0-3]\.\.3 -> PA 0x[0-9a-f]{10} [r-][w-][x-] attrs 0x[0-9a-f]+ size 4 KiB$' "$tmp/mmu.log" &&
  grep -Eq '^mmu: walk VA 0x[0-9a-f]{16} EL0 write: TTBR[01] levels [0-3]\.\.3 -> permission fault level 3$' "$tmp/mmu.log" &&
  grep -q '^mmu: tlb flush ' "$tmp/mmu.log"
check "mmu: a 4 KiB walk through to level 3, an EL0 permission fault, TLB flushes" $? "$tmp/mmu.log"
trace "$tmp/mmu2.log" mmu "$fw/tests/mmu_walk_abort.img"
grep -q 'synchronous external abort on table walk level' "$tmp/mmu2.log"
check "mmu: an external abort on the table walk" $? "$tmp/mmu2.log"

# ---- unimp: sysregs, an unmapped address, device register holes ----------------------
trace "$tmp/unimp.log" unimp "$unimp.img"
grep -q '^unimp: system register read op0=3 op1=0 CRn=15 CRm=2 op2=0 (no name known) at EL1 PC 0x' "$tmp/unimp.log" &&
  grep -q '^unimp: system register write op0=3 op1=1 CRn=15 CRm=2 op2=0 ' "$tmp/unimp.log" &&
  grep -q '^unimp: read of 4 bytes at unmapped physical address 0x000c000000 ' "$tmp/unimp.log" &&
  grep -q '^unimp: instruction fetch from non-RAM physical address 0x000c000000 ' "$tmp/unimp.log" &&
  grep -q '^unimp: pl011: read of a missing or write-only register at offset 0xa0 ' "$tmp/unimp.log" &&
  grep -q '^unimp: pl031: write to a read-only or missing register at offset 0x40 ' "$tmp/unimp.log"
check "unimp: IMP DEF sysreg read/write, unmapped address (load and fetch), PL011/PL031 holes" $? "$tmp/unimp.log"
# sys_regs probes registers the CPU lacks, some of which capstone can name.
trace "$tmp/unimp2.log" unimp "$fw/tests/sys_regs.img"
grep -q '^unimp: system register read .*(mrs x0, hcr_el2) at EL1' "$tmp/unimp2.log"
check "unimp: an EL2 register named by capstone" $? "$tmp/unimp2.log"

# ---- --stats ---------------------------------------------------------------------------
trace "$tmp/stats.log" int "$fw/tests/exc_el0.img" --stats
svc_trace=$(grep -c '(SVC from AArch64' "$tmp/stats.log")
svc_stats=$(sed -n 's/.*[ ,]svc \([0-9]*\).*/\1/p' "$tmp/err")
grep -Eq '^  guest instructions   [1-9][0-9]* in [0-9.]+ s \([0-9.]+ MIPS\)' "$tmp/err" &&
  grep -Eq '^  wall time            executing [0-9.]+%, translating [0-9.]+%, idle [0-9.]+%, device work [0-9.]+%' "$tmp/err" &&
  grep -Eq '^  blocks translated    [1-9]' "$tmp/err" &&
  grep -Eq '^  block lookups .*jump cache [0-9.]+%' "$tmp/err" &&
  grep -Eq '^  TLB                  [1-9][0-9]* fills \([0-9]+\.[0-9]+ per 1000 instructions\), [0-9]+ victim hits, [1-9][0-9]* flushes' "$tmp/err" &&
  [ -n "$svc_stats" ] && [ "$svc_stats" = "$svc_trace" ]
check "--stats: instructions, MIPS, time split, blocks, TLB; svc count $svc_stats = $svc_trace SVCs in the int trace" $? "$tmp/err"
# The time split's parts add up to at most the whole.
sum=$(sed -n 's/^  wall time *executing \([0-9.]*\)%, translating \([0-9.]*\)%, idle \([0-9.]*\)%, device work \([0-9.]*\)%.*/\1 \2 \3 \4/p' "$tmp/err" |
      awk '{ print int($1 + $2 + $3 + $4) }')
[ -n "$sum" ] && [ "$sum" -le 101 ] && [ "$sum" -ge 50 ]; check "--stats: time split sums to ${sum:-?}% of the wall time" $?
# An idle guest (WFI with a timer far away) shows up as idle time.
timeout 60 "$tv" -kernel "$fw/cli/idle.img" --timeout 1 --stats </dev/null >"$tmp/out" 2>"$tmp/err"
idle=$(sed -n 's/.*idle \([0-9]*\)\.[0-9]%.*/\1/p' "$tmp/err")
[ -n "$idle" ] && [ "$idle" -ge 50 ]; check "--stats: an idle guest is ${idle:-?}% idle" $? "$tmp/err"

# ---- virtio: a Linux boot with a disk and an entropy device ---------------------------
if out=$("$root/tools/fetch-kernel.sh" --quiet) && eval "$out" && out=$("$root/tools/build-initramfs.sh" --quiet) && eval "$out"; then
  head -c 1048576 /dev/urandom >"$tmp/disk.img"
  timeout 300 "$tv" -cpu max -m 512M -kernel "$KERNEL_IMAGE" -initrd "$INITRD" -append "console=ttyAMA0 panic=-1" \
    -drive "file=$tmp/disk.img,format=raw,if=none,id=hd0,snapshot=on" -device virtio-blk-device,drive=hd0 \
    -device virtio-rng-device -serial none --console-log "$tmp/con" \
    -d virtio -D "$tmp/virtio.log" --stats --expect 'modules loaded' --timeout 240 </dev/null >"$tmp/out" 2>"$tmp/err"
  st=$?
  blk_trace=$(grep -c '^virtio: virtio-blk@0x0a000000 request ' "$tmp/virtio.log")
  rng_trace=$(grep -c '^virtio: virtio-rng@0x0a000200 request ' "$tmp/virtio.log")
  blk_stats=$(sed -n 's/^  virtio-blk hd0 *\([0-9]*\) requests (virtio-blk@0x0a000000)$/\1/p' "$tmp/err")
  rng_stats=$(sed -n 's/^  virtio-rng *\([0-9]*\) requests (virtio-rng@0x0a000200)$/\1/p' "$tmp/err")
  [ $st = 0 ] && grep -Eq '^virtio: virtio-blk@0x0a000000 request read \(type 0\) sector 0 length [1-9][0-9]* status OK$' "$tmp/virtio.log" &&
    grep -q '^virtio: virtio-blk@0x0a000000 notify queue 0$' "$tmp/virtio.log" &&
    grep -Eq '^virtio: virtio-rng@0x0a000200 request [1-9][0-9]* bytes of [0-9]+ asked$' "$tmp/virtio.log"
  check "virtio: Linux reads sector 0 of the disk (status OK), notifies, draws entropy" $? "$tmp/virtio.log"
  [ -n "$blk_stats" ] && [ "$blk_stats" = "$blk_trace" ] && [ "$blk_stats" -ge 1 ] && [ -n "$rng_stats" ] && [ "$rng_stats" = "$rng_trace" ]
  check "--stats: virtio-blk hd0 $blk_stats / virtio-rng $rng_stats requests = the trace's $blk_trace / $rng_trace" $? "$tmp/err"
  grep -Eq '^  interrupts           irq [1-9]' "$tmp/err" && grep -Eq '^  exceptions  .* svc [1-9]' "$tmp/err"
  check "--stats: a Linux boot counts interrupts and SVCs" $? "$tmp/err"
else
  bad "virtio: cannot get the kernel/initramfs (tools/fetch-kernel.sh, tools/build-initramfs.sh)"
fi

echo "trace: $pass passed, $fail failed"
[ $fail = 0 ]
