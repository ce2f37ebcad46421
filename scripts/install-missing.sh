# Sourced by tests/run.sh and scripts/build-windows.sh: `install_missing WHO
# PACKAGE…` installs the Debian/Ubuntu packages named (as root, or with
# sudo); where it cannot, it says what to install and returns 1. WHO starts
# the lines it prints.
install_missing() {
  local who=$1
  shift
  [ $# -gt 0 ] || return 0
  local as_root=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then
      as_root=(sudo)
    else
      as_root=(none)
    fi
  fi
  if [ "${as_root[*]}" = none ] || ! command -v apt-get >/dev/null; then
    echo "$who: $* missing and cannot be installed here; install them (Debian/Ubuntu: sudo apt install $*)" >&2
    return 1
  fi
  echo "$who: installing $*"
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "$@" >/dev/null
}
