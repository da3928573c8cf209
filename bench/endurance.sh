#!/usr/bin/env bash
# Endurance benchmark: N cameras recorded by Osprey alone for a long time, the issue's "150 streams on
# 2 cores for an hour with no frame lost". Results: docs/benchmarks.md.
#
# Method
#  - Source as in bench/ingest.sh: a 1080p30 H.264 4 Mbit/s clip (GOP 1 s) served by GStreamer's RTSP
#    server on 127.0.0.1, paced in real time. The N cameras share MOUNTS mounts (camera i reads
#    /s((i - 1) % MOUNTS + 1)): each camera still has its own RTSP session and TCP connection, but the
#    server demuxes MOUNTS files instead of N and leaves the cores to the recorder. No ffmpeg peer runs
#    (bench/ingest.sh compares with it); 150 of them would need a core of their own.
#  - Osprey: a fresh distribution, demo cameras off, shipped settings except the storage's allocation
#    (ALLOCATION GiB): 150 streams at 4 Mbit/s write 270 GB an hour, so the oldest recordings are deleted
#    while the run goes on, as on any full system. Cameras are added through REST as `osprey.stream`.
#  - Once every camera records, WARMUP s pass; then every INTERVAL s, for DURATION s: Osprey's CPU over the
#    interval (utime+stime of the JVM, % of one core, and per stream), its RSS, the RTSP server's CPU and the
#    load average, a line each on the standard output and in samples.tsv in the work folder.
#  - Frames lost, three ways, over the whole run:
#    1. RTP packets lost, as Osprey's RTSP client counts them from sequence numbers and logs them ("RTP
#       packets lost" warnings): whatever the network or the camera side dropped.
#    2. Whatever Osprey itself did not record: every warning and error Osprey logs during the run (recorder
#       overloads and refused packets, lost connections, storage problems) is counted and the first shown.
#    3. The frames of the segment files still on disk after a clean stop, placed by their start tags,
#       must follow each other at exactly 30 a second (bench/count-frames.py), and no camera's timeline
#       shows a gap from its first retained segment to the stop.
#
# Usage: bench/endurance.sh [-n STREAMS] [-d SECONDS] [-s MOUNTS] [-a ALLOCATION_GIB] [-i INTERVAL] [-w WARMUP] [-k]
#   -k keeps the work folder (recordings, logs, samples) and prints its path.
# Builds nothing: run scripts/test.sh or mvn install first. Needs ffmpeg, ffprobe, jq, curl, python3-gi and
# gir1.2-gst-rtsp-server-1.0 (scripts/install-packages.sh), and ALLOCATION + 5 GiB of free disk.
set -euo pipefail

streams=150 duration=3600 mounts=30 allocation=40 interval=60 warmup=60 keep=false
while getopts "n:d:s:a:i:w:k" opt; do
  case $opt in
    n) streams=$OPTARG ;; d) duration=$OPTARG ;; s) mounts=$OPTARG ;; a) allocation=$OPTARG ;;
    i) interval=$OPTARG ;; w) warmup=$OPTARG ;; k) keep=true ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
  esac
done
[ "$mounts" -le "$streams" ] || mounts=$streams

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${BENCH_CACHE:-${TMPDIR:-/tmp}/osprey-bench}
mkdir -p "$cache"
work=$(mktemp -d "${TMPDIR:-/tmp}/osprey-endurance.XXXXXX")
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
fps=30
port_rtsp=39303

