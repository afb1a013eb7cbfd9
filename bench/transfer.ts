/**
 * Issue 15 point 8, data in and out beside their floors, each on fresh databases of the same
 * schema (`npm run bench -- --scenarios transfer [--db postgres|pglite] [--count N]`):
 *
 * - import: a generated CSV of N rows, 1% of them bad, uploaded over HTTP to the real service
 *   and run by the job runner, against `COPY` of the same good rows (as the import normalises
 *   them) into the same tables with the same indexes and triggers, on a second fresh database.
 *   Peak RSS of the process (service + worker) is sampled every 50 ms.
 * - export: the CSV export job of everything the import made, uploaded and downloaded over
 *   HTTP, against `COPY (select the same columns) TO STDOUT`.
 * - seed: `clientele seed`'s path (seedCustomers) on a third fresh database, against the same
 *   COPY floor.
 */

import { execFile, execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buildApp } from '../src/app.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../src/db/database.js';
import { rowFromCells } from '../src/flows/customer-columns.js';
import { type RequestContext, systemContext } from '../src/lib/context.js';
import { csvLine } from '../src/lib/csv.js';
import { newId } from '../src/lib/ids.js';
import { createAdmin, signIn } from '../src/modules/admins/admins.service.js';
import { checkImportRow, type ImportRow } from '../src/modules/customers/customer-import.service.js';
import { seedCustomers, seedTuning } from '../src/modules/seed/seed.service.js';
import { defaultCustomerSet, ensureDefaultTenant } from '../src/modules/tenants/tenants.service.js';
import { startBackgroundWork } from '../src/worker/background.js';
import { benchAppConfig } from './app-config.js';
import { type BenchTarget, countCustomers, type Engine, ownerAuthorization } from './target.js';

const FIRST = [
  'Anna',
  'Ben',
  'Chloé',
  'Dmitri',
  'Eva',
  'Farid',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kofi',
  'Lena',
];
const LAST = [
  'Smith',
  'Müller',
  "O'Brien",
  'García',
  'Nowak',
  'Rossi',
  'Dubois',
  'Jensen',
  'Tanaka',
  'Silva',
];
const PLACES = [
  {
    country: 'US',
    states: ['CA', 'NY', 'TX', 'WA'],
    city: 'Springfield',
    phone: (n: number) => `+1 415 ${2 + (n % 8)}${pad(n, 6)}`,
    zip: (n: number) => pad(n, 5),
  },
  {
    country: 'DE',
    states: [],
    city: 'Berlin',
    phone: (n: number) => `030 ${pad(n, 8)}`,
    zip: (n: number) => pad(n, 5),
  },
  {
    country: 'GB',
    states: [],
    city: 'London',
    phone: (n: number) => `020 7${pad(n, 7)}`,
    zip: () => 'SW1A 1AA',
  },
  {
    country: 'FR',
    states: [],
    city: 'Lyon',
    phone: (n: number) => `+33 4 ${pad(n, 8)}`,
    zip: (n: number) => pad(n, 5),
  },
  {
    country: 'CA',
    states: ['ON', 'QC', 'BC'],
    city: 'Toronto',
    phone: (n: number) => `+1 416 ${2 + (n % 8)}${pad(n, 6)}`,
    zip: () => 'M5V 2T6',
  },
];
const pad = (n: number, width: number) => String(n % 10 ** width).padStart(width, '0');
const HEADER = [
  'email',
  'firstName',
  'lastName',
  'phone',
  'companyName',
  'tags',
  'address.line1',
  'address.line2',
  'address.city',
  'address.postalCode',
  'address.countryCode',
  'address.stateCode',
];

