#!/usr/bin/env bash
# Measures, under Xvfb, how long the real window takes to its first painted frame and how much
# memory it holds once the logbook is on screen: an empty logbook against 100,000 activities.
# Needs (Debian/Ubuntu): apt-get install -y xvfb xdotool imagemagick
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
bin=$PWD/target/release/ce-logbook

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

# Starts the window on $1; sets $app to its pid and $ms to the milliseconds until the middle of
# the screen is no longer one flat colour: the first painted frame (the spinner and "Opening
# your logbook…" of a large logbook, or the logbook itself, are both there).
first_frame() {
  local db=$1 start now sd
  start=$(date +%s%N)
  "$bin" --db "$db" --today "$today" >/dev/null 2>&1 &
  app=$!
  pids+=("$app")
  while :; do
    sd=$(import -window root -crop 500x90+390+95 -colorspace gray -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
    now=$(date +%s%N)
    if awk -v s="$sd" 'BEGIN { exit !(s > 0.02) }'; then break; fi
    if (( (now - start) > 60000000000 )); then echo "no frame within 60 s" >&2; exit 1; fi
  done
  ms=$(( (now - start) / 1000000 ))
}

rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

declare -A first rss
for name in empty big; do
  # Blank the screen between runs: the previous window is gone, the root is flat again.
  first_frame "$work/$name.sqlite3"
  sleep 4  # the data is on screen by now
  first[$name]=$ms
  rss[$name]=$(rss_mb "$app")
  kill "$app"; wait "$app" 2>/dev/null || true
  sleep 1
done
echo "first_frame_empty: ${first[empty]} ms"
echo "first_frame_100k: ${first[big]} ms"
echo "rss_empty: ${rss[empty]} MB"
echo "rss_100k: ${rss[big]} MB"
awk -v a="${first[big]}" -v b="${first[empty]}" 'BEGIN { r = a / b; printf "ratio first_frame_100k/empty: %.2f (target <= 1.3) %s\n", r, (r <= 1.3 ? "ok" : "MISSED") }'
awk -v a="${rss[big]}" -v b="${rss[empty]}" 'BEGIN { d = a - b; printf "memory_100k-empty: %.1f MB (target <= 60) %s\n", d, (d <= 60 ? "ok" : "MISSED") }'
