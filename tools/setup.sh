#!/usr/bin/env bash
# Installs the Debian packages that IMS and its tests run for real (`./ims setup` runs this): qemu-img and prlimit,
# which the image-worker needs, and what the tests drive besides (the OpenStack command-line clients, Chromium,
# Debian's Python with the subscriber's modules, Go and govmomi's sources for the vCenter simulator).
# For Debian 12 or newer (its default JDK is 17 or newer); asks for sudo unless run as root; installs only what is
# missing, so it is safe to run again. With --check it installs nothing: it lists the missing packages, and fails if
# there are any.
# A test whose tool is missing fails with one line naming the package (core/src/test/.../testing/SystemTool.java, which
# lists the same packages).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "setup: installing Debian packages needs root: run ./ims setup as root, or install sudo" >&2
    exit 1
  fi
}

# command -> Debian package that provides it
declare -A packages=(
  [qemu-img]=qemu-utils
  [prlimit]=util-linux
  [javac]=default-jdk-headless
  [glance]=python3-glanceclient
  [openstack]=python3-openstackclient
  [go]=golang-go
  [patch]=patch
)
# file the tests run by its path -> Debian package that provides it
declare -A files=(
  [/usr/bin/python3]=python3
  [/usr/share/gocode/src/github.com/vmware/govmomi/simulator]=golang-github-vmware-govmomi-dev
)
# Browser tests drive Debian's Chromium; only needed once the build has them.
if grep -rqs --include=pom.xml --exclude-dir=target --exclude-dir=.git -e selenium . ; then
  files[/usr/bin/chromium]=chromium
  files[/usr/bin/chromedriver]=chromium-driver
fi
# Python module of Debian's interpreter -> Debian package that provides it (examples/subscriber.py and its test)
declare -A python_modules=(
  [avro]=python3-avro
  [confluent_kafka]=python3-confluent-kafka
)
missing=()
for command in "${!packages[@]}"; do
  if ! command -v "$command" >/dev/null 2>&1; then
    missing+=("${packages[$command]}")
  fi
done
for file in "${!files[@]}"; do
  if [[ ! -e "$file" ]]; then
    missing+=("${files[$file]}")
  fi
done
for module in "${!python_modules[@]}"; do
  if [[ ! -x /usr/bin/python3 ]] || ! /usr/bin/python3 -c "import $module" >/dev/null 2>&1; then
    missing+=("${python_modules[$module]}")
  fi
done
if [[ "${1:-}" == "--check" ]]; then
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]} (./ims setup installs them)"
    exit 1
  fi
  echo "setup: all the Debian packages IMS and its tests need are installed"
  exit 0
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get not found: install by hand ${missing[*]} (Debian's names) or their equivalents" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all the Debian packages IMS and its tests need are installed"
fi
