#!/usr/bin/env bash
# run.sh - the differential test of tinyvm's integer CPU against the oracle.
#
#   run.sh --seeds "1 2" --n 300 --len 64 [--features auto] [--detail 3]
#   run.sh --one STREAM --seeds S --len 64 [--features auto]
#
# Called by tests/difftest/difftest.mk, which passes the tools and flags in
# the environment: DT_GEN (host generator), DT_CC/DT_CFLAGS/DT_LDFLAGS/DT_OBJS
# (how to link a batch with the firmware runtime and the runner), DT_WORK
# (scratch directory), DT_TINYVM. Optional: DT_BATCH (streams per Image,
# default 1000), DT_STALL (seconds without output before a run counts as hung,
# default 10), QEMU (the oracle binary), DT_TINYVM_OPTS (extra tinyvm options,
# e.g. -accel tcg,backend=threaded).
#
# For each seed the N streams are generated in batches; each batch is one
# Image run on tinyvm and on qemu-system-aarch64 side by side, and the
# per-stream result lines are compared. If tinyvm crashes or hangs in a
# stream, that stream fails and the rest of the batch is rerun without it.
# The first DETAIL mismatches are bisected (gen prefix: the stream replayed
# truncated after 0..LEN instructions) and reported with the disassembly.
# Exit status: 0 when every stream matched, 1 otherwise.
set -u

seeds=1 n=300 len=64 features=auto detail=3 one=
while [ $# -gt 0 ]; do
  case $1 in
    --seeds) seeds=$2; shift 2 ;;
    --n) n=$2; shift 2 ;;
    --len) len=$2; shift 2 ;;
    --features) features=$2; shift 2 ;;
    --detail) detail=$2; shift 2 ;;
    --one) one=$2; shift 2 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
: "${DT_GEN:?}" "${DT_CC:?}" "${DT_OBJS:?}" "${DT_WORK:?}" "${DT_TINYVM:?}"
DT_CFLAGS=${DT_CFLAGS:-} DT_LDFLAGS=${DT_LDFLAGS:-}
batch=${DT_BATCH:-1000}
# start.S reaches the stack and .bss with ADR (+-1 MiB): keep a batch's data
# (code words plus 320-byte records) under about 900 KB.
maxbatch=$(( 900000 / ((len + 1) * 4 + 320) ))
[ "$batch" -gt "$maxbatch" ] && batch=$maxbatch
stall=${DT_STALL:-10}
qemu=${QEMU:-$(command -v qemu-system-aarch64 || true)}
objdump=aarch64-linux-gnu-objdump
objcopy=aarch64-linux-gnu-objcopy
if [ -z "$qemu" ]; then
  echo "difftest: qemu-system-aarch64 not found (run 'make deps')"; exit 1
fi
work=$DT_WORK
rm -rf "$work"; mkdir -p "$work"
gen() { "$DT_GEN" "$@"; }
start_time=$(date +%s)

# build_image NAME: $work/NAME.S -> $work/NAME.img
build_image() {
  local b=$work/$1
  # shellcheck disable=SC2086
  $DT_CC $DT_CFLAGS -c -o "$b.o" "$b.S" &&
  $DT_CC $DT_CFLAGS $DT_LDFLAGS -o "$b.elf" $DT_OBJS "$b.o" -lgcc 2>"$b.ld.err" &&
  $objcopy -O binary "$b.elf" "$b.img"
}

# run_emu qemu|tinyvm IMG OUT: run one Image; OUT gets the console output and
# OUT.status the exit status, or "hung" when the output stopped growing for
# $stall seconds (the emulator is then killed).
run_emu() {
  local kind=$1 img=$2 out=$3 pid size last=-1 still=0
  if [ "$kind" = qemu ]; then
    "$qemu" -M virt,gic-version=3 -cpu max -m 256M -nographic -monitor none -serial stdio \
      -kernel "$img" </dev/null >"$out" 2>"$out.err" &
  else
    # shellcheck disable=SC2086 # DT_TINYVM_OPTS: extra options, word-split
    "$DT_TINYVM" -nographic -m 256M -cpu max ${DT_TINYVM_OPTS:-} -kernel "$img" </dev/null >"$out" 2>"$out.err" &
  fi
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.1
    size=$(stat -c %s "$out" 2>/dev/null || echo 0)
    if [ "$size" = "$last" ]; then still=$((still + 1)); else still=0; last=$size; fi
    if [ $still -ge $((stall * 10)) ]; then
      kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
      echo hung >"$out.status"; return
    fi
  done
  wait "$pid"; echo $? >"$out.status"
}

