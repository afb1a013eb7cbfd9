#!/usr/bin/env node
import { availableParallelism } from 'node:os';

// Password hashing runs on libuv's thread pool, 4 threads unless told otherwise: on a host with
// more cores, sign-ins would stop scaling at 4. Sized before anything starts the pool.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism()));
await import('../dist/src/main.js');
