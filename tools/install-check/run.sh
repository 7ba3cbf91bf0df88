#!/usr/bin/env bash
# The user-install job (CI and the release workflow): build, publint + attw on the packed tarballs, then every public
# package installed alone with plain npm in an empty folder and its README smoke script run. Needs only the npm
# registry. Extra arguments go to install-check (e.g. --only cli,runtime-node).
set -euo pipefail
cd "$(dirname "$0")/../.."
pnpm build
pnpm check:publish
pnpm install-check "$@"
