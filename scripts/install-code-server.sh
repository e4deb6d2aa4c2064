#!/usr/bin/env bash
# Installs a real VS Code (1.100.3, carried by the npm package code-server@4.100.3) for the
# extension-host and UI tests, because VS Code itself cannot be downloaded here.
# Each step below says why it is done the way it is.
#
# Usage:   bash scripts/install-code-server.sh
# Where:   ${RF_VSCODE_CACHE:-$HOME/.cache/rust-flamegraph/code-server-4.100.3}
#          (outside the checkout: ~320 MB, about a minute to build; kept across clones and cleans)
# Output:  progress lines on stderr; the LAST LINE OF STDOUT is the absolute install root, i.e. the
#          folder holding node_modules/code-server. test/harness/codeServer.ts finds it the same way.
# Re-runs: a marker file (<root>/.rf-install-ok) makes a second run a no-op that takes under a second.
#          Delete the marker (or the folder) to force a reinstall.
# Needs:   root (or sudo-less apt) for the Debian packages, unless they are all installed already.
set -euo pipefail

CS_VERSION=4.100.3
ROOT="${RF_VSCODE_CACHE:-$HOME/.cache/rust-flamegraph/code-server-$CS_VERSION}"
MARKER="$ROOT/.rf-install-ok"
VSCODE="$ROOT/node_modules/code-server/lib/vscode"
# fonts-noto-color-emoji: the 🔥 of the CodeLens titles, as users see it, in the UI tests' screenshots.
APT_PKGS=(chromium ripgrep libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config build-essential python3 fonts-noto-color-emoji)

say() { printf '[install-code-server] %s\n' "$*" >&2; }
started=$SECONDS

mkdir -p "$ROOT"
LOG="$ROOT/install.log"
# Tool output goes to $LOG (apt and npm are very chatty); on failure its tail is shown.
run() {
  "$@" >>"$LOG" 2>&1 || { rc=$?; say "FAILED ($rc): $*  -- last lines of $LOG:"; tail -n 25 "$LOG" >&2; exit "$rc"; }
}
# Two test runs starting at once must not install into the same folder concurrently.
exec 9>"$ROOT/.lock"
flock 9

if [[ -f "$MARKER" && -f "$VSCODE/out/server-main.js" && -x /usr/bin/chromium ]]; then
  say "already installed ($(cat "$MARKER"))"
  echo "$ROOT"
  exit 0
fi

# 1. Debian packages. dpkg -s first: apt-get update alone costs many seconds.
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  run apt-get update
  run apt-get install -y --no-install-recommends "${missing[@]}"
else
  say "Debian packages present"
fi

# Root needs unsafe-perm for code-server's own scripts; native modules build against Debian's
# node headers (/usr/include/node) instead of downloading headers from nodejs.org.
export npm_config_unsafe_perm=true npm_config_nodedir=/usr
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
npm_q=(--no-fund --no-audit --loglevel=error)

# 2. code-server without scripts: its postinstall downloads ripgrep from the internet.
cd "$ROOT"
[[ -f package.json ]] || echo '{ "private": true, "description": "rust-flamegraph test cache" }' > package.json
say "npm install code-server@$CS_VERSION"
run npm install "${npm_q[@]}" --ignore-scripts "code-server@$CS_VERSION"

# 3. argon2 (login hashing) is loaded by code-server's entry point even with --auth none.
say "npm rebuild argon2"
run npm rebuild "${npm_q[@]}" argon2

# 4. The VS Code server's own dependencies and its native modules.
cd "$VSCODE"
say "npm install in lib/vscode"
run npm install "${npm_q[@]}" --omit=dev --ignore-scripts
say "npm rebuild native modules"
run npm rebuild "${npm_q[@]}" kerberos @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog
# node-pty's post-install step fails after pty.node is built ("npx canceled due to missing packages
# and no YES option: node-gyp", it only writes compile_commands.json); the module works. Judge by the file.
npm rebuild "${npm_q[@]}" node-pty >>"$LOG" 2>&1 || say "node-pty post-install failed as expected (see $LOG)"
[[ -f node_modules/node-pty/build/Release/pty.node ]] || { say "node-pty did not build pty.node"; exit 1; }
# @vscode/ripgrep's postinstall would download rg; use Debian's.
mkdir -p node_modules/@vscode/ripgrep/bin
cp -f /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
# The server resolves modules through node_modules.asar as the desktop build does.
ln -sfn node_modules node_modules.asar
say "npm install in lib/vscode/extensions"
cd extensions
run npm install "${npm_q[@]}" --omit=dev --ignore-scripts

echo "code-server $CS_VERSION installed $(date -u +%FT%TZ) in $((SECONDS - started)) s" > "$MARKER"
say "done in $((SECONDS - started)) s"
echo "$ROOT"
