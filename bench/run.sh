#!/usr/bin/env bash
# bench/run.sh -- whole-process benchmark of `stowaway scan` against the decompression floor, measured in
# the same run on the same machine. Not part of the test suite (CI never runs it).
#
# Usage: bench/run.sh [--runs N] [CORPUS] [IMAGE...]
#   CORPUS  folder made by ../shared/scripts/build-test-images.sh (default /var/tmp/stowaway-corpus)
#   IMAGE   image names under CORPUS/oci (default: debian-app, and large when it was built with --large)
#   --runs  measurements per step (default 5); steps alternate inside each round, so noise hits all alike,
#           in an order that changes from round to round (no step always follows the same one)
#
# Steps, each a whole process with output to /dev/null, peak RSS from /usr/bin/time (the "Maximum
# resident set size" of time -v):
#   floor-tool   gzip -dc (zstd -dc for zstd layers) over every layer blob of the OCI layout
#   floor-jvm    ../shared/scripts/GzipTarFloor.java (compiled once beforehand): one JVM, one thread,
#                inflates and walks every layer once (gzip images only)
#   scan-cold    ./stowaway scan with every analyzer on and vulnerability matching against a database of
#                the shared OSV test records, layer cache off (--no-cache)
#   scan-warm    the same with a layer cache filled by one scan before the rounds (--cache-dir); skipped,
#                with a message, when the CLI has no layer cache yet
#   tiny         ./stowaway scan of a generated one-layer image (2 files): JVM start-up and CLI overhead
# The floor is the faster of floor-tool and floor-jvm. Printed: the machine (cores, load average before
# and after), a TSV row per step (median and min wall seconds, median CPU seconds user+sys, median peak
# RSS), then scan-cold/floor and scan-warm/scan-cold. The scans go through the ./stowaway launcher, so its
# JVM options (class-data sharing archive, GC) count; STOWAWAY_JAVA_OPTS overrides them.
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
for t in gzip zstd jq java javac /usr/bin/time awk sha256sum tar; do
  command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 1; }
done
STOWAWAY=$HERE/stowaway
[ -f "$HERE/scanner-cli/target/stowaway.jar" ] || (cd "$HERE" && ./mvnw -q -B -ntp -pl scanner-cli -am package -DskipTests)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/stowaway-bench.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
javac -d "$SCRATCH/floor" "$SHARED/scripts/GzipTarFloor.java"

# measure NAME CMD... : append "wall_s rss_kb cpu_s" to $SCRATCH/NAME
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$SCRATCH/time.out" "$@" >/dev/null 2>"$SCRATCH/err.out" \
    || { echo "$name failed:" >&2; cat "$SCRATCH/err.out" >&2; exit 1; }
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$SCRATCH/time.out" >> "$SCRATCH/$name"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column_of() { cut -d' ' -f"$2" "$SCRATCH/$1"; }
report() { # report IMAGE STEP: one TSV row, and STEP.med for the ratios
  local img=$1 step=$2 med min cpu rss
  med=$(column_of "$step" 1 | median); min=$(column_of "$step" 1 | sort -g | head -1)
  cpu=$(column_of "$step" 3 | median); rss=$(column_of "$step" 2 | median)
  printf '%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.0f\n' "$img" "$step" "$(wc -l < "$SCRATCH/$step")" "$med" "$min" "$cpu" \
    "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
  echo "$med" > "$SCRATCH/$step.med"
}

# A one-layer OCI layout (os-release and a dpkg status with one package) for the start-up row.
tiny_image() {
  local dir=$1 w=$SCRATCH/tiny-work diff blob cfg man
  mkdir -p "$w/root/etc" "$w/root/var/lib/dpkg" "$dir/blobs/sha256"
  printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n' > "$w/root/etc/os-release"
  printf 'Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:1.2.13.dfsg-1\n\n' \
    > "$w/root/var/lib/dpkg/status"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$w/root" -cf "$w/layer.tar" etc var
  gzip -n -c "$w/layer.tar" > "$w/layer.tar.gz"
  diff=$(sha256sum < "$w/layer.tar" | cut -d' ' -f1); blob=$(sha256sum < "$w/layer.tar.gz" | cut -d' ' -f1)
  cp "$w/layer.tar.gz" "$dir/blobs/sha256/$blob"
  printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"tiny"}]}' \
    "$diff" > "$w/config.json"
  cfg=$(sha256sum < "$w/config.json" | cut -d' ' -f1); cp "$w/config.json" "$dir/blobs/sha256/$cfg"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%d}]}' \
    "$cfg" "$(stat -c %s "$w/config.json")" "$blob" "$(stat -c %s "$w/layer.tar.gz")" > "$w/manifest.json"
  man=$(sha256sum < "$w/manifest.json" | cut -d' ' -f1); cp "$w/manifest.json" "$dir/blobs/sha256/$man"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%d}]}' \
    "$man" "$(stat -c %s "$w/manifest.json")" > "$dir/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$dir/oci-layout"
}

