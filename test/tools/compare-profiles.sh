#!/usr/bin/env bash
# Compare what two builds of the plugin write: compile the kernel suite, the examples and the lit tests' C inputs at
# -O0, -O2, -O3 -ffast-math and -O2 -mavx512f with each plugin, and compare the JSON of their .greenc.profile
# sections (records inflated, so a version 1 and a version 2 record of the same JSON compare equal). Prints each
# compile whose profiles differ and a summary line; exit status 1 when any differ. For changes meant to keep the
# profile as it is (performance work): build the baseline in a worktree of the old commit first.
#   test/tools/compare-profiles.sh OLD/lib/GreencPlugin.so NEW/lib/GreencPlugin.so
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OLD_PLUGIN NEW_PLUGIN" >&2; exit 2; }
old=$(realpath "$1"); new=$(realpath "$2")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
payload() { # object -> JSON text of its records, one per line (show-profile.py --json)
  llvm-objcopy-19 --dump-section .greenc.profile="$1.bin" "$1" 2>/dev/null || { echo "(no profile)"; return; }
  python3 test/lit/passes/Inputs/show-profile.py --json "$1.bin"
}
n=0; bad=0
for f in test/kernels/*.c examples/*.c test/lit/passes/*.c; do
  for o in "-O0" "-O2" "-O3 -ffast-math" "-O2 -mavx512f"; do
    # shellcheck disable=SC2086
    clang-19 $o -Itest/kernels -fplugin="$old" -c "$f" -o "$tmp/a.o" 2>/dev/null || continue
    # shellcheck disable=SC2086
    if ! clang-19 $o -Itest/kernels -fplugin="$new" -c "$f" -o "$tmp/b.o" 2>/dev/null; then
      echo "new plugin fails: $f $o"; bad=$((bad + 1)); continue
    fi
    n=$((n + 1))
    payload "$tmp/a.o" >"$tmp/a.json"
    payload "$tmp/b.o" >"$tmp/b.json"
    if ! cmp -s "$tmp/a.json" "$tmp/b.json"; then
      echo "differ: $f $o"; bad=$((bad + 1))
    fi
  done
done
echo "compared $n compiles, $bad differ"
[ "$bad" -eq 0 ]