/** Row `i` of the file: every 100th is bad in one of three ways (email, state, phone). */
function cells(i: number): string[] {
  const place = PLACES[i % PLACES.length]!;
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / 7) % LAST.length]!;
  const bad = i % 100 === 99 ? Math.floor(i / 100) % 3 : -1;
  const email =
    bad === 0
      ? `not-an-email-${i}`
      : `${first
          .normalize('NFD')
          .replace(/[^A-Za-z]/g, '')
          .toLowerCase()}.${i}@example.com`;
  const state = place.states.length > 0 ? place.states[i % place.states.length]! : '';
  return [
    email,
    first,
    last,
    bad === 2 ? '12' : i % 2 === 0 ? place.phone(1_000_000 + i) : '',
    i % 10 === 0 ? `${last}, ${first} & Co` : '',
    i % 5 === 0 ? 'vip, newsletter' : '',
    `${1 + (i % 999)} Main Street`,
    i % 4 === 0 ? `Apt ${i % 50}` : '',
    place.city,
    place.zip(i),
    place.country,
    bad === 1 ? 'ZZ' : state,
  ];
}

/** A floor row as COPY reads it (CSV; `\N`-free: empty unquoted fields are NULL). */
const copyCell = (value: string | null | undefined) =>
  value === null || value === undefined ? '' : `"${value.replace(/"/g, '""')}"`;

interface Generated {
  file: string;
  customersCopy: string;
  addressesCopy: string;
  rows: number;
  good: number;
  bytes: number;
}

/**
 * Writes the import file and, for the floor, the good rows as the import writes them (checked
 * and normalised by the import's own checkImportRow), in the tables' own columns.
 */
function generate(dir: string, rows: number, ids: { tenantId: string; setId: string }): Generated {
  const file = join(dir, 'customers.csv');
  const customersCopy = join(dir, 'customers.copy.csv');
  const addressesCopy = join(dir, 'addresses.copy.csv');
  const fields = HEADER.map((h) => h);
  const out: string[] = [csvLine(HEADER)];
  const customers: string[] = [];
  const addresses: string[] = [];
  let good = 0;
  const now = new Date().toISOString();
  const flush = () => {
    writeFileSync(file, out.join(''), { flag: 'a' });
    writeFileSync(customersCopy, customers.join(''), { flag: 'a' });
    writeFileSync(addressesCopy, addresses.join(''), { flag: 'a' });
    out.length = 0;
    customers.length = 0;
    addresses.length = 0;
  };
  for (const f of [file, customersCopy, addressesCopy]) writeFileSync(f, '');
  for (let i = 0; i < rows; i++) {
    const row = cells(i);
    out.push(csvLine(row));
    const checked = checkImportRow(rowFromCells(i + 2, fields, row, 'clientele'));
    if ('row' in checked) {
      good++;
      const { customer, address } = checked.row as ImportRow;
      const id = newId();
      customers.push(
        `${[
          ids.tenantId,
          id,
          ids.setId,
          copyCell(customer.firstName),
          copyCell(customer.lastName),
          copyCell(customer.email),
          copyCell(customer.phone),
          copyCell(customer.companyName),
          copyCell(`{${(customer.tags ?? []).map((t) => `"${t}"`).join(',')}}`),
          copyCell(address?.countryCode),
          copyCell(address?.stateCode),
          now,
          now,
        ].join(',')}\n`,
      );
      if (address)
        addresses.push(
          `${[
            ids.tenantId,
            newId(),
            id,
            copyCell(address.line1),
            copyCell(address.line2),
            copyCell(address.city),
            copyCell(address.postalCode),
            copyCell(address.countryCode),
            copyCell(address.stateCode),
            'true',
            'true',
            now,
            now,
          ].join(',')}\n`,
        );
    }
    if (out.length >= 10_000) flush();
  }
  flush();
  return { file, customersCopy, addressesCopy, rows, good, bytes: statSync(file).size };
}

const CUSTOMER_COPY_COLUMNS =
  'tenant_id, id, customer_set_id, first_name, last_name, email, phone, company_name, tags, country_code, state_code, created_at, updated_at';
const ADDRESS_COPY_COLUMNS =
  'tenant_id, id, customer_id, line1, line2, city, postal_code, country_code, state_code, is_default_billing, is_default_shipping, created_at, updated_at';
