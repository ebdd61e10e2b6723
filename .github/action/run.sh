#!/usr/bin/env bash
# Runs itsmlint for the GitHub Action. Inputs arrive only as environment variables (never
# spliced into the script), so a crafted path or config value cannot run commands.
set -uo pipefail

bin="${ITSMLINT_BIN:-itsmlint}"
if [ ! -x "$bin" ]; then bin=itsmlint; fi

args=(check)
if [ -n "${INPUT_CONFIG:-}" ]; then args+=(--config "$INPUT_CONFIG"); fi
if [ -n "${INPUT_TODAY:-}" ]; then args+=(--today "$INPUT_TODAY"); fi
if [ -n "${INPUT_BASELINE:-}" ]; then args+=(--baseline "$INPUT_BASELINE"); fi
gate=()
case "${INPUT_FAIL_ON:-error}" in
  error) ;;
  warning) gate=(--deny warnings) ;;
  never) gate=(--exit-zero) ;;
  *)
    echo "::error title=itsmlint::fail-on must be error, warning or never (got '${INPUT_FAIL_ON}')"
    exit 2
    ;;
esac

# Paths are separated by whitespace or newlines; each stays one argument.
paths=()
IFS=$' \t\n' read -r -d '' -a paths <<< "${INPUT_PATHS:-.}" || true
if [ "${#paths[@]}" -eq 0 ]; then paths=(.); fi

# Annotations on the pull request.
"$bin" "${args[@]}" ${gate[@]+"${gate[@]}"} --format github "${paths[@]}"
status=$?
if [ "$status" -eq 2 ]; then exit 2; fi

if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  "$bin" "${args[@]}" --exit-zero --quiet --format sarif --output "$INPUT_SARIF_FILE" "${paths[@]}" >/dev/null || exit 2
fi

if [ "${INPUT_SUMMARY:-true}" = "true" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  "$bin" "${args[@]}" --exit-zero --format markdown "${paths[@]}" >> "$GITHUB_STEP_SUMMARY" || exit 2
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "exit-code=$status" >> "$GITHUB_OUTPUT"; fi
exit "$status"
