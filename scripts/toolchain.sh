# shellcheck shell=bash
# Sourced by scripts/test.sh, scripts/demo.sh and scripts/bench.sh: makes sure this machine has what the
# project needs, installing it into a cache outside the repository, and exports the environment every later step
# (vitest, the Pulumi CLI, and the dynamic-provider process the CLI starts) runs in.
#
#   Node.js 22+       node from PATH when it is 22 or newer, else the npm package node@22 in the cache
#   npm packages      npm ci when package-lock.json changed since the last install
#   Pulumi CLI        pulumi from PATH when it is at least the pin, else built with Go from the Go module proxy
#   language host     pulumi-language-nodejs next to the CLI, on PATH, or copied there from ../shared/bin/
#   Pulumi state      a local file backend under .state/ (ignored); nothing talks to Pulumi Cloud
#
# Idempotent: a warm run checks and prints, and installs nothing.

set -euo pipefail

PGS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGS_CACHE="${PULUMI_GRAPH_SYNC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-graph-sync}"
# The newest pkg/v3 release the Go module proxy serves, and the same release as the @pulumi/pulumi SDK in
# package-lock.json: engine and SDK from one release rule out version skew in the serialization path.
PGS_PULUMI_VERSION="v3.276.0"
PGS_NODE_MAJOR=22
export PGS_ROOT PGS_CACHE PGS_PULUMI_VERSION

pgs_say() { printf '[toolchain] %s\n' "$*" >&2; }
pgs_die() { printf '[toolchain] error: %s\n' "$*" >&2; exit 1; }

pgs_started=$SECONDS
mkdir -p "$PGS_CACHE"

# --- Node.js -----------------------------------------------------------------------------------------------
pgs_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

pgs_ensure_node() {
  local cached="$PGS_CACHE/node$PGS_NODE_MAJOR/node_modules/node/bin"
  if command -v node >/dev/null && [ "$(pgs_node_major node)" -ge "$PGS_NODE_MAJOR" ]; then
    pgs_say "node $(node --version) from PATH"
    return
  fi
  if [ ! -x "$cached/node" ]; then
    command -v npm >/dev/null || pgs_die "Node.js $PGS_NODE_MAJOR+ is required and npm is missing to install it. Install Node.js $PGS_NODE_MAJOR or newer."
    pgs_say "node on PATH is $(node --version 2>/dev/null || echo absent); installing npm package node@$PGS_NODE_MAJOR into $PGS_CACHE (first run only, ~10 s)"
    npm install --silent --no-audit --no-fund --prefix "$PGS_CACHE/node$PGS_NODE_MAJOR" "node@$PGS_NODE_MAJOR" >&2
  fi
  [ -x "$cached/node" ] || pgs_die "npm package node@$PGS_NODE_MAJOR did not provide $cached/node"
  export PATH="$cached:$PATH"
  pgs_say "node $(node --version) from $cached"
}

# --- npm packages ------------------------------------------------------------------------------------------
pgs_ensure_packages() {
  local stamp="$PGS_ROOT/node_modules/.pgs-lock-stamp"
  if [ -f "$stamp" ] && cmp -s "$stamp" "$PGS_ROOT/package-lock.json"; then
    pgs_say "npm packages up to date"
  else
    pgs_say "npm ci (package-lock.json changed or first run, ~30 s)"
    (cd "$PGS_ROOT" && npm ci --no-audit --no-fund >&2)
    cp "$PGS_ROOT/package-lock.json" "$stamp"
  fi
  # The library's compiled output is what users install, what the quickstart imports by package name, and
  # what the engine serializes: always build it before anything runs.
  pgs_say "building the library (tsc -p tsconfig.build.json, incremental)"
  # Incremental, with its build info under .state/: a warm build takes seconds. dist/ is built from scratch when
  # there is no build info (a fresh clone, or .state/ removed), when the set of library sources changed (a file
  # deleted or renamed by a pull or a rebase) or when tsconfig.build.json did (an output kind dropped), so no file
  # that the build no longer makes can linger in dist/ and be packed (test/unit/packaging checks the package).
  (cd "$PGS_ROOT" && mkdir -p .state &&
    inputs=$({ cat tsconfig.build.json; find provider -name '*.ts' | LC_ALL=C sort; } | cksum) &&
    { [ "$(cat .state/build-inputs.stamp 2>/dev/null)" = "$inputs" ] || rm -f .state/tsbuildinfo-build; } &&
    { [ -f .state/tsbuildinfo-build ] || rm -rf dist; } &&
    npx tsc -p tsconfig.build.json --incremental --tsBuildInfoFile .state/tsbuildinfo-build &&
    printf '%s' "$inputs" >.state/build-inputs.stamp)
  pgs_install_packed_copy
}

