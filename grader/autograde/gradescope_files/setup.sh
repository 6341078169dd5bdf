#!/usr/bin/env bash
# mlexam's setup.sh for Gradescope, written into autograder.zip by `mlexam gradescope`.
# Gradescope runs it as root while it builds the autograder image, with the zip unpacked in
# $AUTOGRADER_ROOT/source (default /autograder/source).
#
#   bash setup.sh                            a Python 3.10+ with venv (apt-get if missing),
#                                            then the install step into $AUTOGRADER_ROOT/venv
#   bash setup.sh install VENV [PIP_ARG...]  the install step only: mlexam's wheel from this
#                                            folder into VENV (created if absent), its
#                                            dependencies from PyPI unless PIP_ARGs say otherwise
set -euo pipefail

ROOT="${AUTOGRADER_ROOT:-/autograder}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fail() {
    echo "setup.sh: $*" >&2
    exit 1
}

system_python() {
    # Python with venv, and libseccomp: where the container allows no namespaces (Docker's
    # default profile) the sandbox's next level is a seccomp filter, built with it.
    local probe
    probe="$(mktemp -d)"
    if ! python3 -m venv "$probe/venv" >/dev/null 2>&1 \
        || ! python3 -c 'import ctypes.util, sys; sys.exit(ctypes.util.find_library("seccomp") is None)'; then
        echo "setup.sh: installing python3, python3-venv, python3-pip and libseccomp2 with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends python3 python3-venv python3-pip libseccomp2 >/dev/null
    fi
    rm -rf "$probe"
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
        || fail "mlexam needs Python 3.10 or newer, and this image has $(python3 --version 2>&1); choose the Ubuntu 22.04 base image (or newer) in Gradescope's autograder settings."
}

install_step() {
    local venv="$1"
    shift
    local wheels=("$HERE"/mlexam-*.whl)
    [ "${#wheels[@]}" -eq 1 ] && [ -f "${wheels[0]}" ] || fail "expected one mlexam wheel beside setup.sh in $HERE."
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install --disable-pip-version-check --no-input "$@" "${wheels[0]}"
}

protect_source() {
    # The private seed lives in this folder: nobody but root reads it.
    chmod 700 "$HERE"
    chmod 600 "$HERE"/mlexam_gradescope.json
}

case "${1:-}" in
    install)
        [ $# -ge 2 ] || fail "usage: bash setup.sh install VENV [PIP_ARG...]"
        shift
        install_step "$@"
        ;;
    "")
        system_python
        install_step "$ROOT/venv"
        protect_source
        echo "setup.sh: mlexam installed in $ROOT/venv"
        ;;
    *)
        fail "unknown argument '$1'; run it with no argument, or: bash setup.sh install VENV [PIP_ARG...]"
        ;;
esac
