#!/usr/bin/env bash
# Builds govmomi's vCenter simulator (vcsim) from Debian's golang-github-vmware-govmomi-dev sources, with this
# folder's main.go, into tools/vcsim/target/vcsim. Needs the Debian packages golang-go and
# golang-github-vmware-govmomi-dev (.ci/run installs them). Rebuilds only when a main.go is newer than its binary.
# Also builds target/clones (clones/main.go), the direct-clone baseline of benchmarks/vsphere.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/target/vcsim"
if [[ -x "$out" && "$out" -nt "$here/main.go" && -x "$here/target/clones" && "$here/target/clones" -nt "$here/clones/main.go" ]]; then
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
mkdir -p "$work/src/ims-vcsim" "$work/src/ims-clones" "$here/target"
cp "$here/main.go" "$work/src/ims-vcsim/"
cp "$here/clones/main.go" "$work/src/ims-clones/"
export GO111MODULE=off GOPATH="$work:/usr/share/gocode" GOCACHE="${GOCACHE:-$HOME/.cache/go-build}"
go build -o "$out.tmp" ims-vcsim
go build -o "$here/target/clones.tmp" ims-clones
mv "$out.tmp" "$out"
mv "$here/target/clones.tmp" "$here/target/clones"
echo "$out"
