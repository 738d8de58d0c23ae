#!/usr/bin/env bash
# Screenshot of the real KhaiBao window under Xvfb, written as PNG.
#
#   tests/screenshot.sh [OUT_DIR]        (default: tests/screenshots/out)
#
# Needs: xvfb, x11-apps (xwd), imagemagick (convert). Builds the app with the GUI feature, starts
# it on a private display with a temporary data folder, waits for the first frames and captures
# the screen. Exits non-zero if the window does not come up.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-tests/screenshots/out}"
mkdir -p "$out"
cargo build --quiet
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
data="$(mktemp -d)"
cleanup() { kill "$app" "$xvfb" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
sleep 1
DISPLAY="$display" KHAIBAO_DATA="$data" LIBGL_ALWAYS_SOFTWARE=1 target/debug/khaibao &
app=$!
sleep "${KHAIBAO_SCREENSHOT_WAIT:-6}"
if ! kill -0 "$app" 2>/dev/null; then
  echo "the window did not stay open" >&2
  exit 1
fi
convert_bin=$(command -v convert-im6.q16 || command -v convert)
DISPLAY="$display" xwd -root -silent | "$convert_bin" xwd:- "$out/home.png"
echo "wrote $out/home.png"
