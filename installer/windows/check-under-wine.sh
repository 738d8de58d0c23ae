#!/usr/bin/env bash
# Runs the Windows build under Wine and checks it against the Linux build, in a throw-away Wine
# prefix (CI and installer/README.md):
#   1. `khaibao.exe --version` names the same program and tables as Linux;
#   2. `khaibao.exe validate` gives, for every fixture, the same JSON as Linux;
#   3. an IDA → IDC story on the embedded simulator (import, IDA, IDC: numbered, lane given);
#   4. `khaibao.exe doctor` on a fresh data folder (Windows Credential Manager, embedded core);
#   5. the installer, silently: files, Start-menu shortcut, .khaibao association, Apps entry;
#      the installed program runs; uninstalling keeps the data folder, `/PURGE` removes it.
#   6. the window opens on a private Xvfb display and stays up (SCREENSHOT=FILE.png captures it,
#      with ImageMagick's `import`).
#
#   installer/windows/check-under-wine.sh WINDOWS_EXE LINUX_BINARY INSTALLER_EXE
#
# Wine 8.0 (Debian 12) lacks bcryptprimitives.dll's ProcessPrng, which Rust's standard library
# needs: a stand-in built here from installer/windows/wine/ goes into this prefix only.
set -euo pipefail
cd "$(dirname "$0")/../.."
exe=$(realpath "$1")
linux=$(realpath "$2")
installer=$(realpath "$3")

