#!/usr/bin/env bash
# Terminal chat: start the action server and a Rasa server on CHAT_PORT (5006), chat with them
# (buttons as numbered choices), stop both after. `rasa shell` works too, with arrow-key menus.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
CHAT_PORT=${CHAT_PORT:-5006}

"$BIN/rasa" run actions --port "$ACTIONS_PORT" >logs/actions.log 2>&1 &
actions_pid=$!
"$BIN/rasa" run --model "$MODEL" --endpoints "$(endpoints_file)" --credentials credentials.yml \
  --interface 127.0.0.1 --port "$CHAT_PORT" >logs/chat-server.log 2>&1 &
rasa_pid=$!
trap 'kill $actions_pid $rasa_pid 2>/dev/null; wait 2>/dev/null || true' EXIT

echo "Starting (logs in logs/) ..."
if ! wait_for_url "http://localhost:$ACTIONS_PORT/health" 60 "$actions_pid"; then
  echo "The action server did not start on port $ACTIONS_PORT; see logs/actions.log" >&2
  exit 1
fi
if ! wait_for_url "http://localhost:$CHAT_PORT/" 120 "$rasa_pid"; then
  echo "The Rasa server did not start on port $CHAT_PORT; see logs/chat-server.log" >&2
  exit 1
fi
echo "Type your message; /stop ends the chat."
"$BIN/python" -m bot.channels.terminal --url "http://localhost:$CHAT_PORT/webhooks/rest/webhook"
