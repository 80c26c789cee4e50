#!/usr/bin/env bash
# bench/large-heap-check.sh -- the large corpus image scans under a 128 MiB heap. A CI step, not a unit
# test: building the --large image takes 20+ minutes, so CI does not build it and this check runs only
# where it exists (it prints why it skipped otherwise). Asserts success and the result's counts only;
# speed is the benchmark's business (bench/run.sh).
#
# Usage: bench/large-heap-check.sh [CORPUS]   (default /var/tmp/stowaway-corpus)
# Needs the built CLI (scanner-cli/target/stowaway.jar) and jq. Exit 0 on success or skip, 1 on failure.
set -Eeuo pipefail
CORPUS=${1:-/var/tmp/stowaway-corpus}
HERE=$(cd "$(dirname "$0")/.." && pwd)
lay=$CORPUS/oci/large
want=$CORPUS/expected/large.json
if [ ! -f "$lay/index.json" ] || [ ! -f "$want" ]; then
  echo "large-heap-check: skipped, no large image at $lay (build it with ../shared/scripts/build-test-images.sh --large)"
  exit 0
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/stowaway-large.XXXXXX")
trap 'rm -rf "$out"' EXIT
fail() { echo "large-heap-check: FAILED: $*" >&2; exit 1; }

# The layer cache (when the CLI has one) is kept out of it: this is a cold scan.
extra=()
case "$("$HERE/stowaway" scan --help 2>&1)" in *--no-cache*) extra+=(--no-cache) ;; esac
start=$(date +%s)
STOWAWAY_JAVA_OPTS="-XX:+UseSerialGC -Xmx128m" /usr/bin/time -f "%e s wall, %M KiB peak RSS" -o "$out/time" \
  "$HERE/stowaway" scan --skip-db "${extra[@]}" --format json -o "$out/large.json" "oci:$lay" 2> "$out/err" \
  || { cat "$out/err" >&2; fail "scan exited non-zero under -Xmx128m"; }

layers=$(jq '.artifact.layers | length' "$out/large.json")
dpkg=$(jq '[.packages[] | select(.purl // "" | startswith("pkg:deb/"))] | length' "$out/large.json")
want_layers=$(jq '.layers | length' "$want")
want_dpkg=$(jq '.dpkg_packages' "$want")
[ "$layers" = "$want_layers" ] || fail "$layers layers, expected $want_layers"
[ "$dpkg" = "$want_dpkg" ] || fail "$dpkg dpkg packages, expected $want_dpkg"
grep -qi 'OutOfMemoryError' "$out/err" "$out/large.json" && fail "OutOfMemoryError reported"
echo "large-heap-check: ok in $(( $(date +%s) - start )) s: $layers layers, $dpkg dpkg packages," \
  "$(jq '.packages | length' "$out/large.json") packages, $(jq '.findings | length' "$out/large.json") findings," \
  "$(jq '.issues | length' "$out/large.json") issues; $(cat "$out/time")"
