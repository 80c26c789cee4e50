#!/usr/bin/env bash
# bench/secrets.sh -- MB/s of the secret rule engine on one core, with and without the keyword prefilter.
# Not part of the test suite (CI never runs it). See SecretScanBenchmark's javadoc.
#
# Usage: bench/secrets.sh [ROOTFS] [--max-mb N] [--rounds N] [--per-rule] [--prefilter-only]
#                         [--compare-anchoring] [--skip-system-dirs]
#   ROOTFS    an unpacked root filesystem (default /var/tmp/stowaway-corpus/rootfs/debian-app)
#   --max-mb  measure about N MB of it (every k-th file); default all
#   --rounds  timed rounds per mode after one warm-up round, best one reported (default 3)
#   --per-rule        each rule alone: the ten slowest (to find rules worth tuning)
#   --prefilter-only  skip the slow run without the prefilter
#   --compare-anchoring  with the prefilter, rules tried only near keyword occurrences vs over the whole text
#   --skip-system-dirs   only the files the analyzer selects by default (system directories skipped); without
#                        it, every file it selects with system directories scanned (the same bytes as before)
set -Eeuo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
./mvnw -q -o -pl analyzers-secrets -am test-compile
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
./mvnw -q -o -pl analyzers-secrets dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$CP_FILE" >/dev/null
# this worktree's classes first, ahead of any installed SNAPSHOT jars
CP="analyzers-secrets/target/test-classes:analyzers-secrets/target/classes:scanner-api/target/classes:$(cat "$CP_FILE")"
exec java ${JAVA_OPTS:-} -Xmx2g -XX:ActiveProcessorCount=1 -cp "$CP" dev.stowaway.analyzers.secrets.SecretScanBenchmark "$@"