cleanup() {
  set +e
  [ -n "${rtsp:-}" ] && kill -INT "$rtsp" 2>/dev/null
  osprey_stop
  if $keep; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

long=$(long_source "$cache" $(( (warmup + duration + streams + 300) / 60 + 1 )))

osprey_unpack 39300
sed -i "s|^storages = .*|storages = main=\${karaf.data}/osprey/recordings:$allocation|" \
  "$home/etc/org.osprey.recording.cfg"
echo "load average before: $(loadavg)"
osprey_start
log "Osprey up (pid $jvm)"
start_cameras "$long" "$mounts" "$port_rtsp"

ids=()
for i in $(seq 1 "$streams"); do
  ids+=("$(add_stream_camera "bench-$i" "rtsp://127.0.0.1:$port_rtsp/s$(( (i - 1) % mounts + 1 ))")")
done
log "waiting until all $streams cameras record"
for _ in $(seq 1 300); do
  ok=0
  for id in "${ids[@]}"; do
    [ "$(api GET "/cameras/$id/recording" | jq -r .recording)" = true ] && ok=$((ok + 1))
  done
  [ "$ok" = "$streams" ] && break
  sleep 1
done
[ "$ok" = "$streams" ] || log "only $ok of $streams cameras record after 300 s; measuring anyway"
log "warm-up $warmup s, then $duration s in samples of $interval s"
sleep "$warmup"
log_lines_before=$(wc -l < "$home/data/log/karaf.log")

began=$(date +%s)
first_ticks=$(ticks "$jvm") first_rtsp=$(ticks "$rtsp")
previous=$first_ticks previous_rtsp=$first_rtsp max_rss=0
printf 'elapsed_s\tosprey_cpu_pct\tper_stream_pct\tosprey_rss_mib\trtsp_cpu_pct\tload_1min\n' | tee "$work/samples.tsv"
while [ $(( $(date +%s) - began )) -lt "$duration" ]; do
  sleep "$interval"
  now=$(ticks "$jvm") now_rtsp=$(ticks "$rtsp") rss=$(rss_kib "$jvm")
  [ "$rss" -gt "$max_rss" ] && max_rss=$rss
  printf '%d\t%s\t%s\t%d\t%s\t%s\n' $(( $(date +%s) - began )) "$(pct $((now - previous)) "$interval")" \
    "$(pct $((now - previous)) "$interval" "$streams")" $((rss / 1024)) "$(pct $((now_rtsp - previous_rtsp)) "$interval")" \
    "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$work/samples.tsv"
  previous=$now previous_rtsp=$now_rtsp
done
elapsed=$(( $(date +%s) - began ))
total=$(( previous - first_ticks ))
heap=$(jcmd "$jvm" GC.heap_info 2>/dev/null | awk '/garbage-first heap|total/ { for (i = 1; i <= NF; i++) {
    if ($i == "total") t = $(i + 1); if ($i == "used") u = $(i + 1) } } END { gsub(",", "", t); gsub(",", "", u);
    printf "committed %d MiB, used %d MiB", t / 1024, u / 1024 }')

# Timelines up to now: from each camera's oldest retained segment, no gap of any cause.
now_iso=$(date -u +%Y-%m-%dT%H:%M:%SZ)
from_iso=$(date -u -d "@$(( began - warmup - 600 ))" +%Y-%m-%dT%H:%M:%SZ)
osprey_login
gaps=0 unread=0
for id in "${ids[@]}"; do
  timeline=$(api GET "/cameras/$id/timeline?from=$from_iso&to=$now_iso")
  if n=$(jq -e '[.spans[0].start as $s | .gaps[] | select(.start >= $s)] | length' <<<"$timeline" 2>/dev/null); then
    gaps=$((gaps + n))
  else
    unread=$((unread + 1))
    log "no timeline for camera $id: $(cut -c1-200 <<<"$timeline")"
  fi
done

log "stopping; counting losses"
osprey_stop
kill -INT "$rtsp" 2>/dev/null || true
tail -n +"$((log_lines_before + 1))" "$home/data/log/karaf.log" > "$work/run.log" || true
rtp_lost=$(grep -c 'RTP packets lost' "$work/run.log" || true)
rtp_packets=$( (grep -oP '\| Device .*?: \K[0-9]+(?= RTP packets lost)' "$work/run.log" || true) | awk '{ s += $1 } END { print s + 0 }')
# Warnings and errors while recording, before the stop began.
grep -E '\| (WARN|ERROR) ' "$work/run.log" | grep -v 'shutting down\|Stopping' > "$work/problems.log" || true
problems=$(wc -l < "$work/problems.log")

# ffprobe reads one file at a time: one counter per core.
mkdir -p "$work/frames"
for id in "${ids[@]}"; do
  count_recorded_frames "$id" $fps >"$work/frames/$id" 2>>"$work/frames/$id.holes" &
  [ "$(jobs -rp | wc -l)" -lt "$(nproc)" ] || wait -n || true
done
wait
frames=0 missing=0
for id in "${ids[@]}"; do
  read -r f m <"$work/frames/$id"
  frames=$((frames + f)) missing=$((missing + m))
done
cat "$work"/frames/*.holes >"$work/holes.log"
retained=$(du -sh "$home/data/osprey/recordings" | cut -f1)

cat <<EOF
date (UTC)               $(date -u +%Y-%m-%dT%H:%MZ)
machine                  $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)
command                  bench/endurance.sh -n $streams -d $duration -s $mounts -a $allocation -i $interval -w $warmup
streams                  $streams x 1080p30 H.264 4 Mbit/s, RTSP/TCP on loopback, from $mounts server mounts
measured                 $elapsed s after $warmup s of warm-up
osprey CPU               $(pct "$total" "$elapsed") % of a core in all, $(pct "$total" "$elapsed" "$streams") % per stream (mean over the run)
osprey RSS               $((max_rss / 1024)) MiB at most; Java heap at the end: $heap
rtsp server CPU          $(pct $((previous_rtsp - first_rtsp)) "$elapsed") % of a core in all
RTP packets lost         $rtp_packets ($rtp_lost reports)
warnings and errors      $problems during the run$( [ "$problems" -gt 0 ] && printf '; first: %s' "$(head -1 "$work/problems.log" | cut -c1-200)")
timeline gaps            $gaps (from each camera's oldest retained segment to the stop)$( [ "$unread" -gt 0 ] && printf '; %d timelines unreadable' "$unread")
retained segment files   $retained on disk: $frames frames, $missing missing between them
EOF
