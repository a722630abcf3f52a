#!/usr/bin/env bash
# Checks the entry script's cold-start settings against the assembled runtime folder: ensure_cds makes
# a class-data sharing archive that the JVM accepts (-Xshare:on fails on an unusable one), and short
# commands get C1 only while segment keeps both compilers.
# Usage: cold-start.sh PATH/TO/liverlens DIST. Exit 0 when every check passes. Run by EntryScriptColdStartIT.
set -uo pipefail
script="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
dist="$(cd "$2" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

out="$(
  # shellcheck source=/dev/null
  source "$script"
  DIST="$dist"
  CDS_ARCHIVE="$work/liverlens.jsa"
  ensure_cds 2>&1
  [ -f "$CDS_ARCHIVE" ] || { echo "no archive made"; exit 1; }
  java -Xshare:on -XX:SharedArchiveFile="$CDS_ARCHIVE" -cp "$DIST/lib/*" org.liverlens.core.cli.Main --version 2>&1 \
    || { echo "the JVM refused the archive"; exit 1; }
  opts="$(cold_start_opts info)"
  grep -qx -- "-XX:SharedArchiveFile=$CDS_ARCHIVE" <<<"$opts" || { echo "info does not use the archive: $opts"; exit 1; }
  grep -qx -- "-XX:TieredStopAtLevel=1" <<<"$opts" || { echo "info is not C1 only: $opts"; exit 1; }
  ! grep -q -- "TieredStopAtLevel" <<<"$(cold_start_opts segment)" || { echo "segment lost C2"; exit 1; }
  touch "$CDS_ARCHIVE"
  before="$(stat -c %Y "$CDS_ARCHIVE")"
  ensure_cds
  [ "$(stat -c %Y "$CDS_ARCHIVE")" = "$before" ] || { echo "an up-to-date archive was made again"; exit 1; }
)" || fail "$out"

[ "$failures" = 0 ] && echo "cold start: all checks passed"
exit "$failures"
