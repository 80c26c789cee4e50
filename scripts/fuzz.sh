#!/usr/bin/env bash
# Fuzzes one Jazzer target (coverage-guided), starting from its seeds and the corpus of earlier runs.
#   scripts/fuzz.sh <module> <TestClass> [rounds]      e.g. scripts/fuzz.sh analyzers-os DpkgStatusFuzzTest 20
# Each round is one 90 s fuzzing run (the @FuzzTest maxDuration in FuzzTarget) that resumes from the corpus
# in <module>/.cifuzz-corpus/ (git-ignored), so N rounds fuzz for about N x 90 s.
# A crash stops the round; Jazzer writes the input into
# <module>/src/test/resources/<package>/<TestClass>Inputs/fuzzTarget/crash-<sha1>, where the normal build
# (regression mode) runs it from then on: fix the bug and keep the file as the reproducer.
set -euo pipefail
module=$1 target=$2 rounds=${3:-1}
cd "$(dirname "$0")/.."
# ../shared from the main checkout, ../../shared from a worktree under /work/wt.
shared=${STOWAWAY_SHARED:-$( [ -d ../shared ] && cd ../shared || cd ../../shared; pwd)}
# Jazzer's RegexInjection sanitizer reports every PatternSyntaxException of Pattern.compile. A secret rule
# file's regexes come from the user by design and a bad one is a clean IllegalArgumentException (tested), so
# the sanitizer is off for the rule-file target only; every other target keeps it.
hooks_off=
case $target in
  SecretRulesFuzzTest) hooks_off=-Djazzer.disabled_hooks=com.code_intelligence.jazzer.sanitizers.RegexInjection ;;
esac
for ((i = 1; i <= rounds; i++)); do
  # -Djazzer.hooks=true turns the coverage instrumentation on (the build default, false, keeps regression runs fast).
  # -Xmx512m: an input that makes a parser allocate without bound shows up as an OutOfMemoryError finding.
  JAZZER_FUZZ=1 ./mvnw -o -q -pl "$module" -am test \
    -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.hooks=true \
    -Dstowaway.shared="$shared" -DtrimStackTrace=false -DargLine="-Xmx512m -Xss1m $hooks_off"
done
