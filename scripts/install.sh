#!/usr/bin/env bash
# Installs anyvoice and every bundled model into .venv (offline weights only; nothing downloads at run time).
# Also installs Debian packages: two of real human speech used by the tests and the benchmark, chromium, the
# headless browser the web page's test drives, and Festival with its Russian voice, the clearest base for Russian.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

DEBS="alsa-utils klettres-data chromium festival festvox-ru"
if [ ! -d /usr/share/sounds/alsa ] || [ ! -d /usr/share/klettres ] || ! command -v chromium >/dev/null \
    || [ ! -d /usr/share/festival/voices/russian/msu_ru_nsh_clunits ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $DEBS >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $DEBS >/dev/null
  else
    echo "note: install the Debian packages $DEBS (real voices and the web page's tests; Russian speech)" >&2
  fi
fi

[ -x .venv/bin/python ] || "$PY" -m venv .venv
pip() { .venv/bin/python -m pip "$@" --disable-pip-version-check -q; }
pip install "setuptools<81" wheel
pip install -r requirements/base.txt
pip install --no-deps -r requirements/nodeps.txt
pip install --no-build-isolation pyworld==0.3.5   # builds against the pinned setuptools (needs pkg_resources)
pip install --no-deps --no-build-isolation -e .
.venv/bin/anyvoice info >/dev/null && echo "anyvoice installed: .venv/bin/anyvoice"
