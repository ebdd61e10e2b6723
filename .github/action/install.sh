#!/usr/bin/env bash
# Builds itsmlint from the action's own checkout (the pinned version of the action).
set -euo pipefail
: "${ACTION_PATH:?}" "${INSTALL_ROOT:?}"
cargo install --locked --path "$ACTION_PATH" --root "$INSTALL_ROOT"