/** The export's columns (flows/export-customers.ts: the customer and its default billing address). */
const EXPORT_SELECT = (tenantId: string) =>
  `select c.id, c.email, c.first_name, c.last_name, c.phone, c.company_name, c.organization_id, c.tax_id, c.locale, c.note, array_to_string(c.tags, ', '), c.external_id, c.is_registered, c.enabled, a.first_name, a.last_name, a.company_name, a.line1, a.line2, a.city, a.postal_code, a.country_code, a.state_code, a.phone, c.created_at, c.orders_count, c.total_spent_minor, c.last_order_at from customers c left join addresses a on a.tenant_id = c.tenant_id and a.customer_id = c.id and a.is_default_billing where c.tenant_id = '${tenantId}' order by c.id`;

interface Fresh {
  handle: DatabaseHandle;
  ctx: RequestContext;
  url: string | null;
  setId: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database with its default tenant (PostgreSQL: dropped and made again). */
async function freshDatabase(engine: Engine, name: string, baseUrl: string): Promise<Fresh> {
  if (engine === 'postgres') {
    const url = baseUrl.replace(/\/[^/]*$/, `/${name}`);
    const admin = baseUrl.replace(/\/[^/]*$/, '/postgres');
    execFileSync('psql', [admin, '-qc', `drop database if exists ${name}`]);
    execFileSync('psql', [admin, '-qc', `create database ${name}`]);
    const handle = await openDatabase({ url, poolSize: 10 });
    await migrateToLatest(handle.db);
    const tenant = await ensureDefaultTenant(handle.db);
    const ctx = systemContext(handle.db, tenant.id);
    return {
      handle,
      ctx,
      url,
      setId: (await defaultCustomerSet(ctx)).id,
      async drop() {
        await handle.close();
        execFileSync('psql', [admin, '-qc', `drop database if exists ${name}`]);
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `clientele-${name}-`));
  const handle = await openDatabase({ dataDir: dir });
  await migrateToLatest(handle.db);
  const tenant = await ensureDefaultTenant(handle.db);
  const ctx = systemContext(handle.db, tenant.id);
  return {
    handle,
    ctx,
    url: null,
    setId: (await defaultCustomerSet(ctx)).id,
    async drop() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** COPY of a CSV file into `table` (psql's \copy on PostgreSQL, /dev/blob on PGlite); answers ms. */
async function copyIn(db: Fresh, table: string, columns: string, file: string): Promise<number> {
  const started = performance.now();
  if (db.url) execFileSync('psql', [db.url, '-qc', `\\copy ${table} (${columns}) from '${file}' with csv`]);
  else {
    const { readFileSync } = await import('node:fs');
    await db.handle.pglite!.query(`copy ${table} (${columns}) from '/dev/blob' with csv`, [], {
      blob: new Blob([readFileSync(file)]),
    });
  }
  return performance.now() - started;
}

/** COPY (select …) TO STDOUT of the export's columns; answers ms. */
async function copyOut(db: Pick<Fresh, 'handle' | 'ctx' | 'url'>): Promise<number> {
  const started = performance.now();
  const query = `copy (${EXPORT_SELECT(db.ctx.tenantId)}) to stdout with csv header`;
  if (db.url)
    execFileSync('psql', [db.url, '-qc', query], {
      maxBuffer: 2 ** 31,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  else await db.handle.pglite!.query(query.replace('to stdout', "to '/dev/blob'"));
  return performance.now() - started;
}

/** The peak resident set size while `work` runs, sampled every 50 ms. */
/**
 * Runs `work` while sampling the process's RSS every 50 ms: the peak, and the peak of each quarter
 * of the run, which tells memory that levels off (flat) from memory that grows with the rows read.
 */
async function withPeakRss<T>(
  work: () => Promise<T>,
): Promise<{ result: T; peakRssMb: number; startRssMb: number; quarterPeaksMb: number[] }> {
  const rss = () => process.memoryUsage().rss / 2 ** 20;
  const startRssMb = rss();
  const started = performance.now();
  const samples: { at: number; mb: number }[] = [];
  const timer = setInterval(() => samples.push({ at: performance.now() - started, mb: rss() }), 50);
  try {
    const result = await work();
    const took = performance.now() - started;
    const quarterPeaksMb = [0, 1, 2, 3].map((q) =>
      Math.round(
        Math.max(
          startRssMb,
          ...samples.filter((s) => s.at >= (q * took) / 4 && s.at < ((q + 1) * took) / 4).map((s) => s.mb),
        ),
      ),
    );
    return {
      result,
      peakRssMb: Math.max(...quarterPeaksMb),
      startRssMb: Math.round(startRssMb),
      quarterPeaksMb,
    };
  } finally {
    clearInterval(timer);
  }
}

const OWNER = { email: 'transfer-owner@clientele.invalid', password: 'transfer-owner-password' };

async function waitForJob(url: string, authorization: string, id: string) {
  for (;;) {
    const res = await fetch(`${url}/admin/v1/jobs/${id}`, { headers: { authorization } });
    const job = (await res.json()) as {
      id: string;
      status: string;
      result: Record<string, unknown>;
    } & Record<string, unknown>;
    if (!['queued', 'running'].includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The real service on a local port with the job runner (and the other background work) in the same
 * process, as `clientele serve` runs them; stop() ends both and may be called twice.
 */
async function startService(db: DatabaseHandle['db']) {
  const app = await buildApp({ db, config: benchAppConfig, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const worker = startBackgroundWork({ db, logger: quiet, smtpUrl: null, from: 'bench@x', modules: null });
  return {
    url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    async stop() {
      await worker.stop().catch(() => {});
      await app.close().catch(() => {});
    },
  };
}

export interface ExportMeasure {
  rows: number;
  bytes: number;
  seconds: number;
  queuedSeconds: number;
  /** From the POST to the download's first byte. */
  firstByteSeconds: number;
  jobSeconds: number;
  /** The download's tail: from the job seen finished to the last byte. */
  downloadSeconds: number;
  rowsPerSecond: number;
  copyToSeconds: number;
  copyToRowsPerSecond: number;
  ratioOfCopy: number;
}

/**
 * One export as a client makes it: the POST, then the download at once (it follows the job as it
 * writes), timed from the POST to the last byte; the job's queueing, its run and the download all
 * count. Beside it, the job is polled (every 100 ms) to tell when it finished. Then the floor on the
 * same database right after: `COPY (select the same columns) TO STDOUT`.
 */
async function measureExport(
  url: string,
  authorization: string,
  db: Pick<Fresh, 'handle' | 'ctx' | 'url'>,
): Promise<ExportMeasure> {
  const started = performance.now();
  const exp = await fetch(`${url}/admin/v1/exports`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ format: 'csv' }),
  });
  if (exp.status !== 202) throw new Error(`export answered ${exp.status}: ${await exp.text()}`);
  const id = ((await exp.json()) as { id: string }).id;
  const polled = waitForJob(url, authorization, id).then((job) => ({ job, doneAt: performance.now() }));
  // curl, in a process of its own, is the client (as psql is the floor's): the download's reading
  // and HTTP parsing then cost what a client elsewhere would, not the service's event loop.
  const downloadStarted = performance.now();
  const fetched = await new Promise<string>((resolve, reject) =>
    execFile(
      'curl',
      [
        '-sS',
        '--fail',
        '-o',
        '/dev/null',
        '-w',
        '%{size_download} %{time_starttransfer}',
        '-H',
        `authorization: ${authorization}`,
        `${url}/admin/v1/jobs/${id}/download`,
      ],
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const [bytes, startTransfer] = fetched.trim().split(' ').map(Number) as [number, number];
  const firstByteSeconds = (downloadStarted - started) / 1000 + startTransfer;
  const { job, doneAt } = await polled;
  if (job.status !== 'succeeded') throw new Error(`export ${job.status}: ${JSON.stringify(job.result)}`);
  const at = (name: string) => new Date(String(job[name])).getTime();
  const rows = Number(job.result.rows);
  const copyToSeconds = (await copyOut(db)) / 1000;
  return {
    rows,
    bytes,
    seconds,
    // Where the time went: waiting for a worker (the job's own timestamps), the first byte, the job
    // seen finished (polled every 100 ms), and the rest of the download after it.
    queuedSeconds: (at('startedAt') - at('createdAt')) / 1000,
    firstByteSeconds,
    jobSeconds: (doneAt - started) / 1000,
    downloadSeconds: Math.max(0, seconds - (doneAt - started) / 1000),
    rowsPerSecond: Math.round(rows / seconds),
    copyToSeconds,
    copyToRowsPerSecond: Math.round(rows / copyToSeconds),
    ratioOfCopy: Number((copyToSeconds / seconds).toFixed(2)),
  };
}

/**
 * The export alone, on the benchmark's own seeded database (`npm run bench -- --scenarios export
 * --rounds N`): the target is stated at 1,000,000 customers, which the transfer bench only reaches
 * after importing them. Each round is the service's export, then COPY TO on the same data.
 */
export async function runExportBench(
  target: BenchTarget,
  rounds: number,
  log: (m: string) => void,
): Promise<{ customers: number; rounds: ExportMeasure[]; median: ExportMeasure }> {
  const customers = await countCustomers(target);
  const authorization = await ownerAuthorization(target);
  const service = await startService(target.handle.db);
  const { url } = service;
  const results: ExportMeasure[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      const measured = await measureExport(url, authorization, target);
      results.push(measured);
      log(
        `export round ${round}: ${measured.rows} rows, ${(measured.bytes / 2 ** 20).toFixed(1)} MiB in ${measured.seconds.toFixed(1)} s (queued ${measured.queuedSeconds.toFixed(1)}, first byte ${measured.firstByteSeconds.toFixed(1)}, job done after ${measured.jobSeconds.toFixed(1)}, last byte ${measured.downloadSeconds.toFixed(1)} later) = ${measured.rowsPerSecond} rows/s; COPY TO ${measured.copyToSeconds.toFixed(1)} s = ${measured.copyToRowsPerSecond} rows/s (${measured.ratioOfCopy} of COPY)`,
      );
    }
  } finally {
    await service.stop();
  }
  const sorted = [...results].sort((a, b) => a.rowsPerSecond - b.rowsPerSecond);
  return { customers, rounds: results, median: sorted[Math.floor((sorted.length - 1) / 2)]! };
}

export interface TransferReport {
  rows: number;
  goodRows: number;
  fileBytes: number;
  import: Record<string, unknown>;
  export: ExportMeasure;
  seed: Record<string, unknown>;
}

export async function runTransferBench(
  engine: Engine,
  rows: number,
  baseUrl: string,
  log: (m: string) => void,
): Promise<TransferReport> {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-transfer-'));
  const floorDb = await freshDatabase(engine, 'clientele_bench_floor', baseUrl);
  const serviceDb = await freshDatabase(engine, 'clientele_bench_import', baseUrl);
  try {
    log(`transfer: generating ${rows} rows (1% bad)`);
    const data = generate(dir, rows, { tenantId: floorDb.ctx.tenantId, setId: floorDb.setId });
    log(`transfer: ${data.good} good rows, ${(data.bytes / 2 ** 20).toFixed(1)} MiB`);

    // Floor: the good rows straight in, customers then their addresses (the FK needs that order).
    const copyMs =
      (await copyIn(floorDb, 'customers', CUSTOMER_COPY_COLUMNS, data.customersCopy)) +
      (await copyIn(floorDb, 'addresses', ADDRESS_COPY_COLUMNS, data.addressesCopy));
    const copyRate = data.good / (copyMs / 1000);
    log(
      `transfer: COPY floor ${data.good} customers + addresses in ${(copyMs / 1000).toFixed(1)} s = ${Math.round(copyRate)} rows/s`,
    );
    await floorDb.drop();

    // The service: upload over HTTP, the job runner in the same process as `clientele serve`.
    await createAdmin(serviceDb.ctx, { ...OWNER, role: 'owner', name: 'Transfer' });
    const session = await signIn(serviceDb.handle.db, OWNER.email, OWNER.password, 12);
    const authorization = `Bearer ${session.token}`;
    const service = await startService(serviceDb.handle.db);
    const { url } = service;
    try {
      const imported = await withPeakRss(async () => {
        const started = performance.now();
        const res = await fetch(`${url}/admin/v1/imports?mode=create&match=email`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'text/csv' },
          body: Readable.toWeb(createReadStream(data.file)) as ReadableStream,
          duplex: 'half',
        } as RequestInit);
        if (res.status !== 202) throw new Error(`import answered ${res.status}: ${await res.text()}`);
        const uploadedMs = performance.now() - started;
        const job = await waitForJob(url, authorization, ((await res.json()) as { id: string }).id);
        return { job, uploadedMs, ms: performance.now() - started };
      });
      const { job, ms, uploadedMs } = imported.result;
      const importRate = data.good / (ms / 1000);
      log(
        `transfer: import ${job.status} ${JSON.stringify(job.result)} in ${(ms / 1000).toFixed(1)} s (upload ${(uploadedMs / 1000).toFixed(1)} s) = ${Math.round(importRate)} rows/s, ${(importRate / copyRate).toFixed(2)} of COPY; peak RSS ${imported.peakRssMb} MiB (start ${imported.startRssMb}, by quarter ${imported.quarterPeaksMb.join(' / ')})`,
      );

      const exported = await measureExport(url, authorization, serviceDb);
      const { rows: exportRows, bytes: exportBytes, seconds: exportSeconds } = exported;
      const exportRate = exported.rowsPerSecond;
      const copyOutRate = exported.copyToRowsPerSecond;
      log(
        `transfer: export ${exportRows} rows, ${(exportBytes / 2 ** 20).toFixed(1)} MiB in ${exportSeconds.toFixed(1)} s = ${Math.round(exportRate)} rows/s; COPY TO ${Math.round(copyOutRate)} rows/s`,
      );

      await service.stop();
      const seedDb = await freshDatabase(engine, 'clientele_bench_seed', baseUrl);
      const seeded = await withPeakRss(async () => {
        const started = performance.now();
        const n = await seedCustomers(
          seedDb.ctx,
          data.good,
          seedTuning(engine === 'postgres' ? 'postgres' : 'pglite'),
        );
        return { n, ms: performance.now() - started };
      });
      await seedDb.drop();
      const seedRate = seeded.result.n / (seeded.result.ms / 1000);
      log(
        `transfer: seed ${seeded.result.n} customers in ${(seeded.result.ms / 1000).toFixed(1)} s = ${Math.round(seedRate)} customers/s, ${(seedRate / copyRate).toFixed(2)} of COPY`,
      );

      return {
        rows,
        goodRows: data.good,
        fileBytes: data.bytes,
        import: {
          status: job.status,
          result: job.result,
          seconds: ms / 1000,
          uploadSeconds: uploadedMs / 1000,
          rowsPerSecond: Math.round(importRate),
          copyRowsPerSecond: Math.round(copyRate),
          ratioOfCopy: Number((importRate / copyRate).toFixed(2)),
          peakRssMb: imported.peakRssMb,
          startRssMb: imported.startRssMb,
          quarterPeaksRssMb: imported.quarterPeaksMb,
        },
        export: exported,
        seed: {
          customers: seeded.result.n,
          seconds: seeded.result.ms / 1000,
          customersPerSecond: Math.round(seedRate),
          copyRowsPerSecond: Math.round(copyRate),
          ratioOfCopy: Number((seedRate / copyRate).toFixed(2)),
          peakRssMb: seeded.peakRssMb,
        },
      };
    } finally {
      await service.stop();
    }
  } finally {
    await serviceDb.drop().catch(() => {});
    await floorDb.drop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
