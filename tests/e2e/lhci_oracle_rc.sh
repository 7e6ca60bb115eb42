#!/usr/bin/env bash
# perfgate check --budget lighthouserc.json gives lhci's verdicts and values on every oracle case.
exec python3 "$(dirname "$0")/lhci_oracle.py" --lighthouserc
