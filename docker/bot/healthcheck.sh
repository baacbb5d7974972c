#!/bin/sh
# HEALTHCHECK of the gpu-notebook bot (Slack Socket Mode: no inbound port to probe).
# Healthy when
#   1. a process runs gpu-notebook.jar (PID 1 normally; with ECS initProcessEnabled a child of
#      the init process), and
#   2. the container holds at least one ESTABLISHED TCP connection to a remote port 443
#      (the Socket Mode WebSocket to wss-primary.slack.com; reconnects are short), and
#   3. if GPU_NOTEBOOK_HEARTBEAT_FILE is set, that file was touched within
#      GPU_NOTEBOOK_HEARTBEAT_MAX_AGE seconds (default 180): the bot's own liveness signal.
# Uses only sh, tr, grep, cat, awk and date (all in the eclipse-temurin image).
# PROC_ROOT (default /proc) exists for the tests.
proc="${PROC_ROOT:-/proc}"

running=no
for cmdline in "$proc"/[0-9]*/cmdline; do
  if tr '\0' ' ' < "$cmdline" 2>/dev/null | grep -q -- '-jar [^ ]*gpu-notebook\.jar'; then
    running=yes
    break
  fi
done
if [ "$running" != yes ]; then
  echo "unhealthy: no process runs java -jar gpu-notebook.jar" >&2
  exit 1
fi

# /proc/net/tcp{,6}: column 3 rem_address HEX:PORT (443 = 01BB), column 4 st (01 = ESTABLISHED).
if ! cat "$proc/net/tcp" "$proc/net/tcp6" 2>/dev/null \
    | awk '$3 ~ /:01BB$/ && $4 == "01" { found = 1 } END { exit found ? 0 : 1 }'; then
  echo "unhealthy: no established connection to port 443 (Socket Mode WebSocket down)" >&2
  exit 1
fi

if [ -n "${GPU_NOTEBOOK_HEARTBEAT_FILE:-}" ]; then
  max_age="${GPU_NOTEBOOK_HEARTBEAT_MAX_AGE:-180}"
  if [ ! -f "$GPU_NOTEBOOK_HEARTBEAT_FILE" ]; then
    echo "unhealthy: heartbeat file $GPU_NOTEBOOK_HEARTBEAT_FILE missing" >&2
    exit 1
  fi
  now=$(date +%s)
  touched=$(date -r "$GPU_NOTEBOOK_HEARTBEAT_FILE" +%s)
  if [ $((now - touched)) -gt "$max_age" ]; then
    echo "unhealthy: heartbeat older than ${max_age}s" >&2
    exit 1
  fi
fi
exit 0
