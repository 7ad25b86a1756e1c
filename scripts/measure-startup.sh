#!/usr/bin/env bash
# Whole-process start-up, from exec to the first frame drawn (the process quits once it is),
# of Rooming on a chart and of an eframe hello-world with the same eframe features, run side by
# side ten times each under a virtual X server; prints the medians, the ratio, and peak memory.
# Needs Xvfb (Debian: apt-get install xvfb).
#
# usage: scripts/measure-startup.sh [CHART]   (default: target/bench-data/10k.rooming, made on
#        first use with `rooming demo --patients 10000`; ROOMING_PASSWORD opens it)
set -euo pipefail
cd "$(dirname "$0")/.."
chart=${1:-target/bench-data/10k.rooming}
# The benchmarks' charts are synthetic; their password is the fixture's unless one is given.
export ROOMING_PASSWORD=${ROOMING_PASSWORD:-synthetic bench chart only}
cargo build --release --quiet
CARGO_TARGET_DIR=target cargo build --release --quiet --manifest-path scripts/startup-baseline/Cargo.toml
app=target/release/rooming
baseline=target/release/startup-baseline
mkdir -p "$(dirname "$chart")"
# A plain chart of an earlier version would open on its conversion screen: made again.
if [[ -e $chart ]] && head -c 15 "$chart" | grep -q "SQLite format"; then
  rm -f "$chart" "$chart"-wal "$chart"-shm "$chart".keys "$chart".signins
fi
[[ -e $chart ]] || "$app" --db "$chart" demo --patients 10000 >/dev/null
command -v Xvfb >/dev/null || { echo "Xvfb is missing (apt-get install xvfb)" >&2; exit 1; }

display=:96
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
export DISPLAY=$display
sleep 1

# Seconds from exec to exit, and peak resident memory in KiB, of one run.
run() {
  /usr/bin/time -f "%e %M" "$@" >/dev/null 2>/tmp/measure-startup.$$ || true
  tail -n 1 /tmp/measure-startup.$$
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

: >/tmp/app.$$; : >/tmp/base.$$
for _ in $(seq 10); do
  # The first frame a person sees: the sign-in screen (no password from the environment).
  run env -u ROOMING_PASSWORD "$app" --db "$chart" --exit-after-first-frame >>/tmp/app.$$
  run "$baseline" >>/tmp/base.$$
done
app_s=$(cut -d' ' -f1 /tmp/app.$$ | median)
base_s=$(cut -d' ' -f1 /tmp/base.$$ | median)
app_kb=$(cut -d' ' -f2 /tmp/app.$$ | median)
base_kb=$(cut -d' ' -f2 /tmp/base.$$ | median)
echo "start to first frame, median of 10: Rooming ${app_s} s, eframe hello-world ${base_s} s"
awk -v a="$app_s" -v b="$base_s" 'BEGIN {printf "ratio: %.2fx (goal: 1.5x or less)\n", a / b}'
echo "peak memory, median: Rooming $((app_kb / 1024)) MiB, hello-world $((base_kb / 1024)) MiB"
rm -f /tmp/app.$$ /tmp/base.$$ /tmp/measure-startup.$$
