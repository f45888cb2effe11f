#!/usr/bin/env bash
# Sourced: venv_ready <venv> <requirements file> creates the Python venv if it is missing and installs the
# file's pinned packages into it, again only after the file changed (the venv keeps a copy of the file
# it was last installed from). Used by scripts/fuzz.sh and scripts/bench-chart.sh.
venv_ready() {
  local venv="$1" requirements="$2" stamp
  stamp="$venv/.installed-$(basename "$requirements")"
  [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
  if ! cmp -s "$requirements" "$stamp"; then
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$stamp"
  fi
}
