#!/usr/bin/env bash
# Screenshots of the real KhaiBao window under Xvfb, written as PNG:
#   list.png     the declarations list (drafts, provisional with countdown, registered with lane)
#   editor.png   the editor on the goods grid of a 50-line import declaration
#   result.png   the result view of a registered declaration (lane, deciding rule, next steps)
#
#   tests/screenshot.sh [OUT_DIR]        (default: tests/screenshots/out)
#
# Needs: xvfb, x11-apps (xwd), imagemagick (convert). Builds the app with the GUI feature, fills a
# temporary data folder with the example declarations (`khaibao import`, `khaibao submit --draft`),
# starts the window on a private display for each view and captures it. Exits non-zero if the
# window does not come up.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-tests/screenshots/out}"
mkdir -p "$out"
cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/khaibao"
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb=$!
data="$(mktemp -d)"
app=""
cleanup() { [ -n "$app" ] && kill "$app" 2>/dev/null; kill "$xvfb" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
export KHAIBAO_DATA="$data"
"$bin" import tests/fixtures/import-50-lines.json tests/fixtures/import-sea-container.json \
  tests/fixtures/export-sea.json >/dev/null
"$bin" submit --draft 2 --op IDA >/dev/null
"$bin" submit --draft 2 --op IDC >/dev/null || true
"$bin" submit --draft 3 --op EDA >/dev/null
convert_bin=$(command -v convert-im6.q16 || command -v convert)

shot() {
  local name="$1"; shift
  DISPLAY="$display" LIBGL_ALWAYS_SOFTWARE=1 "$bin" "$@" &
  app=$!
  sleep "${KHAIBAO_SCREENSHOT_WAIT:-6}"
  if ! kill -0 "$app" 2>/dev/null; then
    echo "the window did not stay open ($name)" >&2
    exit 1
  fi
  DISPLAY="$display" xwd -root -silent | "$convert_bin" xwd:- "$out/$name.png"
  kill "$app" 2>/dev/null; wait "$app" 2>/dev/null || true
  app=""
  echo "wrote $out/$name.png"
}

shot list
shot editor open 1 --tab goods
shot result open 2 --tab result