# The vulnerability database: the shared OSV test records (274), so matching and its SQLite reads run.
DB=$SCRATCH/db
"$STOWAWAY" db import --cache-dir "$DB" "$SHARED/testdata/osv" >/dev/null
HAS_CACHE=0
case "$("$STOWAWAY" scan --help 2>&1)" in *--no-cache*) HAS_CACHE=1 ;; esac
COLD=(--cache-dir "$DB")
if [ $HAS_CACHE = 1 ]; then COLD+=(--no-cache); fi
tiny_image "$SCRATCH/tiny"
"$STOWAWAY" scan "${COLD[@]}" -o /dev/null "oci:$SCRATCH/tiny" 2>/dev/null # first run: the launcher's CDS archive

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo) GiB, $(java -version 2>&1 | head -1)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
[ $HAS_CACHE = 1 ] || echo "# scan-warm skipped: this stowaway has no layer cache yet (scan --no-cache unknown)"
printf 'image\tstep\truns\tmedian_s\tmin_s\tmedian_cpu_s\tmedian_rss_MiB\n'
for ((i = 0; i < RUNS; i++)); do
  measure tiny-scan "$STOWAWAY" scan "${COLD[@]}" -o /dev/null "oci:$SCRATCH/tiny"
done
for img in "${IMAGES[@]}"; do
  lay=$CORPUS/oci/$img
  [ -f "$lay/index.json" ] || { echo "skip $img: no $lay" >&2; continue; }
  m=$(jq -r '.manifests[0].digest' "$lay/index.json")
  blobs=(); zstd=0
  while read -r d; do
    f="$lay/blobs/${d%%:*}/${d#*:}"; blobs+=("$f")
    if [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' ')" = 28b52ffd ]; then zstd=1; fi
  done < <(jq -r '.layers[].digest' "$lay/blobs/${m%%:*}/${m#*:}")
  steps=(floor-tool scan-cold)
  if [ $zstd = 0 ]; then steps+=(floor-jvm); fi
  if [ $HAS_CACHE = 1 ]; then steps+=(scan-warm); fi
  for s in "${steps[@]}"; do rm -f "$SCRATCH/$s"; done
  if [ $HAS_CACHE = 1 ]; then
    rm -rf "$SCRATCH/warm"; cp -r "$DB" "$SCRATCH/warm"
    "$STOWAWAY" scan --cache-dir "$SCRATCH/warm" -o /dev/null "oci:$lay" 2>/dev/null
  fi
  run_step() {
    case $1 in
      # gzip -dc / zstd -dc each decompress gzip / zstd blobs; -f lets either pass an uncompressed one through
      floor-tool) measure floor-tool bash -c 'for f in "$@"; do
          if [ "$(head -c 4 "$f" | od -An -tx1 | tr -d " ")" = 28b52ffd ]; then zstd -dc "$f"; else gzip -dcf "$f"; fi
        done' _ "${blobs[@]}" ;;
      floor-jvm) measure floor-jvm java -Druns=1 -cp "$SCRATCH/floor" GzipTarFloor "${blobs[@]}" ;;
      scan-cold) measure scan-cold "$STOWAWAY" scan "${COLD[@]}" --format json -o /dev/null "oci:$lay" ;;
      scan-warm) measure scan-warm "$STOWAWAY" scan --cache-dir "$SCRATCH/warm" --format json -o /dev/null "oci:$lay" ;;
    esac
  }
  # The order of the steps changes from round to round (a balanced Latin square, Williams' design: with 4
  # steps each one follows each other one exactly once in 4 rounds). In a fixed order a step always ran right
  # after the same other one (the warm scan after the cold one), so an after-effect of one step would have
  # hit the next one in every round. None was seen by hand (warm large-image scans right after a cold one or
  # after 3 s idle: 0.36-0.53 s both, 4 each), but the rows no longer depend on that.
  n=${#steps[@]}; first=(0)
  for ((k = 1; k < n; k++)); do
    if ((k % 2)); then first+=($(((k + 1) / 2))); else first+=($((n - k / 2))); fi
  done
  for ((i = 0; i < RUNS; i++)); do
    for ((k = 0; k < n; k++)); do
      run_step "${steps[(first[k] + i) % n]}"
    done
  done
  for s in "${steps[@]}"; do report "$img" "$s"; done
  floor=$(cat "$SCRATCH/floor-tool.med")
  [ $zstd = 1 ] || floor=$(awk -v a="$floor" -v b="$(cat "$SCRATCH/floor-jvm.med")" 'BEGIN { print (a < b) ? a : b }')
  awk -v f="$floor" -v s="$(cat "$SCRATCH/scan-cold.med")" -v img="$img" 'BEGIN { printf "%s\tscan-cold/floor\t-\t%.2f\n", img, s / f }'
  if [ $HAS_CACHE = 1 ]; then
    awk -v w="$(cat "$SCRATCH/scan-warm.med")" -v s="$(cat "$SCRATCH/scan-cold.med")" -v img="$img" \
      'BEGIN { printf "%s\tscan-warm/scan-cold\t-\t%.3f\n", img, w / s }'
  fi
done
report tiny tiny-scan
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
