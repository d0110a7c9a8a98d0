#!/usr/bin/env bash
# Measures, under Xvfb, how long the real window takes to its first painted frame (the "Opening
# your logbook…" spinner), how long until the logbook's data is on screen, and how much memory
# it holds then: an empty logbook against 100,000 activities. Exits non-zero if a target is
# MISSED. Needs (Debian/Ubuntu): apt-get install -y xvfb xdotool imagemagick
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/ce-logbook

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config
today=2026-11-26

# Two logbooks: one empty but for a credential, one with 100,000 activities (imported as CSV).
for name in empty big; do
  "$bin" --db "$work/$name.sqlite3" --today "$today" credential add cma-aama --certified 2022-03-15 >/dev/null
done
python3 - "$work/big.csv" <<'PY'
import sys, datetime
start = datetime.date(2019, 12, 1)
cats = ["administrative", "clinical", "general"]
with open(sys.argv[1], "w") as f:
    f.write("title,date,points,kind,category,approved_by,provider,note\n")
    for i in range(100_000):
        d = start + datetime.timedelta(days=i * 7919 % 2550)
        f.write(f"Continuing education module {i},{d},{0.25 + (i % 12) * 0.25:.2f},course,{cats[i % 3]},AAMA,Provider {i % 40},\n")
PY
"$bin" --db "$work/big.sqlite3" --today "$today" import "$work/big.csv" >/dev/null

display=":$((200 + RANDOM % 200))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display WGPU_BACKEND=gl
sleep 1

# Milliseconds from $start until the screen region $1 (WxH+X+Y) is no longer one flat colour.
until_drawn() {
  local crop=$1 sd now
  while :; do
    sd=$(import -window root -crop "$crop" -colorspace gray -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
    now=$(date +%s%N)
    if awk -v s="$sd" 'BEGIN { exit !(s > 0.02) }'; then break; fi
    if (( (now - start) > 60000000000 )); then echo "nothing drawn in $crop within 60 s" >&2; exit 1; fi
  done
  echo $(( (now - start) / 1000000 ))
}

rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

declare -A first data rss
for name in empty big; do
  start=$(date +%s%N)
  "$bin" --db "$work/$name.sqlite3" --today "$today" >/dev/null 2>&1 &
  app=$!
  pids+=("$app")
  # The first frame: the middle of the screen shows the spinner (or already the logbook).
  first[$name]=$(until_drawn 500x90+390+95)
  # The data: the progress panel at the left ("… days left"), which is drawn in the same frame
  # as the table, only once the activities are read and progress is computed from them.
  data[$name]=$(until_drawn 300x120+10+60)
  rss[$name]=$(rss_mb "$app")
  kill "$app"; wait "$app" 2>/dev/null || true
  # The previous window is gone: the root is flat again before the next run.
  sleep 1
done
echo "first_frame_empty (the spinner): ${first[empty]} ms"
echo "first_frame_100k (the spinner): ${first[big]} ms"
echo "data_on_screen_empty: ${data[empty]} ms"
echo "data_on_screen_100k: ${data[big]} ms"
echo "rss_empty (data on screen): ${rss[empty]} MB"
echo "rss_100k (data on screen): ${rss[big]} MB"
missed=0
judge() { # name value target unit
  local verdict=ok
  if ! awk -v v="$2" -v t="$3" 'BEGIN { exit !(v <= t) }'; then verdict=MISSED; missed=1; fi
  printf '%s: %s%s (target <= %s) %s\n' "$1" "$2" "$4" "$3" "$verdict"
}
judge "ratio first_frame_100k/empty" "$(awk -v a="${first[big]}" -v b="${first[empty]}" 'BEGIN { printf "%.2f", a / b }')" 1.3 ""
judge "memory_100k-empty" "$(awk -v a="${rss[big]}" -v b="${rss[empty]}" 'BEGIN { printf "%.1f", a - b }')" 60 " MB"
exit "$missed"
