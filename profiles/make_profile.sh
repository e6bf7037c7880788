#!/bin/sh
# Remake FOGRA39L-helpline-pack.icc (see README.md). Needs Debian's argyll and icc-profiles-free.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
cp /usr/share/color/icc/FOGRA39L.ti3 "$work/"
cd "$work"
colprof -ql -kr -l300 \
  -D "helpline-pack FOGRA39L coated (from icc-profiles-free FOGRA39L.ti3)" \
  -C "Made with ArgyllCMS colprof from Kai-Uwe Behrmann's FOGRA39L.ti3 (Zlib)" FOGRA39L
cp FOGRA39L.icc "$here/FOGRA39L-helpline-pack.icc"
rm -rf "$work"
