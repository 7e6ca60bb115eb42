# Shared helpers for the end-to-end tests. Each tests/e2e/*.sh is one CTest test
# with $PERFGATE (the binary), $FIXTURES (tests/fixtures) and $TESTS set; run one
# by hand with:  PERFGATE=build/tool/perfgate FIXTURES=tests/fixtures TESTS=tests bash tests/e2e/X.sh
set -uo pipefail
: "${PERFGATE:?set PERFGATE to the perfgate binary}"
: "${FIXTURES:?set FIXTURES to tests/fixtures}"
PERFGATE=$(realpath "$PERFGATE")
FIXTURES=$(realpath "$FIXTURES")
[[ -n "${TESTS:-}" ]] && TESTS=$(realpath "$TESTS")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/perfgate-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PASSED=0
FAILED=0

# run ARGS...: run perfgate; sets $STATUS, $OUT (stdout file), $ERR (stderr file).
run() {
  OUT="$WORK/stdout"
  ERR="$WORK/stderr"
  "$PERFGATE" "$@" >"$OUT" 2>"$ERR"
  STATUS=$?
}

ok() { PASSED=$((PASSED + 1)); echo "ok   - $1"; }
not_ok() {
  FAILED=$((FAILED + 1))
  echo "FAIL - $1"
  [[ -n "${2:-}" ]] && echo "       $2"
  [[ -f "$WORK/stderr" ]] && sed 's/^/       stderr: /' "$WORK/stderr" | head -5
}

# expect_status N NAME
expect_status() {
  if [[ "$STATUS" == "$1" ]]; then ok "$2 (exit $1)"; else not_ok "$2" "expected exit $1, got $STATUS"; fi
}

# expect_stderr_line REGEX NAME: stderr is exactly one line and matches REGEX.
expect_stderr_line() {
  local lines
  lines=$(wc -l <"$ERR")
  if [[ "$lines" -eq 1 ]] && grep -Eq -- "$1" "$ERR"; then
    ok "$2 (one stderr line)"
  else
    not_ok "$2" "expected one stderr line matching /$1/, got $lines lines"
  fi
}

# expect_grep REGEX FILE NAME / expect_no_grep REGEX FILE NAME
expect_grep() { if grep -Eq -- "$1" "$2"; then ok "$3"; else not_ok "$3" "no /$1/ in $(basename "$2")"; fi; }
expect_no_grep() { if grep -Eq -- "$1" "$2"; then not_ok "$3" "unexpected /$1/ in $(basename "$2")"; else ok "$3"; fi; }

# expect_eq ACTUAL EXPECTED NAME
expect_eq() { if [[ "$1" == "$2" ]]; then ok "$3"; else not_ok "$3" "expected '$2', got '$1'"; fi; }

# finish: print the plain closing line and exit non-zero on any failure.
finish() {
  echo "$PASSED passed, $FAILED failed"
  [[ "$FAILED" -eq 0 ]]
}