work=$(mktemp -d)
xvfb=""
cleanup() {
  if [ -n "$xvfb" ]; then kill "$xvfb" 2>/dev/null || true; fi
  wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export WINEARCH=win64 WINEDEBUG=-all
# No Mono/Gecko download prompts (no network here, none needed); our ProcessPrng first.
export WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n,b"
# The tests state the day: the same instant for both builds (tests/integration/util.rs NOW).
export KHAIBAO_NOW="2026-11-23T02:00:00Z"
unset KHAIBAO_DATA KHAIBAO_SERVER DISPLAY || true

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
step() { echo "== $*"; }

# A new Wine prefix with the stand-in DLL.
new_prefix() {
  export WINEPREFIX="$1"
  wineboot --init >/dev/null 2>&1 || true
  wineserver -w
  cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
}
step "Wine prefix"
x86_64-w64-mingw32-gcc -O2 -shared -o "$work/bcryptprimitives.dll" \
  installer/windows/wine/bcryptprimitives.c installer/windows/wine/bcryptprimitives.def -lbcrypt
new_prefix "$work/prefix"
win() { wine "$exe" "$@" 2>"$work/stderr" | tr -d '\r'; }
winpath() { winepath -w "$1" 2>/dev/null | tr -d '\r'; }

step "--version"
win --version --lang en >"$work/version-win" || fail "khaibao.exe --version: $(cat "$work/stderr")"
"$linux" --version --lang en >"$work/version-linux"
head -n 1 "$work/version-win"
grep -q "^khaibao .* (x86_64-windows)$" "$work/version-win" || fail "khaibao.exe --version: $(cat "$work/version-win" "$work/stderr")"
# The table lines are the same on both systems.
diff <(tail -n +2 "$work/version-win") <(tail -n +2 "$work/version-linux") \
  || fail "--version lists other tables on Windows"

step "validate on every fixture"
count=0
for fixture in tests/fixtures/*.json; do
  code_win=0
  code_linux=0
  win validate "$fixture" --format json --today 2026-11-23 --lang en >"$work/win.json" || code_win=$?
  "$linux" validate "$fixture" --format json --today 2026-11-23 --lang en >"$work/linux.json" || code_linux=$?
  [ "$code_win" = "$code_linux" ] || fail "$fixture: exit $code_win on Windows, $code_linux on Linux"
  diff "$work/win.json" "$work/linux.json" >/dev/null \
    || fail "$fixture: Windows and Linux disagree: $(diff "$work/win.json" "$work/linux.json" | head -20)"
  echo "   $fixture: same findings (exit $code_win)"
  count=$((count + 1))
done
[ "$count" -ge 5 ] || fail "only $count fixtures"

step "IDA -> IDC on the embedded simulator"
data="$work/data-story"
mkdir -p "$data"
wdata=$(winpath "$data")
win --data "$wdata" import tests/fixtures/import-sea-container.json >"$work/import" \
  || fail "import: $(cat "$work/import" "$work/stderr")"
id=$(tail -n 1 "$work/import" | grep -o '[0-9][0-9]*' | head -n 1 || true)
[ -n "$id" ] || fail "import printed no id: $(cat "$work/stderr")"
win --data "$wdata" --lang en submit --draft "$id" --op IDA >"$work/ida" || fail "IDA: $(cat "$work/ida" "$work/stderr")"
grep -Eq "[0-9]{12}" "$work/ida" || fail "IDA gave no declaration number: $(cat "$work/ida")"
win --data "$wdata" --lang en submit --draft "$id" --op IDC >"$work/idc" || fail "IDC: $(cat "$work/idc" "$work/stderr")"
grep -qi "lane" "$work/idc" || fail "IDC gave no lane: $(cat "$work/idc")"
head -n 8 "$work/idc" | sed 's/^/   /'
[ -f "$data/khaibao.sqlite" ] || fail "the store is not in the data folder given"

step "doctor on a fresh data folder"
fresh="$work/data-doctor"
win --data "$(winpath "$fresh")" --lang en doctor >"$work/doctor" || fail "doctor failed: $(cat "$work/doctor" "$work/stderr")"
sed 's/^/   /' "$work/doctor"
grep -q "Windows Credential Manager" "$work/doctor" || fail "doctor did not use the Credential Manager"

step "installer"
# Wine 8.0 plays Windows 7 by default: the installer refuses it (Rust needs Windows 10)...
wine reg add 'HKCU\Software\Wine' /v Version /d win7 /f >/dev/null 2>&1
code=0
wine "$installer" /S >/dev/null 2>&1 || code=$?
wineserver -w
[ "$code" != 0 ] || fail "the installer accepted Windows 7"
echo "   refused on Windows 7 (exit $code)"
# ...and installs on Windows 10.
wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
wineserver -w
code=0
wine "$installer" /S >/dev/null 2>&1 || code=$?
wineserver -w
[ "$code" = 0 ] || fail "the installer exited with $code"
# The prefix's one user profile (named after the Unix user, whatever $USER says).
profile=$(find "$WINEPREFIX/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | sed -n 1p)
appdata_programs="$profile/AppData/Local/Programs/KhaiBao"
[ -f "$appdata_programs/khaibao.exe" ] || fail "not installed in %LOCALAPPDATA%\\Programs\\KhaiBao"
[ -f "$appdata_programs/uninstall.exe" ] || fail "no uninstaller"
[ -f "$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/KhaiBao.lnk" ] \
  || fail "no Start-menu shortcut"
# Each answer is read whole before grep looks at it (pipefail and `grep -q` race on SIGPIPE).
reg() { wine reg query "$1" 2>/dev/null | tr -d '\r' || true; }
association=$(reg 'HKCU\Software\Classes\.khaibao')
grep -q "KhaiBao.Declaration" <<<"$association" || fail ".khaibao is not associated"
open_command=$(reg 'HKCU\Software\Classes\KhaiBao.Declaration\shell\open\command')
grep -q 'khaibao.exe" "%1"' <<<"$open_command" || fail "no open command for .khaibao"
uninstall=$(reg 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\KhaiBao')
grep -q "UninstallString" <<<"$uninstall" || fail "no Apps & features entry"
installed=$(wine "$appdata_programs/khaibao.exe" --version 2>/dev/null | tr -d '\r' | sed -n 1p)
[ "$installed" = "$(head -n 1 "$work/version-win")" ] || fail "the installed program says '$installed'"
echo "   installed: $installed"
# The installed program keeps its data in %APPDATA%\KhaiBao\khaibao\data.
wine "$appdata_programs/khaibao.exe" import tests/fixtures/export-sea.json >/dev/null 2>&1 \
  || fail "the installed program cannot import"
roaming="$profile/AppData/Roaming/KhaiBao"
[ -f "$roaming/khaibao/data/khaibao.sqlite" ] || fail "no store in %APPDATA%\\KhaiBao\\khaibao\\data"
# Uninstall (in place, `_?=`, so that this waits for it): the data folder stays.
wine "$appdata_programs/uninstall.exe" /S "_?=$(winpath "$appdata_programs")" >/dev/null 2>&1
wineserver -w
[ ! -f "$appdata_programs/khaibao.exe" ] || fail "the uninstaller left khaibao.exe"
[ -f "$roaming/khaibao/data/khaibao.sqlite" ] || fail "uninstalling deleted the data folder"
if wine reg query 'HKCU\Software\Classes\.khaibao' >/dev/null 2>&1; then fail "the association stayed"; fi
echo "   uninstalled; the data folder was kept"
wine "$installer" /S >/dev/null 2>&1 || fail "the second install failed"
wineserver -w
wine "$appdata_programs/uninstall.exe" /S /PURGE "_?=$(winpath "$appdata_programs")" >/dev/null 2>&1
wineserver -w
[ ! -d "$roaming" ] || fail "/PURGE kept the data folder"
echo "   reinstalled, uninstalled with /PURGE: the data folder is gone"

step "the window under Xvfb"
# Wine's desktop process, started by the steps above without a display, outlives them and would
# take the window (drawn nowhere): a new Wine server, with every Wine program from here on
# (winepath too) started on the display, makes a new one.
shot_data="$work/data-window"
mkdir -p "$shot_data"
shot_data_win=$(winpath "$shot_data")
wineserver -k 2>/dev/null || true
wineserver -w
# Wine 8.0's Direct3D 12 (vkd3d) needs Vulkan, which Xvfb has not: wgpu is told to use OpenGL
# (WGL on Mesa's software renderer), as a broker whose graphics driver fails can (README).
# Xvfb picks a free display itself and writes its number when it is ready.
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
exec 3>&-
for _ in $(seq 1 50); do
  [ -s "$work/display" ] && break
  sleep 0.2
done
[ -s "$work/display" ] || fail "Xvfb did not start"
display=":$(head -n 1 "$work/display")"
DISPLAY="$display" LIBGL_ALWAYS_SOFTWARE=1 WGPU_BACKEND=gl \
  wine "$exe" --data "$shot_data_win" >"$work/window.log" 2>&1 &
window=$!
# The program's top-level window: its class is the .exe's name, and it is the big one (the title
# is not matched: xwininfo cannot print "—" without a UTF-8 locale).
title=""
for _ in $(seq 1 60); do
  title=$(DISPLAY="$display" xwininfo -root -tree 2>/dev/null \
    | grep -E "\(\"$(basename "$exe")\" " | grep -E ' [0-9]{3,}x[0-9]{3,}\+' | head -n 1 || true)
  [ -n "$title" ] && break
  kill -0 "$window" 2>/dev/null || fail "the window's program stopped: $(tail -n 20 "$work/window.log")"
  sleep 1
done
[ -n "$title" ] || fail "no KhaiBao window after 60 s: $(tail -n 20 "$work/window.log"; DISPLAY="$display" xwininfo -root -tree 2>&1 | tail -n 12)"
echo "   window: $title"
# Drawn and still running a while later (the first frames, the worker opening the store).
sleep "${SCREENSHOT_WAIT:-8}"
kill -0 "$window" 2>/dev/null || fail "the window closed by itself: $(tail -n 20 "$work/window.log")"
if [ -n "${SCREENSHOT:-}" ]; then
  DISPLAY="$display" import -window root "$SCREENSHOT"
  echo "   screenshot: $SCREENSHOT"
fi
kill "$window" 2>/dev/null || true
echo "all Windows checks passed"
