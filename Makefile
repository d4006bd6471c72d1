# From NumPy to JAX — the two commands a fresh machine needs:
#   make lab    create the environment if missing, copy new lessons into my-work/ (never over your
#               work), then open JupyterLab on the course with lesson 00
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
# Extra arguments for `jupyter lab`, e.g. make lab LAB_ARGS="--port=8889 --no-browser"
LAB_ARGS ?=

.PHONY: env lab test test-suite test-notebooks-py311 test-latest release release-check check benchmark lock wheel clean help

help:
	@echo "make lab          open the course in JupyterLab, your work in my-work/ (creates .venv on first use)"
	@echo "make test         run the whole test suite (Python 3.12), then every notebook on Python 3.11"
	@echo "make test-latest  run every notebook on the newest jax/jaxlib the index offers (outside the lock)"
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
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e ".[grader,trax,test]"
	touch $@

env: $(BIN)/.installed

# The environment's bin/ goes first on PATH (as if activated): nbgrader's formgrader runs
# `alembic` from PATH, and the learner's JupyterLab terminal runs `np2jax check`. `np2jax lab`
# fills my-work/ from notebooks/ (new lessons only), then becomes `jupyter lab` serving this folder
# (np2jax/lab.py says how).
lab: env
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/np2jax lab -- $(LAB_ARGS)

test: test-suite test-notebooks-py311

# The journey tests (tests/journey) drive JupyterLab in Chromium; install-system-deps installs it
# where it can: as root with apt-get.
test-suite: env
	scripts/install-system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# CI runs every notebook on the oldest supported Python too, with the newest JAX it gets.
$(VENV311)/bin/.installed: requirements/py3.11.txt pyproject.toml
	@test -n "$(PY311)" || { echo "No Python 3.11 found: cannot run the notebooks on 3.11"; exit 1; }
	$(PY311) -m venv $(VENV311)
	$(VENV311)/bin/python -m pip install --quiet --upgrade "pip>=24"
	$(VENV311)/bin/python -m pip install --quiet -r requirements/py3.11.txt
	$(VENV311)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e ".[grader,trax,test]"
	touch $@

test-notebooks-py311: $(VENV311)/bin/.installed
	$(VENV311)/bin/python -m pytest tests/lessons/test_execute.py tests/release -k "real_kernel or release" \
	  -p no:cacheprovider $(PYTEST_ARGS)

# Breakage ahead: every notebook on the newest jax/jaxlib the package index offers, the rest as
# locked, in a fresh .venv-latest. scripts/record-latest writes the outcome into the README's
# version table ("newest on the index").
VENVLATEST := .venv-latest
test-latest:
	rm -rf $(VENVLATEST) && $(PY) -m venv $(VENVLATEST)
	$(VENVLATEST)/bin/python -m pip install --quiet --upgrade "pip>=24"
	$(VENVLATEST)/bin/python -m pip install --quiet -r $(LOCK)
	$(VENVLATEST)/bin/python -m pip install --quiet --upgrade jax jaxlib
	$(VENVLATEST)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e ".[grader,trax,test]"
	scripts/record-latest $(VENVLATEST)/bin/python -- $(VENVLATEST)/bin/python -m pytest \
	  tests/lessons/test_execute.py -k real_kernel -p no:cacheprovider $(PYTEST_ARGS)

release: env
	$(BIN)/python -m np2jax release

release-check: env
	$(BIN)/python -m np2jax release --check

check: env
	$(BIN)/python -m np2jax check $(NB)

benchmark: env
	$(BIN)/python benchmarks/grade_class.py

# Write the lock for $(PYVER): the whole environment, every extra (grader, trax, test). Versions
# already in the lock stay (it is the constraint); a new dependency gets its newest version in
# pyproject.toml's range. `make lock UPGRADE=1` re-resolves everything to the newest in range.
lock:
	rm -rf build/lock-venv && $(PY) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet --upgrade "pip>=24" "setuptools>=77"
	build/lock-venv/bin/python -m pip install --quiet $(if $(UPGRADE),,$(if $(wildcard $(LOCK)),-c $(LOCK))) \
	  ".[grader,trax,test]"
	{ echo "# Exact pins for Python $(PYVER): the grading environment equals the students' (see README, 'Versions')."; \
	  echo "# Regenerate with 'make lock PY=$(PYVER)' after changing pyproject.toml; never edit by hand."; \
	  echo "# python $(PYVER)"; \
	  build/lock-venv/bin/python -m pip freeze --all --exclude pip --exclude-editable | grep -v -i '^np2jax'; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf build/lock-venv

# A wheel of the package (the learner's light install, e.g. to upload to Kaggle): dist/*.whl
wheel: env
	$(BIN)/python -m pip wheel --no-deps --no-build-isolation -w dist .

clean:
	rm -rf $(VENV) $(VENV311) $(VENVLATEST) build dist graded
