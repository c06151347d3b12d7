#!/usr/bin/env bash
# The one test command (README, CI): vet, the whole suite with the race
# detector (including end-to-end tests of the real binary and the kill -9
# crash test), then every fuzz target for a short time.
# Needs only Go (modules come from the Go module proxy).
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME="${FUZZTIME:-8s}"

echo "== go vet"
go vet ./...

echo "== go test -race"
go test -race -count=1 -timeout 30m ./...

echo "== fuzz (${FUZZTIME} each)"
# Every `func FuzzXxx(` in a _test.go file, run alone in its package.
grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r file; do
  pkg="./$(dirname "${file#./}")"
  for target in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //'); do
    echo "-- $pkg $target"
    go test -run='^$' -fuzz="^${target}\$" -fuzztime="$FUZZTIME" -fuzzminimizetime=5s "$pkg"
  done
done
echo "== all tests passed"
