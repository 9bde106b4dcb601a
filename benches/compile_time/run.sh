#!/usr/bin/env bash
# The compile-time benchmark (issue 15 item 5). Takes minutes: NOT run in CI (CI may check
# it with `bash -n`). Run from anywhere:
#
#     bash benches/compile_time/run.sh            # 3 timed rebuilds per user crate and profile
#     REPEAT=5 bash benches/compile_time/run.sh
#     COMPILE_TIME_DIR=/tmp/ct bash benches/compile_time/run.sh   # keep (and reuse) the builds
#     PROFILES=release USER_ONLY=1 bash benches/compile_time/run.sh  # part 1 only, release only
#     CALLS="7 8 9 10 11" USER_ONLY=1 bash benches/compile_time/run.sh # only those calls
#     CALLS=none USER_ONLY=1 bash benches/compile_time/run.sh          # the empty program
#
# What it measures (docs/performance.md, "Compile time", says why):
# 1. User code. Two user crates, user_dualnum.rs and user_num_dual.rs: the same 15 helper
#    calls (a derivative; gradients at n = 2, 3, 8, 16, 32; Jacobians 2x3, 3x3, 4x6, 8x8,
#    16x16; Hessians at n = 2, 3, 6, 10) against dualnum (this checkout) and num-dual 0.15,
#    both on nalgebra 0.35, with this repository's Cargo.lock so the shared dependencies have
#    the same versions. For each profile of PROFILES (default "release dev"), each crate is
#    built once (its dependencies, dualnum or num-dual included, are then fresh and
#    excluded from the timing), then REPEAT times `touch src/main.rs && cargo build
#    --profile P`, timed with bash's `time` (wall, and user + sys CPU of cargo and every
#    rustc it runs, linking included; CARGO_INCREMENTAL=0, so each is a full compile of
#    the crate). The two crates alternate, and the median of the
#    REPEAT runs is reported, with the min-max range. CPU time is the figure to compare:
#    on a loaded machine the wall time mostly measures waiting for a core.
# 2. dualnum itself: `cargo build --release --lib` of this checkout from an empty target
#    directory (all dependencies included, once), then the dualnum crate alone (its
#    dependencies prebuilt: `cargo clean --release -p dualnum`, rebuild; median of REPEAT),
#    with default features and with `--no-default-features --features std` (without
#    nalgebra; "n/a" if that feature set does not build).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
repeat=${REPEAT:-3}
# A touched but unchanged file would be a no-op for incremental compilation (on in dev):
# every build here compiles the crate in full.
export CARGO_INCREMENTAL=0
profiles=${PROFILES:-release dev}
work=${COMPILE_TIME_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/dualnum-compile-time.XXXXXX")}
mkdir -p "$work"
echo "build directory: $work (REPEAT=$repeat, PROFILES=$profiles, CALLS=${CALLS:-all})"

# Seconds "wall cpu" of one command (cpu = user + sys of the command and its children).
timed() {
  local t
  t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>"$work/last.log"; } 2>&1 ) || {
    cat "$work/last.log" >&2
    return 1
  }
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' <<<"$t"
}

# The median and the "min-max" of a column of numbers.
stats() {
  sort -g | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.2f %.2f-%.2f\n", m, v[1], v[NR] }'
}

# user_crate NAME SOURCE DEPENDENCY-LINES: writes the crate into $work/NAME.
user_crate() {
  local dir="$work/$1"
  mkdir -p "$dir/src"
  # the calls of CALLS only (each starts at its "    // N. " comment and ends at the next
  # call or the final println!), or all of them
  awk -v calls=" ${CALLS:-all} " '
    /^    \/\/ [0-9]+\. / { n = $2; sub(/\./, "", n); cur = n }
    /^    println!/ { cur = "" }
    calls == " all " || cur == "" || index(calls, " " cur " ") { print }
  ' "$here/$2" >"$dir/src/main.rs"
  if [[ ${CALLS:-all} != all ]]; then
    sed -i '1i #![allow(unused)]' "$dir/src/main.rs"
  fi
  cp "$repo/Cargo.lock" "$dir/Cargo.lock"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
nalgebra = "0.35"
$3

# not a member of any enclosing workspace
[workspace]
EOF
}

