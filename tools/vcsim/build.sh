#!/usr/bin/env bash
# Builds govmomi's vCenter simulator (vcsim) from Debian's golang-github-vmware-govmomi-dev sources, with this
# folder's main.go, into tools/vcsim/target/vcsim. Needs the Debian packages golang-go and
# golang-github-vmware-govmomi-dev (.ci/run installs them). Rebuilds only when a main.go is newer than its binary.
# Also builds target/clones (clones/main.go), the direct-clone baseline of benchmarks/vsphere.sh.
# govmomi 0.24.2's CloneVM_Task gives every clone the source's own disk device and renames it in place, so that a
# template ends up naming its last clone's disk and concurrent clones collide (FileAlreadyExists, FileNotFound); the
# build applies clone-copies-disks.patch (the clone gets a copy of the disk) to a copy of the sources.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/target/vcsim"
if [[ -x "$out" && "$out" -nt "$here/main.go" && "$out" -nt "$here/clone-copies-disks.patch" && -x "$here/target/clones" \
  && "$here/target/clones" -nt "$here/clones/main.go" ]]; then
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
mkdir -p "$work/src/github.com/vmware"
cp -r /usr/share/gocode/src/github.com/vmware/govmomi "$work/src/github.com/vmware/"
command -v patch >/dev/null || { echo "vcsim: 'patch' is missing: apt-get install patch" >&2; exit 1; }
patch -s -p1 -d "$work/src/github.com/vmware/govmomi" <"$here/clone-copies-disks.patch"
export GO111MODULE=off GOPATH="$work:/usr/share/gocode" GOCACHE="${GOCACHE:-$HOME/.cache/go-build}"
go build -o "$out.tmp" ims-vcsim
go build -o "$here/target/clones.tmp" ims-clones
mv "$out.tmp" "$out"
mv "$here/target/clones.tmp" "$here/target/clones"
echo "$out"
