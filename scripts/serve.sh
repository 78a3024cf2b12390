#!/usr/bin/env bash
# Rasa server (REST channel) and action server in the foreground until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

"$BIN/rasa" run actions --port "$ACTIONS_PORT" &
actions_pid=$!
"$BIN/rasa" run --model "$MODEL" --endpoints "$(endpoints_file)" --credentials credentials.yml --port "$RASA_PORT" &
rasa_pid=$!
trap 'kill $actions_pid $rasa_pid 2>/dev/null; wait 2>/dev/null || true' EXIT INT TERM

if wait_for_url "http://localhost:$RASA_PORT/" 120 "$rasa_pid"; then
  echo "Ready: POST {\"sender\": \"me\", \"message\": \"hi\"} to http://localhost:$RASA_PORT/webhooks/rest/webhook"
fi
wait -n "$actions_pid" "$rasa_pid"
echo "A server stopped; stopping the other." >&2
