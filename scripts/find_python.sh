#!/usr/bin/env bash
# Print the path of a Python that Rasa 3.6 supports (3.8-3.10), or explain and fail.
# Order: $PYTHON, then python3.10/3.9/3.8 on PATH, then pyenv's installed versions.
set -u

supported() {
  "$1" -c 'import sys; sys.exit(0 if (3, 8) <= sys.version_info[:2] <= (3, 10) else 1)' >/dev/null 2>&1
}

if [ -n "${PYTHON:-}" ]; then
  if supported "$PYTHON"; then echo "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not a working Python 3.8-3.10 (Rasa 3.6 needs one)." >&2
  exit 1
fi

for name in python3.10 python3.9 python3.8; do
  candidate=$(command -v "$name" 2>/dev/null) || continue
  # pyenv shims exist for every name but fail unless that version is selected.
  if supported "$candidate"; then echo "$candidate"; exit 0; fi
done

pyenv_root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for minor in 10 9 8; do
  for candidate in $(ls -d "$pyenv_root"/versions/3."$minor".*/bin/python3."$minor" 2>/dev/null | sort -V -r); do
    if supported "$candidate"; then echo "$candidate"; exit 0; fi
  done
done

cat >&2 <<'MSG'
No Python 3.8, 3.9 or 3.10 found, and Rasa 3.6 supports only those.
Install one (for example `pyenv install 3.10`) or point to it: make install PYTHON=/path/to/python3.10
MSG
exit 1
