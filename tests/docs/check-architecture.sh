#!/usr/bin/env bash
# tests/docs/check-architecture.sh [DOC] - keep docs/ARCHITECTURE.md true.
#
# The page names code in backticks, by convention:
#   `dir/file.c`             a file (or a glob such as `devices/gicv3*.c`): must exist
#   `name()`                 a function: must be defined somewhere in the tree
#   `dir/file.c: name()`     a function that must be defined in that file
#   -d ITEM[,ITEM]           trace items (in backticks or code blocks): must be
#                            items debug/trace.c knows
# A function counts as defined when a line starts a definition of it (a
# declaration line not ending in ';', as the code style writes them), or a
# macro instantiates it (CPU_DEFINE_LOAD(cpu_ld64, ...)).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
doc=${1:-$root/docs/ARCHITECTURE.md}
cd "$root" || exit 1
pass=0; fail=0
bad() { fail=$((fail+1)); echo "FAIL  $1"; }

[ -f "$doc" ] || { echo "no $doc"; echo "docs: 0 passed, 1 failed"; exit 1; }
SRC_DIRS="cpu mem devices board debug firmware tests tools"

# defined_in NAME FILE...: NAME has a definition in one of the files.
defined_in() {
  local name=$1; shift
  grep -Eq "^[A-Za-z_][A-Za-z0-9_ *]*[ *]${name}\(.*[^;]\s*$|^${name}\(|^[A-Z_]+\(${name},|^#define ${name}\(" "$@" 2>/dev/null
}

tokens=$(grep -o '`[^`]*`' "$doc" | tr -d '`' | sort -u)
nfiles=0; nfuncs=0
while IFS= read -r t; do
  [ -z "$t" ] && continue
  if [[ $t =~ ^([A-Za-z0-9_./*-]+):\ ([A-Za-z_][A-Za-z0-9_]*)\(\)$ ]]; then
    f=${BASH_REMATCH[1]}; fn=${BASH_REMATCH[2]}
    # shellcheck disable=SC2086
    files=$(ls -d $f 2>/dev/null)
    if [ -z "$files" ]; then bad "'$t': no file $f"; continue; fi
    # shellcheck disable=SC2086
    if defined_in "$fn" $files; then pass=$((pass+1)); nfuncs=$((nfuncs+1))
    else bad "'$t': $fn() is not defined in $f"; fi
  elif [[ $t =~ ^([A-Za-z_][A-Za-z0-9_]*)\(\)$ ]]; then
    fn=${BASH_REMATCH[1]}
    # shellcheck disable=SC2086
    if defined_in "$fn" $(find $SRC_DIRS -name '*.[ch]' 2>/dev/null); then pass=$((pass+1)); nfuncs=$((nfuncs+1))
    elif grep -rqsE --include='*.h' "^(extern )?[A-Za-z_][A-Za-z0-9_ ]*[ *]${fn} ?\(" /usr/include; then
      pass=$((pass+1)) # a C library or libslirp function the page mentions
    else bad "'$t': $fn() is not defined anywhere in the tree (nor in the system headers)"; fi
  elif [[ $t =~ ^[A-Za-z0-9_.*-]+/[A-Za-z0-9_./*-]*$ || $t =~ ^[A-Za-z0-9_*-]+\.(c|h|sh|mk|md|S|ld)$ || $t = Makefile ]]; then
    # A path: relative to the top (a trailing / is a directory). Bare file
    # names (virtio_blk.c) must exist somewhere in the tree.
    # shellcheck disable=SC2086
    if [[ $t = */* ]]; then found=$(ls -d ${t%/} 2>/dev/null)
    else found=$(find $SRC_DIRS -name "$t" 2>/dev/null | head -1); fi
    if [ -n "$found" ]; then pass=$((pass+1)); nfiles=$((nfiles+1))
    else case $t in
           Documentation/*) pass=$((pass+1)) ;;  # Linux's tree, not ours
           *) bad "'$t': no such file" ;;
         esac
    fi
  fi
done <<<"$tokens"

# -d items, wherever the page shows a command.
known=$(sed -n 's/^ *{ "\([a-z_]*\)", TRACE_.*/\1/p' debug/trace.c)
nitems=0
while IFS= read -r list; do
  [ -z "$list" ] && continue
  IFS=, read -ra items <<<"$list"
  for i in "${items[@]}"; do
    if [ "$i" = help ] || grep -qx "$i" <<<"$known"; then pass=$((pass+1)); nitems=$((nitems+1))
    else bad "-d $i: not a trace item (debug/trace.c has: $(echo $known))"; fi
  done
done < <(grep -o -- '-d [a-z_,]*' "$doc" | sed 's/^-d //' | sort -u)

echo "checked $nfiles files, $nfuncs functions, $nitems -d items named in ${doc#$root/}"
[ $nfiles -ge 20 ] && [ $nfuncs -ge 40 ] || bad "suspiciously few names found: is the convention still used?"
echo "docs: $pass passed, $fail failed"
[ $fail = 0 ]
