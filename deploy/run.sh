#!/usr/bin/env bash
# run.sh: the dev runner behind `make run`. Creates or upgrades var/sidan.db,
# seeds it with the real tree and demo data, starts sidan and nginx under
# var/ on http://127.0.0.1:$PORT (default 8080), and stops both on Ctrl-C.
# Running it again stops what an earlier run left and starts afresh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
var=$root/var
port=${PORT:-8080}
bin=$root/build/sidan
db=$var/sidan.db
mkdir -p "$var"

stop_all() {
    if [ -f "$var/nginx.pid" ]; then
        nginx -c "$var/nginx.conf" -p "$var" -s quit 2>/dev/null || true
        rm -f "$var/nginx.pid"
    fi
    if [ -f "$var/sidan.pid" ]; then
        kill "$(cat "$var/sidan.pid")" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$(cat "$var/sidan.pid")" 2>/dev/null || break; sleep 0.1; done
        rm -f "$var/sidan.pid"
    fi
}
stop_all

"$bin" init --db "$db"
"$bin" seed --demo --db "$db"

"$root/deploy/nginx-conf.sh" "$var" "$port" "$root" > "$var/nginx.conf"
# Links and QR codes point at this address (sidan serve refuses to start
# without one; SIDAN_BASE_URL=http://192.168.1.5:8080 make run, to scan them
# with a phone on the same network).
# SMS go to a file a newcomer can watch (a real gateway: SIDAN_WEBHOOK_URL
# or --notify-cmd, README "Messages").
# Quiet hours are off here, so that what a step sends shows at once at
# any hour (production holds SMS from 21:00 to 08:00).
SIDAN_MESSAGES_FILE=${SIDAN_MESSAGES_FILE:-$var/messages.log} \
SIDAN_QUIET_HOURS=${SIDAN_QUIET_HOURS:-off} \
SIDAN_BASE_URL=${SIDAN_BASE_URL:-http://127.0.0.1:$port} \
"$bin" serve --listen "$var/sidan.sock" --db "$db" --templates "$root/templates" \
    2>>"$var/sidan.log" &
echo $! > "$var/sidan.pid"
for _ in $(seq 50); do [ -S "$var/sidan.sock" ] && break; sleep 0.1; done
if ! nginx -c "$var/nginx.conf" -p "$var" 2>"$var/nginx-start.log"; then
    cat "$var/nginx-start.log" >&2
    grep -q "in use" "$var/nginx-start.log" && echo "port $port is taken: try  make run PORT=8081" >&2
    echo "nginx did not start" >&2
    stop_all
    exit 1
fi
trap 'echo; echo "stopping sidan and nginx"; stop_all; exit 0' INT TERM

for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
cat <<MSG

  文明朔城 is running: http://127.0.0.1:$port/

  database  $db
  logs      $var/sidan.log, $var/nginx-error.log
  photos    $var/media (each named by the SHA-256 of its bytes; nginx sends them)
  messages  every SMS sidan sends (验证码 too) is written here, one JSON line each:
              tail -f var/messages.log
            (quiet hours are off here; a real site holds SMS from 21:00 to 08:00)
  Ctrl-C stops sidan and nginx.

  Residents need no account: 我要点单 at http://127.0.0.1:$port/order/new
  Staff sign in at http://127.0.0.1:$port/login (demo accounts, password
  wenming-demo-2026):
    admin            管理员（全区；用户、服务队、服务菜单）
    dispatcher       中心调度员（全区派单）
    suo.shentou      神头镇实践所工作人员（本所及所属各站）
    zhan.mayi        马邑村实践站工作人员（本站）
    leader.shentou   神头镇志愿服务分队队长（本队任务）
  Volunteers sign in at http://127.0.0.1:$port/v/login with a phone number
  (demo volunteers of 神头镇志愿服务分队, same password):
    13900000001  13900000002  13900000003
  New volunteers apply at http://127.0.0.1:$port/volunteer/join

  Try an activity's QR sign-in: as zhan.mayi open 工作台 → 活动管理 →
  演示：全民阅读 亲子共读 → 显示签到码, and scan it with a phone signed in
  as 13900000001 (or open the link under 无法扫码时 in that browser).
  The portal: 活动 http://127.0.0.1:$port/activities, 站点
  http://127.0.0.1:$port/sites, 一图可视 http://127.0.0.1:$port/map

MSG
wait "$(cat "$var/sidan.pid")" || true
stop_all
