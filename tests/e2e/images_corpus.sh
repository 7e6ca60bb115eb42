#!/usr/bin/env bash
# perfgate images convert on the corpus of every PNG/JPEG flavour (tests/fixtures/images/corpus/,
# written by its make-corpus from Debian-packaged pictures and profiles; MANIFEST.md):
# every output decoded with dwebp/avifdec and held to the source as a browser shows it
# (orientation, colour management), refusals held to their real reasons.
# Debian's python3 (PIL, numpy from apt), not whatever python3 comes first on PATH.
set -euo pipefail
scratch=$(mktemp -d "${TMPDIR:-/tmp}/perfgate-corpus.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
/usr/bin/python3 "$(dirname "$0")/images_corpus.py" "$PERFGATE" "$FIXTURES/images/corpus" "$scratch"
