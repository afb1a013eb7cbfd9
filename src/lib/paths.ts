import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The package folder, whether this file runs compiled (dist/src/lib) or from source (src/lib,
 * under tsx or Vitest): the web build and the PGlite template are found from it either way.
 */
export const packageRoot = resolve(here, existsSync(join(here, '../../package.json')) ? '../..' : '../../..');

/** Built by scripts/build.mjs: the admin app and the migrated first-start database. */
export const webDist = join(packageRoot, 'web', 'dist');
export const pgliteTemplate = join(packageRoot, 'dist', 'pglite-template.tar.gz');
