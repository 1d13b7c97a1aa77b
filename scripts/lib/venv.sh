# Sourced by the scripts that run Python tools from PyPI. Keeps one pattern for every venv:
# a directory at the repository root (gitignored as /.venv*/), created with `python3 -m venv`,
# filled with pinned packages by pip, and reused as is while CHECK still passes.

# steady_venv VENV CHECK PACKAGE...
#   VENV     the venv directory, relative to the repository root (e.g. .venv-ray)
#   CHECK    Python code that exits 0 when VENV already holds what is wanted (imports, versions)
#   PACKAGE  pip requirement specifiers, pinned
# Prints what it does; returns non-zero when python3 -m venv or pip fails or CHECK still fails.
steady_venv() {
  local venv=$1 check=$2
  shift 2
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check" 2>/dev/null; then
    return 0
  fi
  echo "venv: installing $* into $venv"
  python3 -m venv "$venv" || return 1
  "$venv/bin/pip" install --quiet --disable-pip-version-check --progress-bar off "$@" || return 1
  "$venv/bin/python" -c "$check" || { echo "venv: $venv fails its check after installing: $check" >&2; return 1; }
}
