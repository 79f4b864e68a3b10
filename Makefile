# The commands the README documents; CI runs `make test`.
PYTHON ?= python3

.PHONY: install test lint demo

install:
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -e '.[test]'

lint:
	ruff check src tests bench
	mypy

test: install lint
	pytest
