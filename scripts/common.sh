# Shared by chat.sh and serve.sh: ports, the endpoints file for them, readiness checks.
# shellcheck shell=bash
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
MODEL=${MODEL:-models/attachment-bot.tar.gz}
BIN=.venv/bin
mkdir -p logs .rasa

# endpoints.yml names the action server on 5055; another port gets a copy that names it.
endpoints_file() {
  if [ "$ACTIONS_PORT" = 5055 ]; then echo endpoints.yml; return; fi
  sed "s#localhost:5055#localhost:$ACTIONS_PORT#" endpoints.yml > ".rasa/endpoints.$ACTIONS_PORT.yml"
  echo ".rasa/endpoints.$ACTIONS_PORT.yml"
}

# wait_for_url URL SECONDS PID: true once URL answers, false if PID died or time ran out.
wait_for_url() {
  local url=$1 seconds=$2 pid=$3
  for _ in $(seq $((seconds * 4))); do
    kill -0 "$pid" 2>/dev/null || return 1
    curl -fs -o /dev/null "$url" && return 0
    sleep 0.25
  done
  return 1
}
