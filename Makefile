# Two promises (README): `make run` and `make test`, from a fresh clone on Debian + Python 3.11.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
ALLIANCE_DB ?= data/alliance.duckdb
export ALLIANCE_DB

.PHONY: run test demo-db system-deps lint bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Chromium (browser tests, chart export) and a CJK font: installed when we are root on Debian.
system-deps:
	@bash scripts/system-deps.sh

# The demo database is built once, through the same import path users take.
$(ALLIANCE_DB): $(VENV)/.installed
	$(PY) -m etl demo --out data/demo --scale county --seed 7
	$(PY) -m etl load data/demo --db $(ALLIANCE_DB)

demo-db: $(ALLIANCE_DB)

# A database from before an upgrade gets its marts rebuilt (a no-op when they are current). With no
# account in ALLIANCE_USERS the app is open, so it listens on this machine only; with accounts, on all.
run: $(VENV)/.installed system-deps
	@test -e $(ALLIANCE_DB) || $(MAKE) --no-print-directory demo-db
	@$(PY) -m etl rebuild --if-stale --db $(ALLIANCE_DB)
	$(VENV)/bin/streamlit run dashboard/app.py --server.port $(PORT) \
		--server.address $$($(PY) -c 'from etl import users; print(users.serve_address())') --server.headless true \
		--browser.gatherUsageStats false

test: $(VENV)/.installed system-deps
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n 2 --dist loadfile -q -rs

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

# Load figures for county and province scale, then page-query latency on the databases they built.
bench: $(VENV)/.installed
	$(PY) -m bench.load_bench --scale all
	$(PY) -m bench.query_bench --db bench/out/db/county/alliance.duckdb
	$(PY) -m bench.query_bench --db bench/out/db/province/alliance.duckdb

clean:
	rm -rf $(VENV) data/db data/demo data/*.duckdb bench/out