tinyvm_dead=   # set when tinyvm cannot even start the runner
tinyvm_why=
total_pass=0 total_fail=0 total_oracle=0
: >"$work/fails.txt"; : >"$work/oracle.txt"; : >"$work/undef.txt"

# run_batch SEED FIRST COUNT: run streams FIRST..FIRST+COUNT-1 on both machines,
# append the results to $work/s$SEED.{q,t}.txt and the verdicts to cmp.txt.
run_batch() {
  local seed=$1 first=$2 count=$3 qa=$work/s$1.q.txt ta=$work/s$1.t.txt
  gen batch seed="$seed" first="$first" count="$count" len="$len" features="$features" \
    out="$work/b.S" || exit 1
  build_image b || { echo "difftest: building the batch Image failed"; exit 1; }
  run_emu qemu "$work/b.img" "$work/q.txt" &
  local qpid=$!
  local tfirst=$first tcount=$count restarts=0 end=$((first + count))
  while [ -z "$tinyvm_dead" ] && [ "$tcount" -gt 0 ]; do
    if [ "$tfirst" != "$first" ]; then
      gen batch seed="$seed" first="$tfirst" count="$tcount" len="$len" features="$features" \
        out="$work/r.S" || exit 1
      build_image r || exit 1
      run_emu tinyvm "$work/r.img" "$work/t.txt"
    else
      run_emu tinyvm "$work/b.img" "$work/t.txt"
    fi
    tr -d '\r' <"$work/t.txt" >>"$ta"
    grep -q '^D end' "$work/t.txt" && break
    if ! grep -q '^D begin' "$work/t.txt"; then
      if [ "$tfirst" = "$first" ] && [ "$restarts" = 0 ]; then
        tinyvm_dead=1
        tinyvm_why="tinyvm did not start the runner (status $(cat "$work/t.txt.status")); its output:
$(tr -d '\r' <"$work/t.txt" | head -5 | sed 's/^/    | /')
$(head -5 "$work/t.txt.err" | sed 's/^/    stderr| /')"
        break
      fi
    fi
    # It died in the stream after the last one it reported: skip that one.
    local last
    last=$(tr -d '\r' <"$work/t.txt" | awk '$1 == "S" { id = $2 } END { print (id == "" ? -1 : id) }')
    if [ "$last" -lt "$tfirst" ]; then last=$((tfirst - 1)); fi
    tfirst=$((last + 2)); tcount=$((end - tfirst))
    restarts=$((restarts + 1))
    [ $restarts -ge 8 ] && break
  done
  wait $qpid
  tr -d '\r' <"$work/q.txt" >>"$qa"
  if ! grep -q '^D end' "$work/q.txt"; then
    echo "difftest: the oracle did not finish the batch (seed $seed, streams $first..$((end - 1)), status $(cat "$work/q.txt.status"))"
    tr -d '\r' <"$work/q.txt" | grep -v '^[SM] ' | tail -5 | sed 's/^/    | /'
  fi
  [ -f "$ta" ] || : >"$ta"
  gen compare seed="$seed" len="$len" features="$features" first="$first" count="$count" \
    oracle="$qa" tinyvm="$ta" undef="$work/undef.txt" >"$work/cmp.txt" || exit 1
  grep '^FAIL ' "$work/cmp.txt" >>"$work/fails.txt"
  grep '^ORACLE ' "$work/cmp.txt" >>"$work/oracle.txt"
  local c
  c=$(grep '^COUNT ' "$work/cmp.txt")
  set -- $c
  total_pass=$((total_pass + $2)); total_fail=$((total_fail + $3)); total_oracle=$((total_oracle + $4))
}

# detail SEED STREAM: bisect one stream and print the report.
# replays SEED STREAM FROM TO STEP: run the truncated replays of one stream on
# both machines, appending their results to pq.txt and pt.txt.
replays() {
  gen prefix seed="$1" stream="$2" len="$len" features="$features" from="$3" to="$4" step="$5" \
    out="$work/p.S" || exit 1
  build_image p || exit 1
  run_emu qemu "$work/p.img" "$work/pq.raw" &
  local qpid=$!
  if [ -z "$tinyvm_dead" ]; then run_emu tinyvm "$work/p.img" "$work/pt.raw"; else : >"$work/pt.raw"; fi
  wait $qpid
  tr -d '\r' <"$work/pq.raw" >>"$work/pq.txt"; tr -d '\r' <"$work/pt.raw" >>"$work/pt.txt"
}

