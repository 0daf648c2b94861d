# lib.sh - shared helpers for the guest-image recipes in tools/.
# shellcheck shell=bash
#
# Sourced by tools/*.sh (bash). Gives every recipe the same behaviour:
#   - each step says what it does and why   (step, note)
#   - an error is one clear line on stderr   (die, and the ERR trap)
#   - cleanup actions run on every exit     (on_exit "cmd"), in reverse order
#   - root work goes through sudo when we are not root  (as_root)
#   - outputs are cached under ${TINYVM_CACHE:-~/.cache/tinyvm}/<name>-<hash>,
#     where <hash> covers the recipe's own files (not this helper library) and its parameters, so editing
#     the recipe rebuilds and a second run with the same inputs reuses
#     (cache_key, cache_begin, cache_commit).

set -Eeuo pipefail

TV_TOOL=${TV_TOOL:-$(basename "$0" .sh)}
TV_TOOLS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TINYVM_CACHE=${TINYVM_CACHE:-${HOME:-/root}/.cache/tinyvm}
TV_DEBIAN_MIRROR=${TINYVM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
TV_QUIET=${TV_QUIET:-0}

step() { [ "$TV_QUIET" = 1 ] || printf '==> %s: %s\n' "$TV_TOOL" "$*" >&2; }
note() { [ "$TV_QUIET" = 1 ] || printf '    %s\n' "$*" >&2; }
warn() { printf '%s: warning: %s\n' "$TV_TOOL" "$*" >&2; }
die()  { printf '%s: error: %s\n' "$TV_TOOL" "$*" >&2; TV_DIED=1; : >"$TV_DIED_MARK" 2>/dev/null; exit 1; }

# ---- cleanup on every exit path ---------------------------------------------
TV_CLEANUPS=()
TV_DIED=0
# $$ is the main shell's pid in subshells too: a failure already reported by a
# subshell (or by die there) is not reported again by its parent.
TV_DIED_MARK=${TMPDIR:-/tmp}/.tinyvm-tool-died.$$
rm -f "$TV_DIED_MARK"
on_exit() { TV_CLEANUPS+=("$1"); }
_tv_run_cleanups() {
    local rc=$? i
    trap - ERR
    set +e
    for ((i = ${#TV_CLEANUPS[@]} - 1; i >= 0; i--)); do
        eval "${TV_CLEANUPS[$i]}" >/dev/null 2>&1
    done
    [ "$BASHPID" != "$$" ] || rm -f "$TV_DIED_MARK"
    return $rc
}
_tv_on_err() {
    local rc=$1 line=$2 cmd=$3
    # die already printed its line; a failing command has not.
    [ "$TV_DIED" = 1 ] || [ -e "$TV_DIED_MARK" ] || printf '%s: error: step failed (exit %s) at %s line %s: %s\n' \
        "$TV_TOOL" "$rc" "$(basename "$0")" "$line" "$cmd" >&2
    TV_DIED=1
    : >"$TV_DIED_MARK" 2>/dev/null
}
trap '_tv_on_err $? $LINENO "$BASH_COMMAND"' ERR
trap _tv_run_cleanups EXIT
trap 'die "interrupted"' INT TERM

# ---- root ---------------------------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
else
    SUDO=(sudo)
fi
as_root() {
    if [ ${#SUDO[@]} -gt 0 ] && ! command -v sudo >/dev/null 2>&1; then
        die "this step needs root: run as root or install sudo ($*)"
    fi
    "${SUDO[@]}" "$@"
}

need_cmd() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || die "'$c' not found: run 'make deps' (tools/deps.sh) first"
    done
}

# Install host packages that are missing (the same way tools/deps.sh does), so a
# recipe also works when run on its own.
ensure_host_pkgs() {
    local p missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    step "installing host packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
}

# arm64 packages (kernel, busybox-static) are fetched with apt-get download, which
# needs arm64 to be a dpkg foreign architecture and its package lists present.
ensure_arm64_apt() {
    local probe=${1:-busybox-static:arm64}
    if [ "$(dpkg --print-architecture)" != arm64 ] &&
       ! dpkg --print-foreign-architectures | grep -qx arm64; then
        step "adding arm64 as a dpkg foreign architecture (to download arm64 packages)"
        as_root dpkg --add-architecture arm64
        TV_NEED_UPDATE=1
    fi
    # Lists older than a day may name versions the archive has since dropped
    # (superseded security updates): refresh them first. (InRelease files change
    # several times a day in the archive, so their age is the lists' age.)
    local age=${TINYVM_APT_MAX_AGE_DAYS:-1}
    if [ "${TV_NEED_UPDATE:-0}" = 1 ] || ! ls /var/lib/apt/lists/*binary-arm64_Packages* >/dev/null 2>&1 ||
       [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*InRelease' -mmin -"$((age * 1440))" 2>/dev/null)" ] ||
       ! apt_candidate "$probe" >/dev/null; then
        step "apt-get update (fetching the arm64 package lists, missing or over $age day(s) old)"
        as_root apt-get update -qq >&2 || die "apt-get update failed"
        TV_NEED_UPDATE=0
        apt_candidate "$probe" >/dev/null || die "no installable candidate for $probe after apt-get update"
    fi
}

# Print the candidate version of a package, or fail.
apt_candidate() {
    local v
    v=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2; exit}')
    [ -n "$v" ] && [ "$v" != "(none)" ] || return 1
    printf '%s\n' "$v"
}

# apt-get download PKG into DIR (no root needed), print the .deb path.
apt_fetch() {
    local pkg=$1 dir=$2 f
    mkdir -p "$dir"
    local opts=()
    # as root, apt drops to the _apt user and warns it cannot write here: stay root
    [ ${#SUDO[@]} -eq 0 ] && opts=(-o APT::Sandbox::User=root)
    [ "$TV_QUIET" = 1 ] && opts+=(-qq)
    (cd "$dir" && apt-get download -q "${opts[@]}" "$pkg" >&2) ||
        die "apt-get download $pkg failed (package lists out of date? apt-get update)"
    f=$(ls -t "$dir"/*.deb | head -n1)
    printf '%s\n' "$f"
}

# ---- cache ----------------------------------------------------------------------
# cache_key NAME FILE... -- PARAM...   prints NAME-<16 hex digits>
cache_key() {
    local name=$1; shift
    local files=() params=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do files+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    params=("$@")
    local h
    h=$( { for f in "${files[@]}"; do printf 'file %s\n' "$(basename "$f")"; cat "$f"; done
           printf 'param %s\n' "${params[@]}"; } | sha256sum | cut -c1-16)
    printf '%s-%s\n' "$name" "$h"
}

# cache_begin KEY: sets CACHE_DIR (final) and WORK_DIR (temporary, removed on
# failure). Returns 0 when the cache entry already exists (nothing to do).
cache_begin() {
    CACHE_DIR=$TINYVM_CACHE/$1
    mkdir -p "$TINYVM_CACHE"
    if [ -f "$CACHE_DIR/.done" ] && [ "${TINYVM_REBUILD:-0}" != 1 ]; then
        return 0
    fi
    WORK_DIR=$TINYVM_CACHE/.tmp-$1-$$
    rm -rf "$WORK_DIR"
    mkdir -p "$WORK_DIR"
    on_exit "[ -d '$WORK_DIR' ] && { rm -rf '$WORK_DIR' 2>/dev/null || ${SUDO[*]:-} rm -rf '$WORK_DIR'; }"
    return 1
}

# cache_commit: WORK_DIR becomes CACHE_DIR atomically (a half-built entry is never seen).
cache_commit() {
    date -u +%Y-%m-%dT%H:%M:%SZ >"$WORK_DIR/.done"
    if [ -d "$CACHE_DIR" ]; then
        rm -rf "$CACHE_DIR" 2>/dev/null || as_root rm -rf "$CACHE_DIR"
    fi
    mv "$WORK_DIR" "$CACHE_DIR"
    # Older entries of the same recipe are stale (their inputs changed): drop them,
    # unless TINYVM_KEEP_OLD=1.
    local base=${CACHE_DIR##*/} old
    if [ "${TINYVM_KEEP_OLD:-0}" != 1 ]; then
        for old in "$TINYVM_CACHE/${base%-*}"-????????????????; do
            [ -d "$old" ] && [ "$old" != "$CACHE_DIR" ] || continue
            note "removing the stale cache entry ${old##*/}"
            rm -rf "$old" 2>/dev/null || as_root rm -rf "$old"
        done
    fi
}

# Seconds since an epoch timestamp, for "took Ns" notes.
since() { echo $(( $(date +%s) - $1 )); }

# --help: the comment block at the top of the tool.
tv_usage() {
    awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
    exit "${1:-0}"
}
