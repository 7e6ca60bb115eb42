#!/usr/bin/env bash
# perfgate's entrypoints on real webpack stats of many shapes equal an independent reading of them.
exec python3 "$(dirname "$0")/peers_webpack_shapes.py"