detail() {
  local seed=$1 id=$2 nv=$((len + 1))
  : >"$work/pq.txt"; : >"$work/pt.txt"
  if [ $((nv * (nv * 4 + 320))) -le 900000 ]; then
    replays "$seed" "$id" 0 "$len" 1
  else
    # Too many replays for one Image: a coarse grid first, then every replay
    # in the step that holds the first difference.
    local step=1 k
    while [ $((step * step)) -lt $nv ]; do step=$((step + 1)); done
    replays "$seed" "$id" 0 "$len" $step
    k=$(gen firstdiff len="$len" oracle="$work/pq.txt" tinyvm="$work/pt.txt")
    if [ "$k" -gt 0 ]; then
      replays "$seed" "$id" $((k - step + 1 > 0 ? k - step + 1 : 0)) $((k - 1)) 1
    fi
  fi
  local addr
  addr=$(gen show seed="$seed" stream="$id" len="$len" features="$features" bin="$work/s.bin" |
         sed -n 's/^code_addr=//p')
  $objdump -D -b binary -m aarch64 --adjust-vma="$addr" "$work/s.bin" >"$work/s.dis" 2>/dev/null
  gen report seed="$seed" stream="$id" len="$len" features="$features" dis="$work/s.dis" \
    oracle="$work/s$seed.q.txt" tinyvm="$work/s$seed.t.txt" \
    poracle="$work/pq.txt" ptinyvm="$work/pt.txt"
  local st
  st=$(cat "$work/pt.raw.status" 2>/dev/null)
  if [ -z "$tinyvm_dead" ] && [ "$st" != 0 ]; then
    echo "  tinyvm on the replay: exit status $st$([ "$st" = hung ] && echo " (no output for ${stall}s)")"
    tail -5 "$work/pt.raw.err" | sed 's/^/    stderr| /'
  fi
}

