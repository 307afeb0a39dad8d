# Helpers for guest suites (sourced inside the guest, bash). Every check
# names what it checked; the first failure ends the suite with status 1.
set -euo pipefail
suite=${0##*/}
step() { echo "--- $suite: $*"; }
fail() { echo "FAIL [$suite]: $*" >&2; exit 1; }
pass() { echo "PASS [$suite]"; exit 0; }
expect_eq() { [[ $1 == "$2" ]] || fail "$3: got '$1', expected '$2'"; }
expect_match() { [[ $1 =~ $2 ]] || fail "$3: '$1' does not match /$2/"; }
expect_fail() { if eval "$1" >/dev/null 2>&1; then fail "$2: '$1' succeeded"; fi; }
# expect_quiet_dmesg MARK PATTERN WHAT: shows what the kernel logged after
# line MARK of dmesg (taken with `dmesg | wc -l`) and fails the suite if any
# of it matches PATTERN (grep -iE).
expect_quiet_dmesg() {
	local new
	new=$(dmesg | tail -n +$(($1 + 1)))
	[[ -n $new ]] && printf 'dmesg since the set-up:\n%s\n' "$new"
	if grep -qiE "$2" <<<"$new"; then fail "kernel messages $3"; fi
}
