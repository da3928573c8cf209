#!/usr/bin/env bash
# Start-up benchmark: time from launching a freshly unpacked distribution (first start, boot features
# resolved and installed) and from restarting it (warm) to the first 200 of GET /api/v1/system, and the
# server's resident memory right after. Method and results: docs/benchmarks.md.
# Usage: bench/startup.sh [runs]   (builds nothing: run scripts/test.sh or mvn install first)
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
dist="$root/karaf-assembly/target/org.osprey.distribution-0.1.0.tar.gz"
[ -f "$dist" ] || { echo "build the distribution first: scripts/test.sh" >&2; exit 1; }
port=39204
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

wait_up() { # prints milliseconds since $1 (ns) when the API answers
  local start=$1
  for _ in $(seq 1 600); do
    if curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/system" 2>/dev/null | grep -q 200; then
      echo $(( ($(date +%s%N) - start) / 1000000 ))
      return
    fi
    sleep 0.05
  done
  echo "timeout" >&2; exit 1
}

rss_kb() { grep VmRSS "/proc/$(pgrep -f "karaf.home=$1" | head -1)/status" | awk '{print $2}'; }

stop() {
  "$1/bin/stop" >/dev/null 2>&1 || true
  while pgrep -f "karaf.home=$1" >/dev/null; do sleep 0.2; done
}

echo "run cold_ms warm_ms rss_after_cold_MiB"
for i in $(seq 1 "$runs"); do
  rm -rf "$work/i" && mkdir -p "$work/i" && tar xzf "$dist" -C "$work/i"
  home=$(ls -d "$work"/i/*)
  sed -i "s/org.osgi.service.http.port = 29280/org.osgi.service.http.port = $port/" "$home/etc/org.ops4j.pax.web.cfg"
  # Start-up is measured on plain HTTP (the development switch): TLS set-up is part of the start either way.
  sed -i -e "s/httpPort = 29280/httpPort = $port/" -e "s/httpsPort = 29204/httpsPort = $((port + 2))/" \
    -e "s/allowPlainHttpOnLoopback = false/allowPlainHttpOnLoopback = true/" "$home/etc/org.osprey.certificates.cfg"
  sed -i "s/sshPort = 8101/sshPort = $((port + 1))/" "$home/etc/org.apache.karaf.shell.cfg"
  start=$(date +%s%N); (cd "$home" && bin/karaf server >/dev/null 2>&1 &); cold=$(wait_up "$start")
  sleep 2; rss=$(( $(rss_kb "$home") / 1024 ))
  stop "$home"
  start=$(date +%s%N); (cd "$home" && bin/karaf server >/dev/null 2>&1 &); warm=$(wait_up "$start")
  stop "$home"
  echo "$i $cold $warm $rss"
done
