#!/usr/bin/env bash
# Seek benchmark: playback start at random instants over a week of recordings, end to end through the real
# distribution's playback endpoint over HTTPS. Results: docs/benchmarks.md.
#
# Method
#  - Recordings: one 60 s Matroska segment (320x180, 15 fps, H.264 with a keyframe every second, no
#    B-frames) is encoded once with Debian's ffmpeg, tagged as the recorder tags its files; bench/make-segments.py
#    copies it DAYS x 1,440 times into the storage folder of a freshly unpacked distribution, each copy with its
#    own start tag, so the camera has DAYS of contiguous 60 s segments. POST /api/v1/recordings/reindex then
#    builds the index from the files' tags and packets, as after a lost database.
#  - Requests: bench/seek-probe.py picks instants uniformly over the recorded span (fixed seed), opens a TLS
#    connection, then times GET /api/v1/media/cameras/{id}/playback?at=..&end=at+5s as the administrator, to
#    the response headers and to the first byte of the first 'mdat' (the first byte of video). WARMUP requests
#    go first and are not counted; then REQUESTS are. The segment files are in the page cache (just written).
#
# Usage: bench/seek.sh [-d DAYS] [-r REQUESTS] [-w WARMUP] [-k]
#   -k keeps the work folder and prints its path.
# Builds nothing: run scripts/test.sh or mvn install first. Needs ffmpeg, curl, jq and python3.
set -euo pipefail

days=7 requests=200 warmup=20 keep=false
while getopts "d:r:w:k" opt; do
  case $opt in
    d) days=$OPTARG ;; r) requests=$OPTARG ;; w) warmup=$OPTARG ;; k) keep=true ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/osprey-seek.XXXXXX")
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
camera="bench-seek"

cleanup() {
  set +e
  osprey_stop
  if $keep; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

osprey_unpack 39290
osprey_start

log "making $days days of 60 s segments"
template="$work/template.mkv"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=320x180:rate=15" -t 60 -c:v libx264 \
  -preset veryfast -pix_fmt yuv420p -b:v 80k -g 15 -keyint_min 15 -sc_threshold 0 -bf 0 -f matroska -write_crc32 0 \
  -metadata OSPREY_CAMERA=$camera -metadata OSPREY_DEVICE=$camera -metadata OSPREY_TYPE=CONTINUOUS \
  -metadata OSPREY_START=2000-01-01T00:00:00.000000Z "$template"
count=$((days * 1440))
# The week ends an hour ago, on a whole minute.
first=$(( ($(date +%s) - 3600) / 60 * 60 - count * 60 ))
/usr/bin/python3 "$root/bench/make-segments.py" "$template" "$home/data/osprey/recordings" "$camera" "$first" \
  "$count" 60
log "reindexing $count files"
began=$(date +%s%N)
curl -sS --cacert "$ca" -H "Authorization: Bearer $token" -X POST --max-time 3600 \
  "https://127.0.0.1:$port_https/api/v1/recordings/reindex" > "$work/reindex.json"
reindex_s=$(( ($(date +%s%N) - began) / 1000000 ))
jq -c . "$work/reindex.json" >&2

log "$warmup + $requests playback starts"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
/usr/bin/python3 "$root/bench/seek-probe.py" "$ca" "$port_https" "$token" "$camera" "$first" \
  "$((first + count * 60 - 6))" "$requests" "$warmup" > "$work/times.txt"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

percentiles() { # column
  sort -n -k"$1" "$work/times.txt" | awk -v c="$1" '{ v[NR] = $c } END {
    p = "p50 p95 p99"; split("50 95 99", q, " "); split(p, name, " ")
    for (i = 1; i <= 3; i++) { k = int((q[i] / 100) * NR + 0.999999); if (k < 1) k = 1; printf "%s %.1f ms  ", name[i], v[k] }
    printf "max %.1f ms\n", v[NR] }'
}
cat <<EOF
date (UTC)               $(date -u +%Y-%m-%dT%H:%MZ)
machine                  $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)
command                  bench/seek.sh -d $days -r $requests -w $warmup
load average             start $load_start, end $load_end
recordings               $count segments of 60 s ($days days), reindexed in $((reindex_s / 1000)) s
to response headers      $(percentiles 1)
to first byte of video   $(percentiles 2)
EOF
