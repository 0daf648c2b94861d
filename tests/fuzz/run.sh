#!/usr/bin/env bash
# run.sh FUZZER SECONDS WORKDIR SEEDS [NAME] - run a libFuzzer target for SECONDS,
# growing the corpus in WORKDIR/corpus from the seed directory SEEDS, and end
# with the suite line tests/run-suites.sh sums: "NAME: 1 passed, 0 failed" (no
# crash, leak, hang or sanitizer report) or "NAME: 0 passed, 1 failed" plus the
# input that reproduces it (run the fuzzer binary on that file).
set -u
fuzzer=$1 seconds=$2 work=$3 seeds=$4 name=${5:-fuzz}
mkdir -p "$work/corpus"
log="$work/last-run.log"
"$fuzzer" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
    -max_total_time="$seconds" -artifact_prefix="$work/" \
    "$work/corpus" "$seeds" >"$log" 2>&1
st=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
corpus=$(ls "$work/corpus" | wc -l)
if [ "$st" -eq 0 ]; then
    echo "$name: ${execs:-?} executions in ${seconds} s, ${cov:-no coverage line}, corpus $corpus"
    echo "$name: 1 passed, 0 failed"
    exit 0
fi
grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -20
echo "$name: full log in $log"
echo "$name: 0 passed, 1 failed"
exit 1
