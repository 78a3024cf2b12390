#!/usr/bin/env bash
# Everything in the foreground until Ctrl-C: the Rasa server (REST, socket.io and any messaging
# platform whose variables are set), the action server and the web widget's page.
#
# RASA_PORT (5005), ACTIONS_PORT (5055), WIDGET_PORT (8080);
# CORS_ORIGINS: origins allowed to call the Rasa server from a browser (default: the widget page);
# RASA_AUTH_TOKEN or RASA_JWT_SECRET: switch on Rasa's HTTP API, which stays off without one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

WIDGET_PORT=${WIDGET_PORT:-8080}
export CORS_ORIGINS=${CORS_ORIGINS:-"http://localhost:$WIDGET_PORT http://127.0.0.1:$WIDGET_PORT"}
read -r -a cors <<<"${CORS_ORIGINS//,/ }"

api=()
if [ -n "${RASA_AUTH_TOKEN:-}" ]; then api+=(--enable-api --auth-token "$RASA_AUTH_TOKEN"); fi
if [ -n "${RASA_JWT_SECRET:-}" ]; then api+=(--enable-api --jwt-secret "$RASA_JWT_SECRET" --jwt-method HS256); fi
if [ ${#api[@]} -eq 0 ]; then echo "Rasa's HTTP API is off (set RASA_AUTH_TOKEN or RASA_JWT_SECRET to switch it on)."; fi

"$BIN/rasa" run actions --port "$ACTIONS_PORT" &
actions_pid=$!
"$BIN/rasa" run --model "$MODEL" --endpoints "$(endpoints_file)" --credentials credentials.yml \
  --port "$RASA_PORT" --cors "${cors[@]}" "${api[@]}" &
rasa_pid=$!
"$BIN/python" -m bot.widget_server --port "$WIDGET_PORT" --rasa-url "http://localhost:$RASA_PORT" &
widget_pid=$!
trap 'kill $actions_pid $rasa_pid $widget_pid 2>/dev/null; wait 2>/dev/null || true' EXIT INT TERM

if wait_for_url "http://localhost:$RASA_PORT/" 120 "$rasa_pid"; then
  echo "Ready:"
  echo "  web widget: http://localhost:$WIDGET_PORT/"
  echo "  REST:       curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{\"sender\": \"me\", \"message\": \"hi\"}'"
fi
wait -n "$actions_pid" "$rasa_pid" "$widget_pid"
echo "A server stopped; stopping the others." >&2
