import type { ModuleManifest } from '../../lib/module.js';

/** Demo and benchmark data, loaded by the CLI only: no routes, no jobs. */
export const seedModule: ModuleManifest = { name: 'seed', core: true };
