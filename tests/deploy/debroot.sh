#!/usr/bin/env bash
# debroot.sh: a throwaway Debian 12 root for the package test (deb.test.mjs).
#
#   debroot.sh cache DEB        make or refresh the cached stock root: a
#                               debootstrap'd bookworm with Debian's nginx
#                               (stock configuration, never started) and the
#                               package's dependencies in its apt cache
#   debroot.sh run DEB OUT URL  copy the cached root to OUT/root and, in
#                               private mount, network and process namespaces
#                               (nothing left running or mounted after), install
#                               DEB over the stock nginx with SIDAN_BASE_URL=URL
#                               preseeded, start sidan as its systemd unit would
#                               and nginx, fetch pages, then remove, reinstall
#                               and purge the package; what each step saw goes
#                               to OUT/*.txt for the test to read
#
# The cache lives in DEB_CACHE (default tests/.tmp/deb-cache, gitignored);
# only `cache` uses the network (DEB_MIRROR, default deb.debian.org). A cold
# cache takes about three minutes, a warm one none.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${DEB_CACHE:-$here/../.tmp/deb-cache}
mirror=${DEB_MIRROR:-http://deb.debian.org/debian}
stock=$cache/stock

# Runs COMMAND... in the root $1 with /proc and a fresh /run, in a private
# mount namespace (so the mounts vanish with it).
in_root() {
    local r=$1; shift
    unshare --mount --fork -- bash -c '
        r=$1; shift
        mount -t proc proc "$r/proc"
        mount -t tmpfs -o mode=0755 tmpfs "$r/run"
        exec chroot "$r" "$@"' _ "$r" "$@"
}

make_stock() {
    local new=$cache/stock.new
    rm -rf "$new"
    mkdir -p "$cache"
    echo "debroot: debootstrap bookworm into $new (a few minutes, once)" >&2
    debootstrap --variant=minbase bookworm "$new" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
        { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
    cat > "$new/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
EOF
    # Daemons never start while the stock root is made (it shares the
    # host's network): Debian's policy-rc.d convention.
    printf '#!/bin/sh\nexit 101\n' > "$new/usr/sbin/policy-rc.d"
    chmod 755 "$new/usr/sbin/policy-rc.d"
    in_root "$new" apt-get update -qq
    in_root "$new" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends nginx >/dev/null
    in_root "$new" apt-get clean
    rm "$new/usr/sbin/policy-rc.d"
    touch "$new/.sidan-stock"
    rm -rf "$stock"
    mv "$new" "$stock"
}

# The package's dependencies, downloaded into the stock root's apt cache, so
# that installing it later needs no network. Refreshed when they change.
cache_deps() {
    local deb=$1 deps
    deps=$(dpkg-deb -f "$deb" Depends)
    [ "$(cat "$stock/.sidan-deps" 2>/dev/null)" = "$deps" ] && return 0
    echo "debroot: downloading the package's dependencies into the cached root" >&2
    cp "$deb" "$stock/tmp/sidan.deb"
    in_root "$stock" apt-get update -qq
    in_root "$stock" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --download-only /tmp/sidan.deb >/dev/null
    rm "$stock/tmp/sidan.deb"
    printf '%s' "$deps" > "$stock/.sidan-deps"
}

# The steps inside the namespaces: $1 root, $2 output dir, $3 base URL.
inside() {
    local r=$1 out=$2 url=$3 host
    host=${url#http://}
    ip link set lo up
    mount -t proc proc "$r/proc"
    mount -t tmpfs -o mode=0755 tmpfs "$r/run"
    ch() { chroot "$r" "$@"; }

    # 1. Install over the stock nginx, the address preseeded as an
    # administrator would (debconf-set-selections), nothing downloaded.
    ls "$r/etc/nginx/sites-enabled" > "$out/stock-sites.txt"
    echo "sidan sidan/base_url string $url" | ch debconf-set-selections
    ch env DEBIAN_FRONTEND=noninteractive apt-get install -y /tmp/sidan.deb \
        > "$out/install.txt" 2>&1 || { echo "install failed: $?" >> "$out/install.txt"; return 0; }
    ls "$r/etc/nginx/sites-enabled" > "$out/sites.txt"
    ch getent passwd sidan > "$out/passwd.txt" || true
    ch stat -c '%U:%G %a %n' /var/lib/sidan /var/lib/sidan/sidan.db > "$out/data.txt" 2>&1 || true
    cat "$r/etc/sidan/sidan.env" "$r/etc/sidan/nginx-server-name.conf" > "$out/etc.txt" 2>&1 || true

    # 2. sidan as sidan.service and sidan.socket say: systemd does not run
    # in a chroot, so the unit's settings are read from the installed files.
    start_sidan "$r" > "$out/sidan-start.txt" 2>&1 || true
    # nginx: the package started or reloaded it if it could; else start it.
    ch sh -c 'test -s /run/nginx.pid && kill -0 "$(cat /run/nginx.pid)"' 2>/dev/null || ch nginx
    fetch "$out/home" -H "Host: $host" http://127.0.0.1/
    fetch "$out/css" -H "Host: $host" http://127.0.0.1/static/style.css
    fetch "$out/sites" -H "Host: $host" http://127.0.0.1/sites
    id=$(grep -o 'href="/sites/[0-9]*"' "$out/sites.body" | head -1 | tr -dc 0-9)
    fetch "$out/poster" -H "Host: $host" "http://127.0.0.1/sites/$id/poster"
    fetch "$out/evil" -H 'Host: evil.example' http://127.0.0.1/
    fetch "$out/bare" http://127.0.0.1/
    fetch "$out/nohost" -H 'Host:' --http1.0 http://127.0.0.1/
    ch sh -c 'SIDAN_DB=/var/lib/sidan/sidan.db; export SIDAN_DB
        printf "%s\n%s\n" wangmin-pass-2026 wangmin-pass-2026 |
        runuser -u sidan -- sidan user add --role dispatcher --name 王敏 --login wangmin' \
        > "$out/useradd.txt" 2>&1 || true

    # 3. Remove: the database stays, the site goes, Debian's default site
    # comes back, nginx still passes its test.
    stop_sidan "$r"
    ch env DEBIAN_FRONTEND=noninteractive apt-get remove -y sidan > "$out/remove.txt" 2>&1 ||
        echo "remove failed: $?" >> "$out/remove.txt"
    ls "$r/etc/nginx/sites-enabled" > "$out/removed-sites.txt"
    ls "$r/var/lib/sidan" > "$out/removed-data.txt" 2>&1 || true
    ch nginx -t > "$out/removed-nginx-t.txt" 2>&1 || echo "nginx -t failed" >> "$out/removed-nginx-t.txt"
    ch nginx -s reload 2>/dev/null || true
    sleep 0.5
    fetch "$out/removed-home" -H "Host: $host" http://127.0.0.1/

    # 4. Installed again: the same database (the account made above), the
    # site enabled again.
    ch env DEBIAN_FRONTEND=noninteractive apt-get install -y /tmp/sidan.deb \
        > "$out/reinstall.txt" 2>&1 || echo "reinstall failed: $?" >> "$out/reinstall.txt"
    ls "$r/etc/nginx/sites-enabled" > "$out/reinstalled-sites.txt"
    ch runuser -u sidan -- env SIDAN_DB=/var/lib/sidan/sidan.db sidan user list \
        > "$out/reinstalled-users.txt" 2>&1 || true

    # 5. Purge: the data and the settings go.
    ch env DEBIAN_FRONTEND=noninteractive apt-get purge -y sidan > "$out/purge.txt" 2>&1 ||
        echo "purge failed: $?" >> "$out/purge.txt"
    { ls -d "$r/var/lib/sidan" "$r/etc/sidan" "$r/etc/nginx/sites-available/sidan" 2>&1 || true; } |
        sed "s|$r||" > "$out/purged.txt"
    ch nginx -s quit 2>/dev/null || true
}

# fetch NAME CURL-ARGS...: NAME.head, NAME.body and NAME.rc (curl's exit
# status: 52 is "empty reply", what nginx's 444 looks like to a client).
fetch() {
    local name=$1; shift
    local rc=0
    curl -s -m 10 -D "$name.head" -o "$name.body" "$@" || rc=$?
    echo "$rc" > "$name.rc"
}

# Value of KEY= lines in unit file $2 under root $1 (all of them).
unit_values() { sed -n "s/^$2=//p" "$1"; }

start_sidan() {
    local r=$1 svc=$1/lib/systemd/system/sidan.service sock=$1/lib/systemd/system/sidan.socket
    local path user group mode dirmode svcuser envs=() f line
    path=$(unit_values "$sock" ListenStream); user=$(unit_values "$sock" SocketUser)
    group=$(unit_values "$sock" SocketGroup); mode=$(unit_values "$sock" SocketMode)
    dirmode=$(unit_values "$sock" DirectoryMode); svcuser=$(unit_values "$svc" User)
    while read -r line; do envs+=("$line"); done < <(unit_values "$svc" Environment)
    for f in $(unit_values "$svc" EnvironmentFile); do
        f=${f#-}
        [ -f "$r$f" ] || continue
        while read -r line; do envs+=("$line"); done < <(grep -E '^[A-Z_]+=' "$r$f")
    done
    chroot "$r" install -d -m "$dirmode" "$(dirname "$path")"
    # ExecStartPre, as the service's user.
    while read -r line; do
        # shellcheck disable=SC2086 # a command line, split as systemd splits it
        chroot "$r" runuser -u "$svcuser" -- env "${envs[@]}" $line < /dev/null
    done < <(unit_values "$svc" ExecStartPre)
    # ExecStart with the socket as fd 0 (StandardInput=socket), made as
    # systemd makes it: owner, group and mode from sidan.socket.
    chroot "$r" perl -MIO::Socket::UNIX -e '
        my ($path, $user, $group, $mode, @cmd) = @ARGV;
        unlink $path;
        my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $path, Listen => 128)
            or die "listen $path: $!\n";
        chown((getpwnam($user))[2], (getgrnam($group))[2], $path) or die "chown: $!\n";
        chmod(oct($mode), $path) or die "chmod: $!\n";
        open(STDIN, "<&", $s) or die "dup: $!\n";
        exec(@cmd) or die "exec: $!\n";' "$path" "$user" "$group" "$mode" \
        runuser -u "$svcuser" -- env "${envs[@]}" $(unit_values "$svc" ExecStart) \
        >> "$r/tmp/sidan.log" 2>&1 < /dev/null &
    echo $! > "$r/tmp/sidan.pid"
    for _ in $(seq 50); do
        grep -q "serving" "$r/tmp/sidan.log" 2>/dev/null && break
        sleep 0.1
    done
    cat "$r/tmp/sidan.log"
}

stop_sidan() {
    local r=$1
    kill "$(cat "$r/tmp/sidan.pid")" 2>/dev/null || true
    for _ in $(seq 50); do grep -q "stopped" "$r/tmp/sidan.log" && break; sleep 0.1; done
}

case "${1:-}" in
cache)
    [ -f "$stock/.sidan-stock" ] || make_stock
    cache_deps "$2"
    ;;
run)
    deb=$2 out=$3 url=$4
    mkdir -p "$out"
    rm -rf "$out/root"
    cp -a "$stock" "$out/root"
    cp "$deb" "$out/root/tmp/sidan.deb"
    unshare --mount --net --pid --fork --kill-child -- "$here/debroot.sh" inside "$out/root" "$out" "$url"
    ;;
inside)  # internal
    shift; inside "$@" ;;
*)
    echo "usage: $0 cache DEB | run DEB OUT URL" >&2; exit 2 ;;
esac
