#!/bin/sh
# The embedded CI check of issue 5: export a trained model as a header, build a program that includes only that
# header, the test images and nnstatic's embedded inference header with -Os -fno-exceptions -fno-rtti, run it on
# test images, require its predictions to equal the float model's, and print its code and data size.
#
#   ci_check.sh EXPORT_MODEL_EXE CXX SOURCE_DIR WORK_DIR [export_model arguments...]
#
# Without extra arguments it trains the tiny network for 300 steps (seconds) and checks 200 test images.
set -eu
if [ $# -lt 4 ]; then
  echo "usage: $0 EXPORT_MODEL_EXE CXX SOURCE_DIR WORK_DIR [export_model arguments...]" >&2
  exit 2
fi
export_model=$1 cxx=$2 source_dir=$3 work=$4
shift 4
[ $# -gt 0 ] || set -- --network tiny --steps 300 --images 200

rm -rf "$work"
mkdir -p "$work"
echo "== export: $export_model $* --out $work"
"$export_model" "$@" --out "$work"

echo "== build: $cxx -std=c++20 -Os -fno-exceptions -fno-rtti"
"$cxx" -std=c++20 -Os -fno-exceptions -fno-rtti -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow \
  -Werror -I "$source_dir/include" -I "$work" "$source_dir/examples/embedded/classify.cpp" -o "$work/classify"

echo "== run"
"$work/classify"

echo "== size (text = code and constant data incl. weights; data + bss = RAM)"
size "$work/classify"
