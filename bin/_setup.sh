# Shared by bin/build-site and bin/test: make .venv match the pinned requirements (and, for the
# tests only, node_modules match package-lock.json).
# Sourced, not run. Re-installs only when a lock file changes (a stamp keeps their hash).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PYTHON_BIN="${PYTHON:-python3}"
PIP_VERSION=25.0.1

ensure_venv() {
  local locks=("$@")
  local stamp="$VENV/.locks.sha256"
  local want
  want="$(cd "$ROOT" && cat "${locks[@]}" | sha256sum | cut -d' ' -f1)"
  if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "Setting up $VENV from ${locks[*]} ..." >&2
  [ -x "$VENV/bin/python" ] || "$PYTHON_BIN" -m venv "$VENV"
  # pip 23's resolver fails on a package asked for with the same extra twice (trafilatura's
  # lxml[html-clean]); the pinned pip does not.
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pip==$PIP_VERSION"
  local args=()
  for lock in "${locks[@]}"; do args+=(-r "$ROOT/$lock"); done
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${args[@]}"
  echo "$want" > "$stamp"
}

# npm packages of the tests (axe-core). Only bin/test calls this: building the site needs no node.
ensure_node_modules() {
  local stamp="$ROOT/node_modules/.package-lock.sha256"
  local want
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ -d "$ROOT/node_modules/axe-core" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "Installing node_modules from package-lock.json ..." >&2
  # npm ci removes node_modules first, so the stamp is written after it.
  (cd "$ROOT" && npm ci --no-audit --no-fund --silent)
  echo "$want" > "$stamp"
}

export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export NO_MKDOCS_2_WARNING=1
