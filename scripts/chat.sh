#!/usr/bin/env bash
# Terminal chat: start the action server, open `rasa shell`, stop the action server after.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

"$BIN/rasa" run actions --port "$ACTIONS_PORT" >logs/actions.log 2>&1 &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null; wait $actions_pid 2>/dev/null || true' EXIT

if ! wait_for_url "http://localhost:$ACTIONS_PORT/health" 60 "$actions_pid"; then
  echo "The action server did not start on port $ACTIONS_PORT; see logs/actions.log" >&2
  exit 1
fi
echo "Type your message; /stop ends the chat."
"$BIN/rasa" shell --model "$MODEL" --endpoints "$(endpoints_file)" --port "${CHAT_PORT:-5006}" --log-file logs/shell.log
