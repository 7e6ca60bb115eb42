#!/usr/bin/env bash
# perfgate's entrypoints on third-party webpack stats equal an independent reading of them.
exec python3 "$(dirname "$0")/peers_third_party_stats.py"
