#!/usr/bin/env bash
# bench/run.sh -- whole-process benchmark of `stowaway scan` against the decompression floor, measured in
# the same run on the same machine. Not part of the test suite (CI never runs it).
#
# Usage: bench/run.sh [--runs N] [CORPUS] [IMAGE...]
#   CORPUS  folder made by ../shared/scripts/build-test-images.sh (default /var/tmp/stowaway-corpus)
#   IMAGE   image names under CORPUS/oci (default: debian-app, and large when it was built with --large)
#   --runs  measurements per step (default 5); steps alternate inside each round, so noise hits all alike
#
# Steps, each a whole process with output to /dev/null:
#   floor-gzip   gzip -dc over every gzip layer blob of the OCI layout
#   floor-jvm    ../shared/scripts/GzipTarFloor.java (compiled once beforehand): one JVM, one thread,
#                inflates and walks every layer once
#   scan-cold    stowaway scan --skip-db of the OCI layout, every analyzer on, no cache
# The floor is the faster of floor-gzip and floor-jvm. Printed: a TSV row per step (median and min seconds,
# median peak RSS from /usr/bin/time), then scan/floor. A warm-cache row comes with the layer cache.
set -Eeuo pipefail
RUNS=5
[ "${1:-}" = "--runs" ] && { RUNS=$2; shift 2; }
CORPUS=${1:-/var/tmp/stowaway-corpus}
[ $# -gt 0 ] && shift
HERE=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${STOWAWAY_SHARED:-$HERE/../shared}
IMAGES=("$@")
if [ ${#IMAGES[@]} -eq 0 ]; then
  IMAGES=(debian-app)
  [ -d "$CORPUS/oci/large" ] && IMAGES+=(large)
fi
for t in gzip jq java /usr/bin/time awk; do command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 1; }; done
JAR=$HERE/scanner-cli/target/stowaway.jar
[ -f "$JAR" ] || (cd "$HERE" && ./mvnw -q -B -ntp -DskipTests install)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/stowaway-bench.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
javac -d "$SCRATCH/floor" "$SHARED/scripts/GzipTarFloor.java"

# measure NAME CMD... : append "seconds rss_kb" to $SCRATCH/NAME
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$SCRATCH/time.out" "$@" >/dev/null 2>"$SCRATCH/err.out" \
    || { echo "$name failed:" >&2; cat "$SCRATCH/err.out" >&2; exit 1; }
  cat "$SCRATCH/time.out" >> "$SCRATCH/$name"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf 'image\tstep\truns\tmedian_s\tmin_s\tmedian_rss_MiB\n'
for img in "${IMAGES[@]}"; do
  lay=$CORPUS/oci/$img
  [ -f "$lay/index.json" ] || { echo "skip $img: no $lay" >&2; continue; }
  m=$(jq -r '.manifests[0].digest' "$lay/index.json")
  blobs=()
  while read -r d; do blobs+=("$lay/blobs/${d%%:*}/${d#*:}"); done \
    < <(jq -r '.layers[].digest' "$lay/blobs/${m%%:*}/${m#*:}")
  rm -f "$SCRATCH"/floor-gzip "$SCRATCH"/floor-jvm "$SCRATCH"/scan-cold
  for ((i = 0; i < RUNS; i++)); do
    measure floor-gzip bash -c 'for f in "$@"; do gzip -dc "$f"; done' _ "${blobs[@]}"
    measure floor-jvm java -Druns=1 -cp "$SCRATCH/floor" GzipTarFloor "${blobs[@]}"
    measure scan-cold java -jar "$JAR" scan --skip-db --format json -o /dev/null "oci:$lay"
  done
  for step in floor-gzip floor-jvm scan-cold; do
    med=$(cut -d' ' -f1 "$SCRATCH/$step" | median)
    min=$(cut -d' ' -f1 "$SCRATCH/$step" | sort -g | head -1)
    rss=$(cut -d' ' -f2 "$SCRATCH/$step" | median)
    printf '%s\t%s\t%s\t%.2f\t%.2f\t%.0f\n' "$img" "$step" "$RUNS" "$med" "$min" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
    echo "$med" > "$SCRATCH/$step.med"
  done
  awk -v g="$(cat "$SCRATCH/floor-gzip.med")" -v j="$(cat "$SCRATCH/floor-jvm.med")" -v s="$(cat "$SCRATCH/scan-cold.med")" -v img="$img" \
    'BEGIN { f = (g < j) ? g : j; printf "%s\tscan-cold/floor\t-\t%.2f\t-\t-\n", img, s / f }'
done
