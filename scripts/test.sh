#!/usr/bin/env bash
# `npm test`: type-check and lint, then every test (domain, store, API, browser) on the embedded
# database — or on a PostgreSQL server when DATABASE_URL is set. Ends with one plain summary line.
# MINSHENG_TEST_SKIP_STATIC=1 skips the type-check and lint: CI sets it on its second pass (the same
# code on PostgreSQL), where they would only repeat the first pass's verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${MINSHENG_TEST_SKIP_STATIC:-}" ]; then
  echo "== type-check (server, tests, web apps)"
  npx tsc --noEmit -p .
  npx tsc --noEmit -p web
  npx tsc --noEmit -p test/e2e
  echo "== lint and format (eslint.config.js; npm run lint:fix repairs the layout)"
  npx eslint --max-warnings 0 .
fi
echo "== web build and browser"
node scripts/build-web.mjs
bash scripts/ensure-browser.sh
db="PGlite (embedded)"; [ -n "${DATABASE_URL:-}" ] && db="PostgreSQL ${DATABASE_URL%%\?*}"
echo "== tests on $db"
report=$(mktemp)
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
  // A browser test that passed on its retry (vitest.config.ts) keeps the first try'"'"'s error: name it.
  const retried = r.testResults.flatMap((f) => f.assertionResults
    .filter((t) => t.status === "passed" && t.failureMessages.length > 0)
    .map((t) => `  ${f.name.replace(process.cwd() + "/", "")} > ${t.fullName}: ${t.failureMessages[0].split("\n")[0]}`));
  if (retried.length) console.log(`passed only on a retry (${retried.length}):\n${retried.join("\n")}`);
' "$report" || true
rm -f "$report"
exit $status
