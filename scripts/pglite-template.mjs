#!/usr/bin/env node
// Writes an initialised, migrated PGlite data folder as a tarball (dist/pglite-template.tar.gz).
// A first start on an empty CLIENTELE_DATA_DIR loads it instead of running PGlite's initdb and
// every migration, which takes most of a first start (docs/benchmarks.md).
import { writeFileSync } from 'node:fs';
import { migrateToLatest, openDatabase } from '../dist/src/db/database.js';

const target = process.argv[2] ?? 'dist/pglite-template.tar.gz';
const handle = await openDatabase({});
await migrateToLatest(handle.db);
const dump = await handle.pglite.dumpDataDir('gzip');
writeFileSync(target, Buffer.from(await dump.arrayBuffer()));
await handle.close();
