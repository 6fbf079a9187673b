#!/usr/bin/env bash
# deps.sh: the one list of Debian packages sidan needs to build, run and test.
# Installs only what is missing (apt-get update first, only when something is missing),
# then the test-only npm packages pinned by tests/package-lock.json.
# Usage: deploy/deps.sh [build|run|test|bench|security|deb]   (default: test, which is
# everything but bench, security and deb; bench is what `make bench` needs: build, run,
# wrk and Node.js; security is what `make security` needs: build, run, sqlmap, Node.js;
# deb is what `make deb` and `make deb-test` need: build, Debian's packaging tools
# (dpkg-buildpackage, debhelper), debootstrap for the throwaway root, systemd-analyze)
set -euo pipefail
what=${1:-test}

build_pkgs=(build-essential pkg-config xxd libfcgi-dev libsqlite3-dev libctemplate-dev
            libcjson-dev libsodium-dev libqrencode-dev libcurl4-openssl-dev libvips-dev
            libxlsxwriter-dev)
run_pkgs=(nginx sqlite3 curl)
test_pkgs=(libcmocka-dev chromium fonts-wqy-microhei clang libclang-rt-14-dev systemd
           libvips-tools libimage-exiftool-perl python3)
bench_pkgs=(wrk libvips-tools)
security_pkgs=(sqlmap)
deb_pkgs=(dpkg-dev debhelper fakeroot debootstrap systemd util-linux iproute2 curl)

pkgs=("${build_pkgs[@]}")
case "$what" in
  build) ;;
  run)  pkgs+=("${run_pkgs[@]}") ;;
  test) pkgs+=("${run_pkgs[@]}" "${test_pkgs[@]}") ;;
  bench) pkgs+=("${run_pkgs[@]}" "${bench_pkgs[@]}") ;;
  security) pkgs+=("${run_pkgs[@]}" "${security_pkgs[@]}") ;;
  deb) pkgs+=("${deb_pkgs[@]}") ;;
  *) echo "usage: $0 [build|run|test|bench|security|deb]" >&2; exit 2 ;;
esac
# Node.js and Java may come from elsewhere on the image; take Debian's only when absent.
if [ "$what" = test ]; then
  command -v node >/dev/null && command -v npm >/dev/null || pkgs+=(nodejs npm)
  command -v java >/dev/null || pkgs+=(default-jre-headless)
fi
if [ "$what" = bench ] || [ "$what" = security ] || [ "$what" = deb ]; then
  command -v node >/dev/null || pkgs+=(nodejs)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "sidan needs these Debian packages: ${missing[*]}" >&2
    echo "Run as root:  sudo $0 $what" >&2
    exit 1
  fi
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # An old or empty package list cannot find new packages: refresh it first.
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts nginx's system service on install; sidan runs its own nginx.
  if printf '%s\n' "${missing[@]}" | grep -qx nginx; then
    (systemctl stop nginx || service nginx stop || nginx -s stop) >/dev/null 2>&1 || true
  fi
fi

if [ "$what" = test ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -d "$here/tests/node_modules" ] || [ "$here/tests/package-lock.json" -nt "$here/tests/node_modules/.package-lock.json" ]; then
    echo "deps: installing test packages from tests/package-lock.json"
    (cd "$here/tests" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
fi
