# From NumPy to JAX — the two commands a fresh machine needs:
#   make lab    create the environment if missing, then open the course in JupyterLab
#   make test   create the environment if missing, then run the whole test suite
# Everything installs from the locks in requirements/ (exact pins).

SHELL := /bin/bash
PY ?= $(shell scripts/find-python 3.12 || scripts/find-python)
PYVER := $(shell $(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV ?= .venv
LOCK := requirements/py$(PYVER).txt
BIN := $(VENV)/bin
PY311 := $(shell scripts/find-python 3.11)
VENV311 := .venv-py3.11
PYTEST_ARGS ?=

.PHONY: env lab test test-suite test-notebooks-py311 release release-check check benchmark lock clean help

help:
	@echo "make lab          open the course in JupyterLab (creates .venv on first use)"
	@echo "make test         run the whole test suite (Python 3.12), then every notebook on Python 3.11"
	@echo "make release      regenerate notebooks/ from solutions/"
	@echo "make check NB=... self-check one of your notebooks"
	@echo "make benchmark    grade a synthetic class with ours and with nbgrader (slow)"

$(BIN)/.installed: $(LOCK) pyproject.toml
	@test -n "$(PYVER)" || { echo "No Python 3.12 or 3.11 found. Install one (or use conda: see README)."; exit 1; }
	@test -f "$(LOCK)" || { echo "No lock for Python $(PYVER) ($(LOCK)); supported: 3.12, 3.11."; exit 1; }
	@echo "Creating $(VENV) with Python $(PYVER) from $(LOCK) (about 3.6 GB; a few minutes the first time)"
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

env: $(BIN)/.installed

# nbgrader's formgrader runs `alembic` from PATH, so the environment's bin/ goes first (as if
# activated); JupyterLab refuses to run as root (containers, CI) unless told it may.
lab: env
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) \
	  notebooks/00-numpy-api/00-numpy-api.ipynb

test: test-suite test-notebooks-py311

# The journey tests (tests/journey) drive JupyterLab in Chromium; install-system-deps installs it
# (and bubblewrap, the grading sandbox) where it can: as root with apt-get.
test-suite: env
	scripts/install-system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# CI runs every notebook on the oldest supported Python too, with the newest JAX it gets.
$(VENV311)/bin/.installed: requirements/py3.11.txt pyproject.toml
	@test -n "$(PY311)" || { echo "No Python 3.11 found: cannot run the notebooks on 3.11"; exit 1; }
	$(PY311) -m venv $(VENV311)
	$(VENV311)/bin/python -m pip install --quiet --upgrade "pip>=24"
	$(VENV311)/bin/python -m pip install --quiet -r requirements/py3.11.txt
	$(VENV311)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

test-notebooks-py311: $(VENV311)/bin/.installed
	$(VENV311)/bin/python -m pytest tests/lessons/test_execute.py tests/release -k "real_kernel or release" \
	  -p no:cacheprovider $(PYTEST_ARGS)

release: env
	$(BIN)/python -m np2jax release

release-check: env
	$(BIN)/python -m np2jax release --check

check: env
	$(BIN)/python -m np2jax check $(NB)

benchmark: env
	$(BIN)/python benchmarks/grade_class.py

# Re-resolve the newest versions inside pyproject.toml's ranges and write the lock for $(PYVER).
lock:
	rm -rf build/lock-venv && $(PY) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet --upgrade "pip>=24"
	build/lock-venv/bin/python -m pip install --quiet ".[test]"
	{ echo "# Exact pins for Python $(PYVER): the grading environment equals the students' (see README, 'Versions')."; \
	  echo "# Regenerate with 'make lock PY=$(PYVER)' after changing pyproject.toml; never edit by hand."; \
	  echo "# python $(PYVER)"; \
	  build/lock-venv/bin/python -m pip freeze --exclude-editable | grep -v -i '^np2jax'; } > $(LOCK)
	rm -rf build/lock-venv

clean:
	rm -rf $(VENV) $(VENV311) build graded
