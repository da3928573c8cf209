#!/usr/bin/env bash
# Builds Osprey and runs every test: unit tests, and integration tests against the real distribution.
# "install" rather than "verify": the SDK tests build a generated plugin project against the
# just-built SDK, which Maven finds only in the local repository.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
exec mvn -B -ntp install "$@"
