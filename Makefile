# `make demo` builds the demo workspace's reports; `make test` runs the tests.
# Both install what is missing first: Debian packages, a virtual environment, the package.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test check bench system clean

demo: system $(STAMP)
	$(VENV)/bin/reportgen build 2024

test: system $(STAMP)
	$(VENV)/bin/pytest

check: $(STAMP)
	$(VENV)/bin/reportgen check 2024

bench: system $(STAMP)
	$(PY) bench/run.py

system:
	@scripts/setup-system

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) output
