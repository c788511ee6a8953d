#!/bin/sh
# One HTTP request on stdin/stdout (run by `nc -ll -e` per connection). Answers HTTP/1.1 with \r\n line ends.
: > "/tmp/inflight/$$"
trap 'rm -f "/tmp/inflight/$$"' EXIT

CR=$(printf '\r')
V="${APP_VERSION:-dev}"

read -r method target proto || exit 0
proto=${proto%"$CR"}
while read -r line; do
  line=${line%"$CR"}
  [ -z "$line" ] && break
done

path=${target%%\?*}
query=
case "$target" in *\?*) query=${target#*\?} ;; esac

param() {
  old=$IFS
  IFS='&'
  for kv in $query; do
    case "$kv" in "$1"=*) IFS=$old; echo "${kv#*=}"; return ;; esac
  done
  IFS=$old
}

respond() {
  printf 'HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\nX-App-Version: %s\r\n\r\n' "$1" "${#2}" "$V"
  [ "$method" = HEAD ] || printf '%s' "$2"
}

case "$path" in
  /)
    respond '200 OK' "$V
" ;;
  /health | /cgi-bin/health)
    if [ "$FAIL_HEALTH" = 1 ]; then
      respond '500 Internal Server Error' "fail
"
    else
      respond '200 OK' "ok
"
    fi ;;
  /slow | /cgi-bin/slow)
    ms=$(param ms)
    case "$ms" in '' | *[!0-9]*) ms=0 ;; esac
    usleep $((ms * 1000))
    respond '200 OK' "slept $ms ms
" ;;
  /whoami)
    respond '200 OK' "$(cat /etc/hostname)
" ;;
  /peer)
    # Asks another service by name (PEER=host:port), as a compose stack's services do.
    body=$(printf 'GET /whoami HTTP/1.0\r\n\r\n' | nc -w 2 "${PEER%:*}" "${PEER##*:}" | tail -n 1)
    respond '200 OK' "$V -> $body
" ;;
  /ping)
    respond '200 OK' "pong
" ;;
  *)
    respond '404 Not Found' "not found: $path
" ;;
esac
