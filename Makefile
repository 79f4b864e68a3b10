# The commands the README documents; CI runs `make test`.
PYTHON ?= python3

.PHONY: install test lint demo screenshots

# install also fetches the front-end libraries (ECharts, Cytoscape.js) from the npm registry by the lock
# file and copies them into src/chainatlas/web/static/vendor/ (served locally; never a CDN).
install:
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -e '.[test]'
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && npm run --silent build; \
	else echo "npm 不可用：网页图表组件未安装（浏览器测试会跳过）；请安装 Node.js/npm 后重跑 make install"; fi

lint:
	ruff check src tests bench
	mypy

test: install lint
	pytest

# The README's screenshots (docs/screenshots/): the browser tests, saving their pictures there. Tests
# otherwise save them under build/screenshots/ and leave tracked files alone.
screenshots:
	CHAINATLAS_SCREENSHOTS=docs/screenshots pytest tests/web/test_browser.py tests/web/test_browser_monitoring.py \
		tests/web/test_browser_risks.py -q
	$(PYTHON) scripts/report_screenshots.py
