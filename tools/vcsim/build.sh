#!/usr/bin/env bash
# Builds govmomi's vCenter simulator (vcsim) from Debian's golang-github-vmware-govmomi-dev sources, with this
# folder's main.go, into tools/vcsim/target/vcsim. Needs the Debian packages golang-go and
# golang-github-vmware-govmomi-dev (.ci/run installs them). Rebuilds only when main.go is newer than the binary.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/target/vcsim"
if [[ -x "$out" && "$out" -nt "$here/main.go" ]]; then
  echo "$out"
  exit 0
fi
for command in go; do
  command -v "$command" >/dev/null || { echo "vcsim: 'go' is missing: apt-get install golang-go golang-github-vmware-govmomi-dev" >&2; exit 1; }
done
[[ -d /usr/share/gocode/src/github.com/vmware/govmomi/simulator ]] \
  || { echo "vcsim: govmomi's sources are missing: apt-get install golang-github-vmware-govmomi-dev" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/ims-vcsim" "$here/target"
cp "$here/main.go" "$work/src/ims-vcsim/"
GO111MODULE=off GOPATH="$work:/usr/share/gocode" GOCACHE="${GOCACHE:-$HOME/.cache/go-build}" GOFLAGS=-mod=mod \
  go build -o "$out.tmp" ims-vcsim
mv "$out.tmp" "$out"
echo "$out"
