#!/usr/bin/env bash
# Fuzzes one Jazzer target for a while (coverage-guided), starting from its seeds.
#   scripts/fuzz.sh <module> <TestClass> [seconds]      e.g. scripts/fuzz.sh analyzers-os DpkgStatusFuzzTest 300
# Crashes are written as crash-<sha1> files into <module>/ and reproduced by the same command;
# keep one by moving it to <module>/src/test/resources/<package>/<TestClass>Inputs/fuzzTarget/
# (then the normal build runs it). The growing corpus is kept in <module>/.cifuzz-corpus/ (git-ignored).
set -euo pipefail
module=$1 target=$2 seconds=${3:-300}
cd "$(dirname "$0")/.."
# ../shared from the main checkout, ../../shared from a worktree under /work/wt.
shared=${STOWAWAY_SHARED:-$( [ -d ../shared ] && cd ../shared || cd ../../shared; pwd)}
# -Xmx512m: an input that makes a parser allocate without bound shows up as an OutOfMemoryError finding.
# -Djazzer.hooks=true turns the coverage instrumentation on; the build default (false) keeps regression runs fast.
# The @FuzzTest's maxDuration (5m) is the upper bound; timeout (seconds + ~45 s of build) ends shorter runs; the corpus is kept.
JAZZER_FUZZ=1 timeout --signal=INT "$((seconds + 45))" ./mvnw -o -q -pl "$module" -am test \
  -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.hooks=true \
  -Dstowaway.shared="$shared" -DtrimStackTrace=false -DargLine="-Xmx512m -Xss1m"
