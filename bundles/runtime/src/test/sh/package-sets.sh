#!/usr/bin/env bash
# Checks which Debian packages the entry script demands per command, with its functions sourced and
# fake dpkg-query, id and apt-get first on PATH (nothing is installed, nothing runs as root).
# Usage: package-sets.sh PATH/TO/liverlens. Exit 0 when every check passes. Run by
# EntryScriptPackagesTest.
set -uo pipefail
script="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
fake="$(mktemp -d)"
trap 'rm -rf "$fake"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# dpkg-query -W -f='${Package} ${Status}\n' PACKAGE...: a line per package listed in $fake/installed,
# exit 1 (and nothing printed) for the others, as dpkg-query does for packages it does not know.
cat >"$fake/dpkg-query" <<'SH'
#!/bin/sh
shift 2
status=0
for pkg; do
  if grep -qx -- "$pkg" "$(dirname "$0")/installed"; then echo "$pkg install ok installed"; else status=1; fi
done
exit $status
SH
# id -u prints $FAKE_UID; apt-get records its arguments instead of installing anything.
cat >"$fake/id" <<'SH'
#!/bin/sh
echo "${FAKE_UID:-1000}"
SH
cat >"$fake/apt-get" <<'SH'
#!/bin/sh
echo "$*" >>"$(dirname "$0")/apt-get.log"
SH
chmod +x "$fake/dpkg-query" "$fake/id" "$fake/apt-get"

# run COMMAND BUILD_DUE: ensure_packages_for COMMAND in a subshell; prints stderr, returns its status.
run() {
  (
    export PATH="$fake:$PATH"
    # shellcheck source=/dev/null
    source "$script"
    PACKAGES_STAMP="$fake/packages-stamp" # each case asks dpkg-query afresh
    rm -f "$PACKAGES_STAMP"
    if [ "$2" = yes ]; then sources_changed() { return 0; }; else sources_changed() { return 1; }; fi
    ensure_packages_for "$1"
  ) 2>&1
}

runtime="$(bash -c 'source "$1" && printf "%s\n" "${RUNTIME_PACKAGES[@]}"' _ "$script")"
[ -n "$runtime" ] || fail "the script defines no RUNTIME_PACKAGES"
for test_only in orthanc orthanc-dicomweb xvfb dcmtk dicom3tools python3-pydicom maven; do
  grep -qx "$test_only" <<<"$runtime" && fail "$test_only is in the run-time set"
done

# A non-root user with the run-time packages only.
printf '%s\n' "$runtime" >"$fake/installed"
out="$(run info no)" || fail "info demanded more than the run-time packages: $out"
out="$(run --quiet no)" || fail "a bare global option demanded more than the run-time packages: $out"

out="$(run test no)"; status=$?
[ "$status" = 3 ] || fail "test with only the run-time packages gave exit $status, not 3: $out"
grep -q "orthanc" <<<"$out" || fail "test did not name orthanc as missing: $out"
grep -q "sudo apt-get install" <<<"$out" || fail "test did not say how to install: $out"

out="$(run info yes)"; status=$?
[ "$status" = 3 ] || fail "info with a build due did not ask for the build packages (exit $status): $out"
grep -q "maven" <<<"$out" || fail "info with a build due did not name maven: $out"
grep -q "orthanc" <<<"$out" && fail "info with a build due demanded orthanc: $out"

# As root with nothing installed, info installs the run-time set and nothing else.
: >"$fake/installed"
out="$(FAKE_UID=0 run info no)" || fail "root info failed: $out"
installed="$(cat "$fake/apt-get.log" 2>/dev/null)"
grep -q "install .*libgdcm-java" <<<"$installed" || fail "root info did not install the run-time set: $installed"
grep -q "orthanc\|xvfb\|maven" <<<"$installed" && fail "root info installed more than the run-time set: $installed"

[ "$failures" = 0 ] && echo "package sets: all checks passed"
exit "$failures"
