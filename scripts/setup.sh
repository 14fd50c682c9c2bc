#!/usr/bin/env bash
# One set-up for `make brief` and `make test`: what a fresh Debian machine lacks is installed
# here, once, and stamped so that later runs cost nothing.
#   scripts/setup.sh run    fonts + the project virtualenv (enough to build memos)
#   scripts/setup.sh test   the above + test tools (qpdf, poppler, Java, the W3C Nu checker)
#   scripts/setup.sh bench  the above (run) + the benchmark's peers (Pandoc from PyPI)
set -euo pipefail
mode=${1:-run}
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

say() { printf 'setup: %s\n' "$*" >&2; }

apt_install() {
    # Install only the Debian packages that are missing; `apt-get update` only when needed.
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
        say "missing Debian packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})"
        return 1
    fi
    say "installing Debian packages: ${missing[*]}"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null 2>&1; then
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    fi
}

# Fonts the print stylesheet names (found by WeasyPrint through Pango and fontconfig), and
# HarfBuzz's subsetter, which WeasyPrint uses to embed only the glyphs a memo needs.
apt_install fontconfig fonts-liberation2 fonts-dejavu-core libharfbuzz-subset0

stamp=".venv/.stamp-$mode"
if [ ! -x .venv/bin/python ]; then
    say "creating .venv"
    "$PYTHON" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    extra=""
    [ "$mode" = test ] && extra="[test]"
    [ "$mode" = bench ] && extra="[bench]"
    say "installing briefgen$extra into .venv"
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extra" 2>&1 \
        | grep -v "is ignored: it is neither a file nor a directory" || true
    .venv/bin/python -c "import briefgen" # fail here, not later, if the install did not take
    if [ "$mode" = test ]; then
        # The packaging test installs the wheel into a fresh virtualenv without a network:
        # briefgen's runtime dependencies wait for it here, as wheels (built here for the
        # few published only as source, such as feedgen).
        say "downloading briefgen's dependencies into .venv/wheelhouse (for the packaging test)"
        rm -rf .venv/wheelhouse
        if ! .venv/bin/python -c 'import tomllib
print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
                | .venv/bin/python -m pip wheel -q --disable-pip-version-check \
                    --wheel-dir .venv/wheelhouse -r /dev/stdin \
                    >.venv/wheelhouse.log 2>&1; then
            cat .venv/wheelhouse.log >&2
            exit 1
        fi
    fi
    touch "$stamp"
fi
# Byte-compile briefgen itself (pip does this for installed packages, not for an editable
# install): it saves every run the compile, where PYTHONDONTWRITEBYTECODE is set.
.venv/bin/python -m compileall -q briefgen templates

if [ "$mode" = test ]; then
    # chromium: Debian's browser, driven by Playwright (never Playwright's own download);
    # faketime: the reproducibility test builds "on another day"
    apt_install qpdf poppler-utils chromium faketime
    # Java and npm may come from outside Debian (as on this project's machines): only install
    # Debian's when the command is missing, so as not to fight another installation.
    command -v java >/dev/null || apt_install default-jre-headless
    command -v npm >/dev/null || apt_install nodejs npm
    if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -f node_modules/axe-core/axe.min.js ] \
            || [ package.json -nt node_modules/.stamp ]; then
        say "installing the W3C Nu HTML checker and axe-core (npm)"
        npm install --ignore-scripts --no-audit --no-fund --silent >/dev/null
        touch node_modules/.stamp
    fi
fi
