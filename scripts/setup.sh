# scripts/setup.sh — sourced by ./run and ./test: install what the project
# needs from Debian's packages (only what is missing), then configure and
# build a preset. Functions only; nothing runs on sourcing.

GG_PACKAGES="build-essential cmake pkg-config libuv1-dev libenet-dev libmsgpack-dev \
libsqlite3-dev python3 python3-msgpack chromium zbar-tools clang-format libwslay-dev \
libhttp-parser-dev zlib1g-dev python3-websockets"
# Node.js and npm (the browser client's tests): Debian's packages, unless the
# machine already has node and npm from elsewhere (e.g. NodeSource's nodejs,
# which bundles npm and conflicts with Debian's npm package).
GG_NODE_PACKAGES="nodejs npm"

gg_say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
gg_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the Debian packages that are not installed yet.
gg_install_packages() {
    missing=""
    want="$GG_PACKAGES $*"
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
        || want="$want $GG_NODE_PACKAGES"
    for p in $want; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    gg_say "installing Debian packages:$missing"
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || gg_die "need root (or sudo) to install:$missing"
        SUDO=sudo
    else
        SUDO=
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq || gg_die "apt-get update failed: check the network or apt sources"
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing \
        || gg_die "apt-get install failed for:$missing"
}

# Installs the browser client's npm packages (clients/web: typescript,
# playwright-core, axe-core) with `npm ci` when node_modules is missing or the
# lockfile changed since the last install.
gg_npm_ci() {
    web=clients/web
    [ -f "$web/package-lock.json" ] || return 0
    stamp="$web/node_modules/.gg-lock"
    if [ -f "$stamp" ] && cmp -s "$stamp" "$web/package-lock.json"; then
        return 0
    fi
    gg_say "installing the browser client's npm packages (npm ci)"
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error) \
        || gg_die "npm ci failed in $web: check the network or the npm registry"
    cp "$web/package-lock.json" "$stamp"
}

# gg_build PRESET: configure (once) and build a CMake preset, quietly unless
# something fails.
gg_build() {
    preset=$1
    log=$(mktemp)
    gg_say "building ($preset)"
    if ! { cmake --preset "$preset" && cmake --build --preset "$preset" -j"$(nproc)"; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        gg_die "build failed ($preset); the compiler output is above"
    fi
    grep -E "warning:" "$log" >&2 || true
    rm -f "$log"
}
