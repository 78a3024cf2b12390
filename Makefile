SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
MODEL := models/attachment-bot.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find data/nlu data/rules data/stories -name '*.yml' 2>/dev/null)

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# Rasa's dependencies print pages of deprecation warnings that bury the chat.
export PYTHONWARNINGS := ignore

.PHONY: help install browser services serve-prod knowledge train chat serve test eval bench audit outage-drill lint retention clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: $(VENV)/.installed node_modules/.installed ## .venv (Python 3.8-3.10, PYTHON=... to choose) and the widget's npm packages

$(VENV)/.installed: requirements.txt scripts/find_python.sh
	@python=$$(scripts/find_python.sh) || exit 1; \
	if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(0 if (3,8) <= sys.version_info[:2] <= (3,10) else 1)'; then \
		echo "Recreating $(VENV): its Python is not 3.8-3.10"; rm -rf $(VENV); fi; \
	[ -x $(BIN)/python ] || { echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV); } || exit 1
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

browser: ## install Debian's chromium for the widget's browser tests (as root or with sudo)
	@scripts/install_browser.sh

services: install ## install Debian's postgresql, redis-server and nginx for the production profile and its tests
	@$(BIN)/python scripts/prod_services.py

knowledge: install ## regenerate data/knowledge/article.yml from the article
	$(BIN)/python scripts/build_knowledge.py

train: $(MODEL) ## train the model, only if training data or config changed

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	@mkdir -p logs; echo "Training (log: logs/train.log) ..."; started=$$(date +%s); \
	$(BIN)/rasa train --fixed-model-name attachment-bot --out models >logs/train.log 2>&1 \
		|| { tail -40 logs/train.log; exit 1; }; \
	echo "Trained $@ in $$(( $$(date +%s) - started )) s"
	@touch $@

chat: train ## chat in the terminal (starts and stops the action server)
	@scripts/chat.sh

serve: train install ## web widget on WIDGET_PORT (8080), Rasa server (REST, socket.io, platforms) on RASA_PORT (5005), actions on ACTIONS_PORT (5055)
	@scripts/serve.sh

test: train install browser services audit ## every test: knowledge, actions, data validation, stories, end-to-end, browser, production profile, evaluation; and the dependency audit
	$(BIN)/python scripts/build_knowledge.py --check
	$(BIN)/ruff check bot actions tests scripts bench
	$(BIN)/python -m pytest

serve-prod: train install services ## production profile: nginx, RASA_SERVERS (2) Rasa servers, 2 action servers, PostgreSQL, Redis (README)
	@$(BIN)/python scripts/serve_prod.py

outage-drill: train install services ## the production profile under 50 conversations for a minute while PostgreSQL and the action servers are stopped and restarted; turns lost
	$(BIN)/python scripts/outage_drill.py --conversations $(or $(CONVERSATIONS),50) --seconds $(or $(DRILL_SECONDS),60) --outage $(or $(OUTAGE_SECONDS),10)

eval: train ## print evaluation figures for the held-out questions
	$(BIN)/python scripts/evaluate.py

AUDIT_VENV := .venv-audit

$(AUDIT_VENV)/.installed: requirements-audit.txt scripts/find_python.sh
	@python=$$(scripts/find_python.sh) || exit 1; [ -x $(AUDIT_VENV)/bin/python ] || "$$python" -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-audit.txt
	@touch $@

audit: install $(AUDIT_VENV)/.installed ## known vulnerabilities in requirements.txt: pip-audit, and ADVISORIES=<OSV folder> if given (security/)
	$(BIN)/python scripts/audit_dependencies.py $(if $(ADVISORIES),--advisories $(ADVISORIES))

bench: train install services ## our configuration against Rasa's default pipeline: training, cold start, memory, latency, load (bench/out/)
	$(BIN)/python bench/benchmark.py

retention: install ## delete stored conversations older than DAYS (30) days from the tracker store of ENDPOINTS (endpoints.yml)
	$(BIN)/python scripts/retention.py --days $(or $(DAYS),30) --endpoints $(or $(ENDPOINTS),endpoints.yml)

lint: install ## ruff check and format check
	$(BIN)/ruff check bot actions tests scripts bench
	$(BIN)/ruff format --check bot actions tests scripts bench

clean: ## remove trained models and caches (keeps .venv)
	rm -rf models .rasa results tests/out bench/out .pytest_cache
