#!/usr/bin/env bash
# Seeds a demo logbook through the command line, opens the real window under Xvfb and takes
# screenshots in dark and light theme at 1280x800 (assets/screenshot-dark.png,
# assets/screenshot-light.png) and at 900x600 (assets/screenshot-900-dark.png, -light.png).
# CE_LOGBOOK_BIN=path uses a binary already built (e.g. target/debug/ce-logbook) instead of
# building the release one.
# Needs (Debian/Ubuntu): apt-get install -y xvfb xdotool imagemagick
# Touches nothing of yours: the logbook and the window settings live in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CE_LOGBOOK_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --locked
  bin=$PWD/target/release/ce-logbook
fi
out=$PWD/assets

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config
export CE_LOGBOOK_DB=$work/demo.sqlite3
today=2026-11-26
cl() { "$bin" --today "$today" "$@" >/dev/null; }

cl credential add cma-aama --certified 2022-03-15
cl credential add ccma-nha --certified 2025-06-01
cl add --title "Phlebotomy update" --date 2022-05-02 --points 2 --category clinical --approved-by AAMA --provider "Acme CE"
cl add --title "Coding for medical assistants" --date 2022-09-18 --points 1.5 --category administrative --approved-by AAMA --provider "County Health"
cl add --title "HIPAA refresher" --date 2023-01-11 --points 3 --category administrative --approved-by AAMA --provider "AAMA e-Learning"
cl add --title "Anatomy & Physiology I" --date 2023-02-01 --points 1 --kind college --category clinical --provider "Valley Community College"
cl add --title "BLS for healthcare providers" --date 2023-06-20 --kind cpr --provider "American Heart Association"
cl add --title "Communication with patients" --date 2023-10-05 --points 4 --category general --approved-by AAMA --provider "AAMA e-Learning"
cl add --title "Infection control" --date 2024-03-14 --points 2.5 --category clinical --approved-by AAMA --provider "Acme CE"
cl add --title "Medical law and ethics" --date 2024-08-22 --points 3 --category general --provider "State MA Society"
cl add --title "EHR workflows" --date 2025-01-30 --points 2 --category administrative --approved-by AAMA --approved-by NHA --provider "County Health"
cl add --title "Vital signs in pediatrics" --date 2025-07-09 --points 1.25 --category clinical --approved-by NHA --provider "NHA"
cl add --title "Pharmacology basics" --date 2025-11-03 --points 3 --category clinical --approved-by AAMA --approved-by NHA --provider "Acme CE"
cl add --title "Regional conference (before this cycle)" --date 2021-10-10 --points 5 --category general --provider "State MA Society"
# Proof for most of them: a description and a certificate (one file, stored once).
printf '%%PDF-1.4\n%% demo certificate\n' >"$work/certificate.pdf"
for id in 1 2 3 4 5 6 7 9 11; do
  cl edit "$id" --note "Course description and certificate kept"
  cl attach "$id" "$work/certificate.pdf"
done
cl profile --name "Jane Q. Doe"

# One Xvfb and one window per screen size; no window manager, so the window is placed and
# focused by hand, then the first frames settle.
open_window() {
  display=":$((200 + RANDOM % 200))"
  Xvfb "$display" -screen 0 "$1x$2x24" -nolisten tcp >/dev/null 2>&1 &
  pids+=($!)
  export DISPLAY=$display WGPU_BACKEND=gl
  sleep 1
  "$bin" --today "$today" >"$work/window.log" 2>&1 &
  pids+=($!)
  wid=$(timeout 60 xdotool search --sync --name "^CE Logbook$" | head -n 1)
  xdotool windowsize --sync "$wid" "$1" "$2" || true
  xdotool windowfocus --sync "$wid"
  sleep 3
}
close_window() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  pids=()
  sleep 1
}

# A click at x,y (a press and release in one instant can fall into one frame; give each its
# own), then the pointer out of the way.
click() {
  xdotool mousemove "$1" "$2"
  sleep 0.3
  xdotool mousedown 1
  sleep 0.15
  xdotool mouseup 1
  sleep 0.3
}
shoot() {
  xdotool mousemove "$1" "$2"
  sleep 1.5
  import -window root "$out/$3"
  echo "wrote assets/$3"
}

# Dark, then light, chosen in the top bar's Menu (the demo's two credentials and the path do
# not fit beside the buttons, so the bar folds them into the Menu at its right end; the theme
# buttons sit below the Menu's items, at the same place from the right edge at any width).
themes() {
  local w=$1 h=$2 name=$3
  open_window "$w" "$h"
  click $((w - 40)) 12
  click $((w - 207)) 186
  shoot $((w - 300)) $((h - 40)) "$name-dark.png"
  click $((w - 40)) 12
  click $((w - 187)) 186
  shoot $((w - 300)) $((h - 40)) "$name-light.png"
  close_window
}
themes 1280 800 screenshot
# 900x600, a small laptop's half screen.
themes 900 600 screenshot-900
