#!/usr/bin/env bash
# Start-up time and memory of the real window (release build) under Xvfb, with the full bundled
# code tables and an empty data folder: `KHAIBAO_STARTUP_PROBE=1` makes the app print the time of
# its first frame and, once the store and core are open and the list is drawn, the time and its
# resident memory (VmRSS), then close. Five runs.
#
#   benches/window.sh          (needs xvfb; builds `cargo build --release` first)
#
# Targets: first frame ≤ 500 ms; resident memory ≤ 150 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/khaibao"
display=":$((80 + RANDOM % 9))"
Xvfb "$display" -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
for run in 1 2 3 4 5; do
  data="$(mktemp -d)"
  DISPLAY="$display" KHAIBAO_DATA="$data" KHAIBAO_STARTUP_PROBE=1 LIBGL_ALWAYS_SOFTWARE=1 \
    timeout 60 "$bin" 2>&1 | grep -E "first frame|ready" | sed "s/^/run $run: /"
  rm -rf "$data"
done