# The quickstart, the examples and the engine tests import the package the way users do: an npm-packed copy
# under node_modules/pulumi-graph-sync. That is what Pulumi's serializer must see to write the provider as a
# require() by package name, and it catches anything the published file list or exports map leaves out.
pgs_install_packed_copy() {
  local packdir tarball target
  packdir=$(mktemp -d)
  tarball=$(cd "$PGS_ROOT" && npm pack --silent --pack-destination "$packdir" | tail -n1)
  for target in "$PGS_ROOT/node_modules/pulumi-graph-sync" ${PGS_FLOOR_SDK_MODULES:+"$PGS_FLOOR_SDK_MODULES/pulumi-graph-sync"}; do
    rm -rf "$target" && mkdir -p "$target"
    tar -xzf "$packdir/$tarball" -C "$target" --strip-components=1
  done
  rm -rf "$packdir"
  pgs_say "installed the packed package into node_modules/pulumi-graph-sync${PGS_FLOOR_SDK_MODULES:+ and the oldest-SDK project modules}"
}

# --- The oldest supported @pulumi/pulumi -------------------------------------------------------------------
# The engine tests run the resource's lifecycle once more in a project whose program uses the oldest @pulumi/pulumi
# this package supports (docs/decisions/sdk-floor.md). Its node_modules lives in a cache folder: that SDK, TypeScript 5
# (the SDK's peer range stops below 6), and the package's own dependencies at the versions package-lock.json holds;
# the packed package is copied in by pgs_install_packed_copy on every run, as for the repository's node_modules.
# The folder's path must not contain "pulumi-graph-sync" (so not $PGS_CACHE): SDKs before 3.251.0 find a captured
# package's package.json at the first occurrence of its name in the path, and then serialize the provider by a path
# its exports map refuses (README.md, Limitations).
PGS_FLOOR_SDK_VERSION="3.139.0"
PGS_FLOOR_TYPESCRIPT_VERSION="5.9.3"
pgs_ensure_floor_sdk() {
  local dir="${XDG_CACHE_HOME:-$HOME/.cache}/pgs-sdk-floor/$PGS_FLOOR_SDK_VERSION" specs
  case "$dir" in *pulumi-graph-sync*) pgs_die "the oldest-SDK project folder $dir must not have pulumi-graph-sync in its path" ;; esac
  specs=$(cd "$PGS_ROOT" && node -e '
    const lock = require("./package-lock.json").packages;
    const manifest = require("./package.json");
    const locked = (name) => `${name}@${lock["node_modules/" + name].version}`;
    const [sdk, typescript] = process.argv.slice(1);
    const runtime = Object.keys(manifest.dependencies).filter((name) => name !== "@pulumi/pulumi").map(locked);
    console.log([`@pulumi/pulumi@${sdk}`, `typescript@${typescript}`, locked("@types/node"), ...runtime].join(" "));
  ' "$PGS_FLOOR_SDK_VERSION" "$PGS_FLOOR_TYPESCRIPT_VERSION")
  if [ "$(cat "$dir/.pgs-specs" 2>/dev/null)" != "$specs" ]; then
    pgs_say "installing the oldest supported SDK's project modules into $dir (once per dependency change, ~60 s): $specs"
    rm -rf "$dir" && mkdir -p "$dir"
    printf '{ "name": "graphsync-sdk-floor", "private": true }\n' >"$dir/package.json"
    # shellcheck disable=SC2086 # one word per package spec
    (cd "$dir" && npm install --no-audit --no-fund --no-package-lock $specs >&2)
    printf '%s' "$specs" >"$dir/.pgs-specs"
  fi
  export PGS_FLOOR_SDK_VERSION PGS_FLOOR_SDK_MODULES="$dir/node_modules"
}

