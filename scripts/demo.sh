#!/usr/bin/env bash
# The README's first command: sets up the toolchain (scripts/toolchain.sh: Node.js 22, npm packages, the library
# build, the Pulumi CLI), then runs the offline demo, scripts/demo.ts: the quickstart project through the real Pulumi
# engine against the Microsoft Graph emulator on 127.0.0.1. Arguments go to the demo (`--quiet`: narration only).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
pgs_require_language_host
cd "$PGS_ROOT"
exec npx tsx scripts/demo.ts "$@"
