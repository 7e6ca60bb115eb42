"""The check lines of the Python end-to-end tests: 'ok   - name' or 'FAIL - name detail',
counted, and a summary that sets the exit status (the shell tests' lib.sh does the same)."""
import sys

passed = failed = 0


def check(ok, name, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   - {name}")
    else:
        failed += 1
        print(f"FAIL - {name} {detail}")


def finish(prefix=""):
    print(f"{prefix}{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
