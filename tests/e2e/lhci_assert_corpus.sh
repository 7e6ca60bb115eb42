#!/usr/bin/env bash
# perfgate check gives lhci assert's verdicts on the lighthouserc corpus (tests/fixtures/lighthouse/oracle-rc/).
exec python3 "$(dirname "$0")/lhci_assert_corpus.py"
