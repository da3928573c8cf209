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
dist="$root/karaf-assembly/target/org.osprey.distribution-0.1.0.tar.gz"
[ -f "$dist" ] || { echo "build the distribution first: scripts/test.sh" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/osprey-seek.XXXXXX")
port_http=39290 port_https=39291 port_ssh=39292
password="bench-admin-secret"
camera="bench-seek"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
cleanup() {
  set +e
  if [ -n "${home:-}" ]; then
    "$home/bin/stop" >/dev/null 2>&1
    for _ in $(seq 1 300); do pgrep -f "karaf.home=$home" >/dev/null || break; sleep 0.2; done
  fi
  if $keep; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

log "unpacking $dist"
mkdir -p "$work/osprey" && tar xzf "$dist" -C "$work/osprey"
home=$(ls -d "$work"/osprey/*)
sed -i "s/org.osgi.service.http.port = 29280/org.osgi.service.http.port = $port_http/" "$home/etc/org.ops4j.pax.web.cfg"
sed -i -e "s/httpPort = 29280/httpPort = $port_http/" -e "s/httpsPort = 29204/httpsPort = $port_https/" \
  "$home/etc/org.osprey.certificates.cfg"
sed -i "s/sshPort = 8101/sshPort = $port_ssh/" "$home/etc/org.apache.karaf.shell.cfg"
sed -i "s/createDemoDevices = true/createDemoDevices = false/" "$home/etc/org.osprey.device.simulator.demo.cfg"
(cd "$home" && OSPREY_ADMIN_PASSWORD=$password bin/karaf server >"$work/karaf.out" 2>&1 &)
ca="$home/data/osprey/tls/ca.crt"
for _ in $(seq 1 600); do
  [ -f "$ca" ] && curl -s -o /dev/null --cacert "$ca" "https://127.0.0.1:$port_https/api/v1/system" && break
  sleep 0.2
done
token=$(curl -sS --cacert "$ca" -H 'Content-Type: application/json' \
  --data "{\"username\":\"admin\",\"password\":\"$password\"}" "https://127.0.0.1:$port_https/api/v1/auth/login" | jq -r .token)
[ -n "$token" ] && [ "$token" != null ] || { echo "login failed" >&2; exit 1; }

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
