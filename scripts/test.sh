#!/usr/bin/env bash
# The project's one test command: sets up the toolchain, then lint, type-check, unit, emulator/integration and
# real-engine tests. Exits non-zero on the first failure; never skips the engine tests, and fails before any test runs
# when the Pulumi CLI or its Node.js language host is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
# The engine tests run the quickstart and the examples with the plain CLI: no language host, no test run.
pgs_require_language_host
cd "$PGS_ROOT"

step() { printf '\n== %s\n' "$*" >&2; }
started=$SECONDS
# Both keep a cache under .state/ (ignored), so a warm run checks only what changed.
step "lint (eslint)";            npx eslint --cache --cache-location .state/eslintcache .
step "type-check (tsc)";         npx tsc -p tsconfig.json --noEmit --incremental --tsBuildInfoFile .state/tsbuildinfo-typecheck
step "tests (vitest: unit, integration, engine)"
npx vitest run "$@"
printf '\n== all checks passed in %d s\n' "$((SECONDS - started))" >&2
