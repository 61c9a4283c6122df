# Shared by scripts/*: where caches live and how missing tools are installed.
# Build caches stay outside the clone so that a fresh clone rebuilds incrementally.

AKUNTABEL_CACHE="${AKUNTABEL_CACHE:-$HOME/.cache/akuntabel}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$AKUNTABEL_CACHE/target}"
# Makes leptos load `/pkg/<output name>.wasm` with no `_bg` (scripts/build names the files; the
# server reads the content-hashed name from `pkg/bundle`).
export LEPTOS_OUTPUT_NAME=akuntabel
export PATH="$HOME/.cargo/bin:$AKUNTABEL_CACHE/npm/node_modules/.bin:$PATH"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root for: $*" >&2; return 1; fi
}

ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# wasm-bindgen-cli must be the exact version of the wasm-bindgen crate in Cargo.lock.
ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock")
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    say "installing wasm-bindgen-cli $want (about 2 minutes, once)"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

# Debian's wasm-opt (binaryen 108) breaks hydration of release builds; npm's 132 does not.
ensure_binaryen() {
  if ! "$AKUNTABEL_CACHE/npm/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version 132"; then
    say "installing binaryen 132 (wasm-opt) from npm"
    mkdir -p "$AKUNTABEL_CACHE/npm"
    (cd "$AKUNTABEL_CACHE/npm" && npm install --no-audit --no-fund --silent binaryen@132.0.0)
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Chromium and ChromeDriver"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  fi
}

# The brotli command precompresses the browser bundle (served with tower-http's precompressed files).
ensure_brotli() {
  if ! command -v brotli >/dev/null; then
    say "installing brotli"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli
  fi
}

# pq-sys links libpq; install its headers when missing.
ensure_libpq() {
  if ! ldconfig -p 2>/dev/null | grep -q 'libpq\.so\b' || [ ! -e /usr/include/postgresql/libpq-fe.h ]; then
    say "installing libpq-dev"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpq-dev
  fi
}

ensure_postgres_running() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    say "starting PostgreSQL"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
    echo "PostgreSQL did not start" >&2; return 1
  fi
}

# An S3-compatible server for the file-store tests: moto (from PyPI) in a virtualenv in the cache.
ensure_moto() {
  if ! "$AKUNTABEL_CACHE/moto/bin/moto_server" --help >/dev/null 2>&1; then
    say "installing moto (an S3-compatible test server) from PyPI"
    python3 -m venv "$AKUNTABEL_CACHE/moto"
    "$AKUNTABEL_CACHE/moto/bin/pip" install --quiet --disable-pip-version-check 'moto[server]==5.2.5'
  fi
}

# Starts moto on a free port with one bucket; sets TEST_S3_ENDPOINT and TEST_S3_BUCKET and stops
# the server when the calling script exits.
start_s3_server() {
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$AKUNTABEL_CACHE/moto/bin/moto_server" -H 127.0.0.1 -p "$port" >"$AKUNTABEL_CACHE/moto.log" 2>&1 &
  MOTO_PID=$!
  trap 'kill "$MOTO_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 1 50); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.2
  done
  curl -fs -o /dev/null -X PUT "http://127.0.0.1:$port/akuntabel-uji"
  export TEST_S3_ENDPOINT="http://127.0.0.1:$port" TEST_S3_BUCKET="akuntabel-uji"
}
