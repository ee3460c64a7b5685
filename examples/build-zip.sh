#!/bin/sh
# Rebuilds examples/definitions/sha256.zip from examples/definitions-src/sha256/.
# The zip, not the folder, is what the sample registry loads: it shows a definition shipped as one
# file. Run from anywhere; needs python3.
set -eu
cd "$(dirname "$0")/definitions-src/sha256"
out=../../definitions/sha256.zip
rm -f "$out"
# Files at the zip's root, in a fixed order, so rebuilding without changes gives the same listing.
python3 -m zipfile -c "$out" definition.yaml input.schema.json output.schema.json
echo "wrote examples/definitions/sha256.zip"
