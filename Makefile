# The README's two commands: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# `make room`: the address phones reach this machine on (127.0.0.1 keeps it to this machine).
ROOM_HOST ?= 127.0.0.1
ROOM_PORT ?= 8502

.PHONY: run room test check-rubric bench lint format

$(VENV)/.app-installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "Threshold needs Python 3.11 or newer as $(PYTHON) (found: $$($(PYTHON) --version 2>&1 || echo none))." >&2; \
		echo "Install it, or run make with PYTHON=/path/to/python3.11." >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
		echo "$(PYTHON) cannot create a virtual environment: install Debian's python3-venv package" >&2; \
		echo "(sudo apt-get install python3-venv), then run make again." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.app-installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.app-installed
	$(PY) scripts/serve.py --server.port $(PORT)

# Room hosting mode: only the workshop rooms, on ROOM_HOST (e.g. make room ROOM_HOST=192.168.1.20).
room: $(VENV)/.app-installed
	$(PY) scripts/serve_room.py --host $(ROOM_HOST) --port $(ROOM_PORT)

test: $(VENV)/.dev-installed
	./scripts/ensure-system-packages.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

check-rubric: $(VENV)/.app-installed
	$(PY) -m threshold check-rubric

bench: $(VENV)/.dev-installed
	$(PY) -m bench

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
