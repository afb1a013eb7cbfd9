#!/usr/bin/env node
// Builds what `npm start` and `npm test` need, skipping parts that are already up to date:
// the server (tsc, incremental) and the admin app (vite, when web/ changed since the last build).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const force = process.argv.includes('--force');
const run = (command, args, env = process.env) => execFileSync(command, args, { stdio: 'inherit', env });

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

const tscBin = join('node_modules', 'typescript', 'bin', 'tsc');
const viteBin = join('node_modules', 'vite', 'bin', 'vite.js');

if (
  force ||
  newest('src') > newest('dist/src') ||
  newest('bench') > newest('dist/bench') ||
  !existsSync('dist/src/main.js')
) {
  run(process.execPath, [tscBin, '-p', 'tsconfig.json']);
}
// The embedded database's first-start template, rebuilt when the migrations change.
const template = join('dist', 'pglite-template.tar.gz');
if (force || !existsSync(template) || newest('dist/src/db/migrations') > statSync(template).mtimeMs) {
  run(process.execPath, [join('scripts', 'pglite-template.mjs'), template]);
}

const webBuilt = join('web', 'dist', 'index.html');
const webSources = Math.max(newest('web/src'), newest('web/index.html'), newest('web/vite.config.ts'));
if (
  existsSync('web/index.html') &&
  (force || !existsSync(webBuilt) || webSources > statSync(webBuilt).mtimeMs)
) {
  // Always React's production build, whatever mode the caller runs in (vitest sets NODE_ENV=test).
  run(process.execPath, [viteBin, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    ...process.env,
    NODE_ENV: 'production',
  });
}
