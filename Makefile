# The README's two commands are `make run` and `make test`; the rest are the
# steps they are made of.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := .tools/bin/uv
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

# uv uses the Python that pyenv (or the system) gives us and never downloads one.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test install packages test-tools check pytest messages superuser bench clean

## run: install everything and start the site with sample content (SQLite, mail to the console)
# Emailed links, the feed and calendar files point at the address the site
# runs on, unless SITE_URL says otherwise. Beside the site, `celery beat`
# runs the scheduled jobs (reminders, the outbox sweep, the clean-ups); on
# the embedded default it runs each job in its own process, on the same
# database, and stops with the site.
run: export DEBUG := 1
run: export SITE_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),localhost,$(HOST)):$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py sample_content
	@mkdir -p var
	@echo
	@echo "  For Us All is running at http://$(HOST):$(PORT)/"
	@echo "  Emails link to $(SITE_URL)/"
	@echo "  Staff admin: http://$(HOST):$(PORT)/admin/ (create an account with: make superuser)"
	@echo
	$(BIN)/celery -A forus beat --loglevel INFO --schedule var/celerybeat-schedule & \
	scheduler=$$!; trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: install everything and run the whole test suite (needs PostgreSQL and Redis, see README)
test: install test-tools check pytest

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: packages
	DEBUG=1 $(BIN)/python manage.py compile_translations

packages: $(UV)
	$(UV) sync --frozen --python $(PYTHON)

# Headless Chromium, gettext (whose xgettext checks the Spanish catalogue is
# up to date), a Java runtime (for the HTML checker) and HAProxy (for the
# scale-out test, tests/deploy) from Debian's packages; axe-core and the Nu
# HTML Checker from the npm registry (without install scripts: vnu-jar's
# would fetch a Java from outside the registries).
test-tools:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	[ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null || missing="$$missing haproxy"; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing from Debian's packages..."; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

check:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 DATABASE_URL= REDIS_URL= $(BIN)/python manage.py makemigrations --check --dry-run

pytest:
	$(BIN)/pytest $(PYTEST_ARGS)

## messages: gather every string marked for translation into locale/es (needs gettext)
messages: export DEBUG := 1
messages: packages
	$(BIN)/python manage.py makemessages --locale es --no-location --no-obsolete \
		--ignore=.venv --ignore=.tools --ignore=node_modules --ignore=staticfiles \
		--ignore=tests --ignore=bench

superuser: export DEBUG := 1
superuser: install
	$(BIN)/python manage.py createsuperuser

bench: install
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) .tools node_modules staticfiles
