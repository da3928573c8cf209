#!/usr/bin/env bash
# Starts the Osprey server in the foreground with its embedded default (H2 database under run/osprey/data).
# Builds the distribution first when it is missing or older than the sources.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
version=0.1.0
dist="$root/karaf-assembly/target/org.osprey.distribution-$version.tar.gz"
home="$root/run/osprey"

if [ ! -f "$dist" ] || [ -n "$(find "$root" -path "$root/run" -prune -o -newer "$dist" \( -name '*.java' -o -name 'pom.xml' -o -name '*.xml' -o -name '*.cfg' -o -name '*.json' \) -path '*/src/*' -print -quit)" ]; then
  echo "Building Osprey (tests skipped; scripts/test.sh runs them)..."
  (cd "$root" && mvn -B -q -ntp install -DskipTests)
fi

# A new build replaces the installation but keeps the server's data and console accounts.
if [ ! -f "$home/.installed" ] || [ "$dist" -nt "$home/.installed" ]; then
  staging="$root/run/staging"
  rm -rf "$staging" && mkdir -p "$staging"
  tar xzf "$dist" -C "$staging"
  if [ -d "$home" ]; then
    [ -d "$home/data/osprey" ] && mkdir -p "$staging/org.osprey.distribution-$version/data" \
      && cp -a "$home/data/osprey" "$staging/org.osprey.distribution-$version/data/"
    cp -a "$home/etc/users.properties" "$staging/org.osprey.distribution-$version/etc/users.properties"
    rm -rf "$home"
  fi
  mv "$staging/org.osprey.distribution-$version" "$home"
  rm -rf "$staging"
  touch "$home/.installed"
fi

# The first start creates the administrator "admin" with this password; only its hash is stored.
password=""
if [ ! -d "$home/data/osprey" ]; then
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20)
  export OSPREY_ADMIN_PASSWORD="$password"
fi

cat <<MSG

  Osprey VMS $version
  REST API:  https://localhost:29204/api/v1/system   (OpenAPI: /api/v1/openapi.json)
             the server's own CA: $home/data/osprey/tls/ca.crt (curl --cacert ...)
  Console:   this terminal, or from another one: $home/bin/client -u admin
MSG
if [ -n "$password" ]; then
  echo "  Log in as 'admin' with the password $password (shown once; change it with osprey:user-passwd)."
else
  echo "  Log in as 'admin' with the password printed at the first start."
fi
echo "  Stop:      type 'shutdown -f' in the console, or Ctrl-C"
echo

if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  export JAVA_HOME
fi
# Keys, keystore passwords and the database are for the server's user only.
umask 077
cd "$home"
if [ -t 0 ]; then
  exec bin/karaf
else
  exec bin/karaf server
fi