user_crate user-dualnum user_dualnum.rs "dualnum = { path = \"$repo\" }"
user_crate user-num-dual user_num_dual.rs 'num-dual = "0.15"'

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

user_table=""
for profile in $profiles; do
  echo "== user crates, $profile: building dependencies (not timed)"
  for c in user-dualnum user-num-dual; do
    (cd "$work/$c" && CARGO_TARGET_DIR="$work/$c/target" cargo build --profile "$profile" --quiet)
  done
  echo "== user crates, $profile: $repeat timed rebuilds each (touch src/main.rs; cargo build)"
  for c in user-dualnum user-num-dual; do
    : >"$work/$c.$profile.times"
  done
  for ((k = 0; k < repeat; k++)); do
    for c in user-dualnum user-num-dual; do
      touch "$work/$c/src/main.rs"
      (cd "$work/$c" && CARGO_TARGET_DIR="$work/$c/target" timed cargo build --profile "$profile") \
        >>"$work/$c.$profile.times"
    done
  done
  read -r dn_wall dn_wall_range < <(cut -d' ' -f1 "$work/user-dualnum.$profile.times" | stats)
  read -r dn_cpu dn_cpu_range < <(cut -d' ' -f2 "$work/user-dualnum.$profile.times" | stats)
  read -r nd_wall nd_wall_range < <(cut -d' ' -f1 "$work/user-num-dual.$profile.times" | stats)
  read -r nd_cpu nd_cpu_range < <(cut -d' ' -f2 "$work/user-num-dual.$profile.times" | stats)
  user_table+="| $profile | $dn_cpu ($dn_cpu_range) | $nd_cpu ($nd_cpu_range) | **$(ratio "$dn_cpu" "$nd_cpu")** | $dn_wall ($dn_wall_range) | $nd_wall ($nd_wall_range) | $(ratio "$dn_wall" "$nd_wall") |"$'\n'
done

# dualnum_build NAME FLAGS...: "scratch_wall scratch_cpu own_wall own_cpu own_cpu_range", or
# "n/a" when the feature set does not build.
dualnum_build() {
  local name=$1
  shift
  local target="$work/dualnum-$name"
  rm -rf "$target"
  local scratch
  if ! scratch=$(cd "$repo" && CARGO_TARGET_DIR="$target" timed cargo build --release --lib "$@" 2>/dev/null); then
    echo "n/a"
    return
  fi
  : >"$target.times"
  for ((k = 0; k < repeat; k++)); do
    (cd "$repo" && CARGO_TARGET_DIR="$target" cargo clean --release -p dualnum --quiet)
    (cd "$repo" && CARGO_TARGET_DIR="$target" timed cargo build --release --lib "$@") >>"$target.times"
  done
  local own_wall own_cpu own_cpu_range _r
  read -r own_wall _r < <(cut -d' ' -f1 "$target.times" | stats)
  read -r own_cpu own_cpu_range < <(cut -d' ' -f2 "$target.times" | stats)
  echo "$scratch $own_wall $own_cpu $own_cpu_range"
}

if [[ -z ${USER_ONLY:-} ]]; then
  echo "== dualnum itself, default features (from an empty target dir, then the crate alone)"
  default=$(dualnum_build default)
  echo "== dualnum itself, --no-default-features --features std (without nalgebra)"
  no_nalgebra=$(dualnum_build no-nalgebra --no-default-features --features std)
fi

echo
echo "User crate, 15 helper calls, rebuild of the user crate only (median of $repeat, min-max):"
echo
echo "| profile | dualnum CPU s | num-dual CPU s | CPU ratio | dualnum wall s | num-dual wall s | wall ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf "%s" "$user_table"
echo
echo "(CPU = user + sys; target: CPU ratio <= 0.60)"
[[ -n ${USER_ONLY:-} ]] && exit 0
echo
echo "dualnum itself, cargo build --release --lib:"
echo
echo "| features | from scratch, deps included: CPU s / wall s | dualnum crate alone: CPU s (min-max) / wall s |"
echo "|---|---:|---:|"
row() {
  if [[ $2 == n/a ]]; then
    echo "| $1 | n/a | n/a |"
  else
    read -r sw sc ow oc ocr <<<"$2"
    echo "| $1 | $sc / $sw | $oc ($ocr) / $ow |"
  fi
}
row "default" "$default"
row "--no-default-features --features std" "$no_nalgebra"