# feat_of OUT: the features= list of the machine whose probe output is OUT.
feat_of() {
  local line isar0 isar1
  line=$(tr -d '\r' <"$1" | grep -m1 '^info: sctlr') || return 0
  isar0=${line#*id_aa64isar0=}; isar0=${isar0%% *}
  isar1=${line#*id_aa64isar1=}; isar1=${isar1%% *}
  gen features isar0="$isar0" isar1="$isar1"
}

# probe: boot an empty batch on both machines; features=auto becomes what
# both advertise, and a tinyvm that cannot run the runner is found once.
probe() {
  gen batch seed=0 first=0 count=0 len=1 features=base out="$work/probe.S" || exit 1
  build_image probe || { echo "difftest: building the runner failed"; cat "$work/probe.ld.err"; exit 1; }
  run_emu qemu "$work/probe.img" "$work/probe.q" &
  local qpid=$! fq ft
  run_emu tinyvm "$work/probe.img" "$work/probe.t"
  wait $qpid
  if ! grep -q '^D end' "$work/probe.t"; then
    tinyvm_dead=1
    tinyvm_why="tinyvm did not run the runner (status $(cat "$work/probe.t.status")); its output:
$(tr -d '\r' <"$work/probe.t" | tail -5 | sed 's/^/    | /')
$(tail -5 "$work/probe.t.err" | sed 's/^/    stderr| /')"
  fi
  [ "$features" = auto ] || return 0
  fq=$(feat_of "$work/probe.q"); ft=$(feat_of "$work/probe.t")
  if [ -z "$fq" ]; then echo "difftest: the oracle did not run the runner"; exit 1; fi
  [ -n "$ft" ] || ft=$fq
  features=$(comm -12 <(tr , '\n' <<<"$fq" | sort) <(tr , '\n' <<<"$ft" | sort) | paste -sd, -)
  local untested
  untested=$(comm -23 <(tr , '\n' <<<"$fq" | sort) <(tr , '\n' <<<"$ft" | sort) | paste -sd, -)
  echo "difftest: features $features${untested:+ (not advertised by tinyvm, not tested: $untested)}"
}

# selftest: every generated class must disassemble, every reserved word must not.
selftest() {
  gen selftest count=3000 good="$work/good.bin" bad="$work/bad.bin" || exit 1
  local badgood badbad
  badgood=$($objdump -D -b binary -m aarch64 "$work/good.bin" | grep -c -E '\.inst|undefined')
  badbad=$($objdump -D -b binary -m aarch64 "$work/bad.bin" | grep -E '^ +[0-9a-f]+:' |
           grep -c -v -E '\.inst|undefined|udf')
  if [ "$badgood" != 0 ] || [ "$badbad" != 0 ]; then
    echo "difftest: generator self-check failed: $badgood generated words objdump cannot decode,"
    echo "  $badbad 'reserved' words it can; see $work/good.bin $work/bad.bin"
    exit 1
  fi
}

probe
if [ -n "$one" ]; then
  for seed in $seeds; do
    run_batch "$seed" "$one" 1
    if [ -n "$tinyvm_dead" ]; then echo "$tinyvm_why"; fi
    detail "$seed" "$one"
  done
  [ $total_fail -eq 0 ] && [ $total_oracle -eq 0 ] && echo "difftest: stream $one matches the oracle"
  [ $total_fail -eq 0 ] && [ $total_oracle -eq 0 ]
  exit
fi

selftest
for seed in $seeds; do
  first=0
  while [ $first -lt "$n" ]; do
    count=$((n - first)); [ $count -gt "$batch" ] && count=$batch
    run_batch "$seed" $first $count
    first=$((first + count))
  done
done

if [ -n "$tinyvm_dead" ]; then
  echo "difftest: $tinyvm_why"
fi
if [ -s "$work/oracle.txt" ]; then
  echo "difftest: GENERATOR BUG: the oracle did not run these streams as generated:"
  head -20 "$work/oracle.txt" | sed 's/^ORACLE /  seed /'
fi
if [ -s "$work/fails.txt" ] && [ -z "$tinyvm_dead" ]; then
  nundef=$(grep -c ' undef ' "$work/fails.txt")
  nexc=$(grep -c ' exception ' "$work/fails.txt")
  ndiff=$(grep -c ' differ ' "$work/fails.txt")
  nmiss=$(grep -c ' missing' "$work/fails.txt")
  nres=$(grep -c -E ' (accepts-reserved|no-exception) ' "$work/fails.txt")
  echo "difftest: mismatching streams: $ndiff with different results, $nundef UNDEFINED on tinyvm" \
       "only, $nexc with another exception on tinyvm only, $nres without the exception the" \
       "oracle raises (reserved encoding, SVC, BRK), $nmiss where tinyvm crashed or hung"
  if [ -s "$work/undef.txt" ]; then
    # Which instructions tinyvm rejects: disassemble the distinct words.
    sort -u "$work/undef.txt" >"$work/undef.u"
    while read -r w; do
      printf "\\x${w:6:2}\\x${w:4:2}\\x${w:2:2}\\x${w:0:2}"
    done <"$work/undef.u" >"$work/undef.bin"
    echo "  UNDEFINED on tinyvm, executed by the oracle (streams, mnemonic, an example):"
    $objdump -D -b binary -m aarch64 "$work/undef.bin" | grep -E '^ +[0-9a-f]+:' |
      awk -F'\t' 'NR == FNR { n[$1]++; next } { split($3, m, " "); w = $2; gsub(/ /, "", w);
                  c[m[1]] += n[w]; if (!(m[1] in ex)) ex[m[1]] = $3 " " $4 }
                  END { for (k in c) printf "    %5d  %-10s %s\n", c[k], k, ex[k] }' \
        "$work/undef.txt" - | sort -rn | head -40
  fi
  echo "  first mismatches (seed, stream, what):"
  head -15 "$work/fails.txt" | sed 's/^FAIL /    /'
  # Bisect the first few that are not plain UNDEFs (those name their instruction).
  { grep -v ' undef ' "$work/fails.txt"; grep ' undef ' "$work/fails.txt"; } | head -n "$detail" |
    while read -r _ seed id _; do detail "$seed" "$id"; done
fi
elapsed=$(( $(date +%s) - start_time ))
echo "difftest: $total_pass passed, $((total_fail + total_oracle)) failed" \
     "($(( (total_pass + total_fail + total_oracle) * len )) instructions compared in ${elapsed}s;" \
     "seeds $seeds, $n streams each)"
[ $total_fail -eq 0 ] && [ $total_oracle -eq 0 ]
