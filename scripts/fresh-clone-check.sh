#!/usr/bin/env bash
# A new user's first hour, checked: clone the repository with nothing beside it, run the
# README's two commands, make sure `npx dbgen` resolves to the local build (never to the
# public registry), then pack the packages and use them from a new CommonJS app outside the
# repository (`npm init -y`), as the README's "Use dbgen in your own project" says: init,
# generate, migrate, and a program that writes and reads through the ORM on SQLite.
#   bash scripts/fresh-clone-check.sh          (.ci/run runs it)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/dbgen-fresh-XXXXXX")"
trap 'rm -rf "$work"' EXIT
step() { printf '\n== fresh clone: %s\n' "$*"; }

step "git clone (no shared/ beside it)"
git clone --quiet --no-local "$repo" "$work/clone"
cd "$work/clone"

step "the README's first command: npm install && npm run demo"
npm install --no-audit --no-fund
npm run demo >"$work/demo.log" 2>&1 || { cat "$work/demo.log"; exit 1; }
tail -3 "$work/demo.log"
test ! -e demo.db || { echo "the demo left demo.db behind" >&2; exit 1; }

step "the README's second command: npm test (without the conformance corpus, outside CI)"
env -u CI DBGEN_CORPUS="$work/no-corpus" npm test >"$work/test.log" 2>&1 || {
  # The failing tests with their error, then the summary (the log goes with $work).
  grep -E -A40 '^ *not ok ' "$work/test.log" | head -300
  tail -12 "$work/test.log"
  exit 1
}
grep -E '^# (tests|pass|fail|skipped)' "$work/test.log"
grep -q 'DBML conformance corpus # SKIP' "$work/test.log" || {
  echo "the tests that need the corpus did not say they were skipped" >&2
  exit 1
}

step "npx dbgen resolves to the local build, offline"
npm_config_offline=true npx dbgen --help | head -3

step "npm pack, then a new CommonJS app outside the repository"
mkdir "$work/tarballs" "$work/app"
npm pack --silent --pack-destination "$work/tarballs" \
  -w @dbgen/runtime -w @dbgen/generator -w @dbgen/cli >/dev/null
ls "$work/tarballs"
for tarball in "$work"/tarballs/*.tgz; do
  # Listed once into a variable: `tar | grep -q` under pipefail fails when grep stops early.
  contents="$(tar -tzf "$tarball")"
  if grep -E '\.tsbuildinfo$' <<<"$contents"; then
    echo "$tarball carries build caches" >&2
    exit 1
  fi
  for file in package/README.md package/LICENSE; do
    grep -qx "$file" <<<"$contents" || { echo "$tarball has no $file" >&2; exit 1; }
  done
done
cd "$work/app"
npm init -y >/dev/null
node -e 'const p=require("./package.json"); if (p.type === "module") process.exit(1)' \
  || echo "(npm init wrote type: module)"
npm install --no-audit --no-fund "$work"/tarballs/dbgen-runtime-*.tgz sqlite3
npm install --no-audit --no-fund --save-dev \
  "$work"/tarballs/dbgen-generator-*.tgz "$work"/tarballs/dbgen-cli-*.tgz
npx dbgen init
npx dbgen generate
npx dbgen migrate new create_tables
npx dbgen migrate up
# The program is the README's own (the js block under its fresh-clone-check marker).
awk '/<!-- fresh-clone-check: main.mjs -->/ { found = 1; next }
     found && /^```js/ { inside = 1; next }
     inside && /^```/ { exit }
     inside { print }' "$work/clone/README.md" >main.mjs
test -s main.mjs || { echo "README.md has no fresh-clone-check main.mjs block" >&2; exit 1; }
node main.mjs | tee "$work/app.log"
grep -qx '1 post by user 1: Notes on the engine' "$work/app.log"
step "ok"
