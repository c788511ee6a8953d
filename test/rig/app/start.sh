#!/bin/sh
# Slipway test app entrypoint (busybox only). See test/rig/fixtures.ts for the contract.
V="${APP_VERSION:-dev}"
P="${PORT:-8080}"
echo "app $V starting"

if [ -n "$EXIT_CODE" ]; then
  echo "fatal: boom" >&2
  exit "$EXIT_CODE"
fi

# /data does not exist in the image, so a /data directory means a mounted volume.
if [ -d /data ]; then
  echo "hello from $V" > /data/hello.txt
fi

SERVER=
LOGGER=
DELAY=
shutdown() {
  echo "app $V stopping"
  [ -n "$DELAY" ] && kill "$DELAY" 2>/dev/null
  [ -n "$LOGGER" ] && kill "$LOGGER" 2>/dev/null
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
  # Drain: let requests already being answered finish (docker stop's timeout caps this).
  while [ -n "$(ls /tmp/inflight 2>/dev/null)" ]; do usleep 20000; done
  echo "app $V stopped"
  exit 0
}
if [ "$IGNORE_SIGTERM" = 1 ]; then
  # Like many Node, Python and shell apps: no SIGTERM handler. As PID 1 (no init) the kernel then
  # ignores SIGTERM, so only the stop timeout's SIGKILL ends it; under an init it ends at once.
  trap shutdown INT
else
  trap shutdown TERM INT
fi

if [ -n "$LOG_EVERY_MS" ]; then
  (
    i=0
    while :; do
      i=$((i + 1))
      echo "app $V log line $i"
      usleep $((LOG_EVERY_MS * 1000))
    done
  ) &
  LOGGER=$!
fi

if [ -n "$START_DELAY_MS" ]; then
  # In the background so that a stop signal is handled at once.
  usleep $((START_DELAY_MS * 1000)) &
  DELAY=$!
  wait "$DELAY"
  DELAY=
fi

mkdir -p /tmp/inflight
if [ "$APP_SERVER" = httpd ]; then
  # Static files from busybox httpd: no shell per request, so it answers in about a millisecond.
  mkdir -p /tmp/www
  printf '%s\n' "$V" > /tmp/www/index.html
  echo pong > /tmp/www/ping
  [ "$FAIL_HEALTH" = 1 ] || echo ok > /tmp/www/health
  httpd -f -p "$P" -h /tmp/www &
else
  nc -ll -p "$P" -e /app/handle &
fi
SERVER=$!
until wget -q -O /dev/null "http://127.0.0.1:$P/ping" 2>/dev/null; do
  kill -0 "$SERVER" 2>/dev/null || { echo "fatal: server did not start" >&2; exit 1; }
  usleep 10000
done
echo "app $V listening on $P"

wait "$SERVER"
code=$?
echo "fatal: server ended with code $code" >&2
exit 1