# --- Pulumi CLI --------------------------------------------------------------------------------------------
pgs_version_ge() { # $1 >= $2, both vX.Y.Z
  [ "$(printf '%s\n%s\n' "${1#v}" "${2#v}" | sort -V | head -n1)" = "${2#v}" ]
}

pgs_build_pulumi() {
  local bin="$1" work="$PGS_CACHE/pulumi-build-$PGS_PULUMI_VERSION"
  command -v go >/dev/null || pgs_die "no Pulumi CLI $PGS_PULUMI_VERSION+ on PATH and no Go to build one.
  Install the Pulumi CLI (https://www.pulumi.com/docs/install/), or Go 1.26+ so this script can build it."
  pgs_say "building the Pulumi CLI $PGS_PULUMI_VERSION with $(go version | cut -d' ' -f3) from the Go module proxy"
  pgs_say "  first run only: downloads ~300 modules and compiles for 5-10 minutes on 2 cores"
  rm -rf "$work" && mkdir -p "$work" "$bin"
  # go install refuses pkg/v3 because its go.mod has replace directives; a throwaway main module that requires
  # pkg and sdk at the pin, with only pkg's version-pinning replace, builds the same binary.
  cat >"$work/go.mod" <<EOF
module local/pulumi-graph-sync-cli

go 1.26.6

require (
	github.com/pulumi/pulumi/pkg/v3 $PGS_PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 $PGS_PULUMI_VERSION
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
EOF
  cat >"$work/tools.go" <<'EOF'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
EOF
  (
    cd "$work"
    GOFLAGS=-mod=mod go mod tidy >&2
    go build -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PGS_PULUMI_VERSION" \
      -o "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
  )
}

pgs_ensure_pulumi() {
  local bin="$PGS_CACHE/pulumi-$PGS_PULUMI_VERSION/bin" found=""
  if command -v pulumi >/dev/null && [ "$(command -v pulumi)" != "$bin/pulumi" ]; then
    found=$(PULUMI_SKIP_UPDATE_CHECK=true pulumi version 2>/dev/null || true)
    if [ -n "$found" ] && pgs_version_ge "$found" "$PGS_PULUMI_VERSION"; then
      bin="$(dirname "$(command -v pulumi)")"
      pgs_say "pulumi $found from PATH"
    else
      pgs_say "pulumi on PATH is ${found:-unversioned}, older than the pin $PGS_PULUMI_VERSION: using the cached build"
      found=""
    fi
  fi
  if [ -z "$found" ]; then
    if [ ! -x "$bin/pulumi" ] || [ "$("$bin/pulumi" version 2>/dev/null)" != "$PGS_PULUMI_VERSION" ]; then
      pgs_build_pulumi "$bin"
    fi
    pgs_say "pulumi $("$bin/pulumi" version) from $bin"
  fi
  # The engine looks for the dynamic-provider plugin next to the pulumi binary (a Pulumi install ships it there),
  # then on PATH (with a warning in every operation's output). Our own build gets a copy of the one @pulumi/pulumi
  # ships at its package root; it resolves the SDK from the program's directory, so any checkout's copy serves.
  local plugin="$PGS_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ ! -e "$bin/pulumi-resource-pulumi-nodejs" ]; then
    if [ -w "$bin" ]; then
      install -m 755 "$plugin" "$bin/pulumi-resource-pulumi-nodejs"
    else
      mkdir -p "$PGS_CACHE/bin"
      install -m 755 "$plugin" "$PGS_CACHE/bin/pulumi-resource-pulumi-nodejs"
      export PATH="$PGS_CACHE/bin:$PATH"
    fi
  fi
  export PATH="$bin:$PATH"
  export PGS_PULUMI_BIN_DIR="$bin"
  pgs_find_language_host "$bin"
}

# --- Node.js language host ---------------------------------------------------------------------------------
# The CLI starts pulumi-language-nodejs to run a Pulumi.yaml program (`pulumi preview`, `pulumi up`), the path users
# take and the one the engine tests, the demo and the examples run. It is a separate, untagged Go module that the Go
# module proxy does not serve, so a CLI built here comes without it; an official Pulumi install ships it next to
# `pulumi`. Looked for next to the CLI, then on PATH, then at ../shared/bin/ beside the repository (a copy of Pulumi's
# own build kept outside the project, see that folder's README), which is copied next to the CLI as a Pulumi install
# would have it: the CLI then finds it without warning that it runs a language host from PATH.
pgs_find_language_host() {
  local bin="$1" shared="$PGS_ROOT/../shared/bin/pulumi-language-nodejs" host=""
  if [ -x "$bin/pulumi-language-nodejs" ]; then
    host="$bin/pulumi-language-nodejs"
  elif command -v pulumi-language-nodejs >/dev/null; then
    host="$(command -v pulumi-language-nodejs)"
  elif [ -x "$shared" ]; then
    if [ -w "$bin" ]; then
      install -m 755 "$shared" "$bin/pulumi-language-nodejs"
      host="$bin/pulumi-language-nodejs"
    else
      mkdir -p "$PGS_CACHE/bin"
      install -m 755 "$shared" "$PGS_CACHE/bin/pulumi-language-nodejs"
      host="$PGS_CACHE/bin/pulumi-language-nodejs"
      export PATH="$PGS_CACHE/bin:$PATH"
    fi
    pgs_say "copied the Node.js language host from $(cd "$(dirname "$shared")" && pwd) to $(dirname "$host")"
  fi
  export PGS_LANGUAGE_HOST="$host"
  if [ -n "$host" ]; then
    pgs_say "pulumi-language-nodejs $("$host" -version 2>/dev/null || echo '(version unknown)') from $(dirname "$host")"
  else
    pgs_say "no Node.js language host (pulumi-language-nodejs) next to the CLI, on PATH or in ../shared/bin/"
  fi
}

# Scripts that run Pulumi.yaml programs with the CLI (the tests, the demo) call this after sourcing the toolchain.
pgs_require_language_host() {
  [ -n "${PGS_LANGUAGE_HOST:-}" ] && return 0
  pgs_die "the Pulumi CLI in $PGS_PULUMI_BIN_DIR has no Node.js language host (pulumi-language-nodejs), which it
  needs to run a Pulumi.yaml program: the engine tests and the demo run the quickstart and the examples that way, as
  users do. An official Pulumi install ships it next to \`pulumi\` (https://www.pulumi.com/docs/install/): put that
  install first on PATH, or copy its pulumi-language-nodejs next to $PGS_PULUMI_BIN_DIR/pulumi or anywhere on PATH."
}

# --- Pulumi environment ------------------------------------------------------------------------------------
pgs_pulumi_env() {
  export PULUMI_HOME="${PULUMI_HOME:-$PGS_ROOT/.state/pulumi-home}"
  export PULUMI_SKIP_UPDATE_CHECK=true
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  mkdir -p "$PULUMI_HOME"
}

pgs_ensure_node
pgs_ensure_floor_sdk
pgs_ensure_packages
pgs_ensure_pulumi
pgs_pulumi_env
pgs_say "ready in $((SECONDS - pgs_started)) s"
