#!/usr/bin/env bash
# The benchmark command (`npm run bench`): sets up the toolchain like the test command, then runs the driver, which
# writes bench/RESULTS.md and bench/growth.svg. Arguments go to the driver (see bench/run.ts), e.g.
#   npm run bench -- --sizes 1,50 --runs 2 --throttled-runs 1 --out /tmp
# Take the figures on a quiet machine: the driver records the load average, and other work skews every timing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$PGS_ROOT"
printf '[bench] load average before the run: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)" >&2
npx tsx bench/run.ts "$@"
