#!/usr/bin/env node
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { Redis } from 'ioredis';
import { validate as isUuid } from 'uuid';
import { buildApp } from './app.js';
import { bootstrap, openAndMigrate, openConfiguredDatabase } from './bootstrap.js';
import { doctorReport, runDoctor } from './cli/doctor.js';
import { type Config, loadConfig } from './config.js';
import { backupEmbedded, restoreEmbedded } from './db/backup.js';
import { type Database, migrateToLatest, newerMigrations, poolStats } from './db/database.js';
import { ADMIN_ROLES, type AdminRole } from './db/types.js';
import { startExport } from './flows/export-customers.js';
import { startImport } from './flows/import-customers.js';
import { setJobCustomerFilters } from './flows/job-customer-filters.js';
import { queueBacklogs } from './flows/queue-backlogs.js';
import { createLogger } from './http/logging.js';
import { scrapeRegistry, startMetricsServer } from './http/metrics.js';
import { requestsInFlight, stopOnSignals, stopServing } from './http/shutdown.js';
import { type RequestContext, systemContext } from './lib/context.js';
import { DomainError } from './lib/errors.js';
import { newRequestId } from './lib/ids.js';
import { mergedCustomerFilters } from './lib/module.js';
import { redactCredentials } from './lib/redact.js';
import {
  adminByEmail,
  createAdmin,
  createApiKey,
  setAdminDisabled,
  setAdminPassword,
  unlockAdmin,
} from './modules/admins/admins.service.js';
import { allModules } from './modules/index.js';
import { getJob, jobDownload, requireJob } from './modules/jobs/jobs.service.js';
import { seedCustomers, seedDemo, seedTuning } from './modules/seed/seed.service.js';
import {
  type CommerceSeedReport,
  commerceSeedTuning,
  seedCommerce,
  seedDemoCommerce,
} from './modules/seed/seed-commerce.service.js';
import {
  createSite,
  createTenant,
  findTenantBySlug,
  getCustomerSetByCode,
  listCustomerSets,
  listSites,
} from './modules/tenants/tenants.service.js';
import { startBackgroundWork } from './worker/background.js';
import { jobRunner } from './worker/job-runner.js';

const program = new Command('clientele').description(
  'Clientele: customer accounts for multi-site online stores.',
);

/** This command's run, named in the events and log lines it writes as a request's id would be. */
const requestId = newRequestId('cli');

/** The context a CLI command acts in, in the tenant it names. */
const cliContext = (db: Database, tenantId: string) => systemContext(db, tenantId, requestId);

/** Runs one CLI command with the configured database open, and closes it afterwards. */
async function withDatabase<T>(
  work: (handle: Awaited<ReturnType<typeof openAndMigrate>>, config: Config) => Promise<T>,
) {
  const config = loadConfig();
  const handle = await openAndMigrate(config);
  try {
    return await work(handle, config);
  } finally {
    await handle.close();
  }
}

program
  .command('serve')
  .description('Run the HTTP service (admin app, admin API, storefront API)')
  .option('--demo', 'load the demo customers before serving')
  .option(
    '--no-worker',
    'do not run the background work (emails, cart reminders, credit expiry) in this process (see `clientele worker`)',
  )
  .action(async (options: { demo?: boolean; worker: boolean }) => {
    const started = Date.now();
    const config = loadConfig();
    const { handle, createdOwner } = await bootstrap(config);
    const redis = config.redisUrl
      ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 })
      : null;
    const app = await buildApp({
      db: handle.db,
      reader: handle.reader ?? null,
      config,
      redis,
      secureCookies: process.env.CLIENTELE_SECURE_COOKIES === 'true',
    });
    if (options.demo) {
      const tenant = await findTenantBySlug(handle.db, 'default');
      const ctx = cliContext(handle.db, tenant.id);
      const created = await seedDemo(ctx);
      if (created === 0) app.log.info('demo data: already loaded, nothing added');
      else {
        // Every tab of the demo customers' pages filled: orders, carts, wish lists, store credit.
        const history = await seedDemoCommerce(ctx);
        app.log.info(`demo data: ${created} customers and ${history.orders} orders added`);
      }
    }
    const worker =
      options.worker && config.worker
        ? startBackgroundWork({
            db: handle.db,
            smtpUrl: config.smtpUrl,
            from: config.smtpFrom,
            webhooksAllowPrivate: config.webhooksAllowPrivate,
            logger: app.log,
            modules: config.modules,
            mode: config.mode,
          })
        : null;
    const emails = !worker
      ? 'not sent by this process (run `clientele worker`)'
      : config.smtpUrl
        ? `sent through SMTP (${new URL(config.smtpUrl).host})`
        : 'kept in the Mailbox, not sent (set SMTP_URL to send them)';
    // SIGTERM: no new connections, every accepted request answered, the worker's batch finished
    // or handed back, then the database closed; all within CLIENTELE_SHUTDOWN_GRACE_MS.
    let workerStopped = !worker;
    stopOnSignals({
      graceMs: config.shutdownGraceMs,
      log: app.log,
      running: () => [
        ...requestsInFlight(app),
        ...(workerStopped ? [] : ["the background worker's current batch"]),
      ],
      stop: async (stage) => {
        stage('answering the requests in flight and stopping the worker');
        await Promise.all([
          stopServing(app),
          worker?.stop().then(() => {
            workerStopped = true;
          }),
        ]);
        stage('closing the database');
        redis?.disconnect();
        await handle.close();
      },
    });
    await app.listen({ port: config.port, host: config.host });
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const base = `http://${shownHost}:${(app.server.address() as { port: number }).port}`;
    const lines = [
      '',
      `Clientele is running on ${handle.kind === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'} (ready in ${Date.now() - started} ms)`,
      `  Admin app:      ${base}/admin/`,
      `  API reference:  ${base}/docs`,
      `  OpenAPI:        ${base}/openapi.json`,
      `  Emails:         ${emails}`,
      `  Metrics:        ${
        config.metricsPort === null
          ? `${base}/metrics (an owner's credential or METRICS_TOKEN)`
          : `http://${shownHost}:${config.metricsPort}/metrics`
      }`,
    ];
    if (createdOwner) {
      lines.push(`  Sign in as:     ${createdOwner.email}`);
      lines.push(
        createdOwner.generated
          ? `  Password:       ${createdOwner.password}   (shown once; set CLIENTELE_ADMIN_PASSWORD to choose it)`
          : '  Password:       the one in CLIENTELE_ADMIN_PASSWORD',
      );
    }
    console.log(`${lines.join('\n')}\n`);
  });

program
  .command('worker')
  .description(
    'Run the background work alone (emails, webhooks, cart reminders, store-credit expiry, key purge), until stopped (SIGINT/SIGTERM)',
  )
  .option('--once', 'do the work due now (reminders, expiry, webhooks, emails), then exit')
  .action(async (options: { once?: boolean }) => {
    const config = loadConfig();
    if (!config.databaseUrl) {
      throw new Error(
        'The embedded database serves one process, and `clientele serve` runs the worker in it. Set DATABASE_URL to run workers on their own.',
      );
    }
    const logger = createLogger({ level: config.logLevel, format: config.logFormat });
    const handle = await openAndMigrate(config);
    const worker = startBackgroundWork({
      db: handle.db,
      smtpUrl: config.smtpUrl,
      from: config.smtpFrom,
      webhooksAllowPrivate: config.webhooksAllowPrivate,
      logger,
      once: options.once,
      modules: config.modules,
      mode: config.mode,
    });
    if (options.once) {
      const handled = await worker.runOnce();
      await worker.stop();
      await handle.close();
      console.log(`Processed ${handled} emails.`);
      return;
    }
    logger.info(
      config.smtpUrl
        ? 'email worker running'
        : 'email worker running; SMTP_URL is not set, so emails are kept in the mailbox',
    );
    // The worker's own metrics (deliveries, queues, pool) on METRICS_PORT: it serves no HTTP API.
    const metrics =
      config.metricsPort === null
        ? null
        : await startMetricsServer(
            scrapeRegistry({ pool: () => poolStats(handle.db), queues: () => queueBacklogs(handle.db) }),
            config.metricsPort,
            config.host,
          );
    stopOnSignals({
      graceMs: config.shutdownGraceMs,
      log: logger,
      running: () => [],
      stop: async (stage) => {
        metrics?.close().closeIdleConnections();
        stage('letting the worker finish or hand back its current batch');
        await worker.stop();
        stage('closing the database');
        await handle.close();
      },
    });
  });

program
  .command('doctor')
  .description(
    'Check the configuration, database and its version, migrations, PgBouncer, the replica, SMTP and Redis, and say how to fix what is wrong (exit code 1 on an error)',
  )
  .action(async () => {
    const checks = await runDoctor();
    console.log(doctorReport(checks));
    if (checks.some((check) => check.status === 'error')) process.exitCode = 1;
  });

program
  .command('migrate')
  .description('Bring the database schema up to date')
  .action(async () => {
    const config = loadConfig();
    const handle = await openConfiguredDatabase(config);
    const applied = await migrateToLatest(handle.db);
    const newer = await newerMigrations(handle.db);
    console.log(
      newer.length > 0
        ? `The database is at a newer release's schema (${newer.join(', ')}); this release runs on it unchanged.`
        : applied.length
          ? `Applied: ${applied.join(', ')}`
          : 'Already up to date.',
    );
    await handle.close();
  });

/** What to do instead of `clientele backup`/`restore` on PostgreSQL: its own tools, named with the URL's parts. */
function postgresBackupAdvice(databaseUrl: string, verb: 'backup' | 'restore', file: string): string {
  const url = new URL(databaseUrl);
  const target = `-h ${url.hostname} -p ${url.port || 5432} -U ${decodeURIComponent(url.username) || 'postgres'}`;
  const database = decodeURIComponent(url.pathname.slice(1)) || 'postgres';
  return verb === 'backup'
    ? `DATABASE_URL is set: back PostgreSQL up with its own tool, consistent while Clientele runs:\n  pg_dump ${target} --format=custom --file ${file} ${database}\n(docs/operations.md, "Back up and restore").`
    : `DATABASE_URL is set: restore PostgreSQL with its own tool, into an empty database, with Clientele stopped:\n  pg_restore ${target} --dbname ${database} --no-owner --exit-on-error ${file}\n(docs/operations.md, "Back up and restore").`;
}

program
  .command('backup')
  .argument('<file>', 'where to write the backup (replaced if it exists)')
  .description('Back the embedded database up to a file (stop `clientele serve` first; PostgreSQL: pg_dump)')
  .action(async (file: string) => {
    const config = loadConfig();
    if (config.databaseUrl) throw new Error(postgresBackupAdvice(config.databaseUrl, 'backup', file));
    const started = performance.now();
    const report = await backupEmbedded(config.dataDir, resolve(file));
    console.log(
      `Backed up ${report.customers.toLocaleString('en')} customers (${report.tables} tables) from ${config.dataDir} to ${report.file}: ${(report.bytes / 1024 / 1024).toFixed(1)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    );
  });

program
  .command('restore')
  .argument('<file>', 'a file made by `clientele backup`')
  .description(
    'Replace the embedded database with a backup (stop `clientele serve` first; the replaced one is kept)',
  )
  .action(async (file: string) => {
    const config = loadConfig();
    if (config.databaseUrl) throw new Error(postgresBackupAdvice(config.databaseUrl, 'restore', file));
    const report = await restoreEmbedded(config.dataDir, resolve(file));
    console.log(
      [
        `Restored ${report.customers.toLocaleString('en')} customers (${report.tables} tables) from ${resolve(file)} into ${config.dataDir}.`,
        ...(report.migrated.length > 0 ? [`Brought up to this version: ${report.migrated.join(', ')}.`] : []),
        ...(report.replacedDir
          ? [`The database it replaced is kept in ${report.replacedDir}: delete it once you are satisfied.`]
          : []),
      ].join('\n'),
    );
  });

/** Purchase histories for the customers that have none yet, with a progress bar; prints what it wrote. */
async function seedCommerceShowingProgress(
  ctx: RequestContext,
  kind: Parameters<typeof commerceSeedTuning>[0],
) {
  const bar = new cliProgress.SingleBar(
    {
      format: 'Orders  [{bar}] {percentage}% | {value}/{total} customers | {rows} rows | ETA {eta_formatted}',
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { rows: 0 });
  const report = await seedCommerce(ctx, {
    ...commerceSeedTuning(kind),
    onProgress: (done, total, rows) => {
      bar.setTotal(total);
      bar.update(done, { rows });
    },
  }).finally(() => bar.stop());
  printCommerce(report);
}

const printCommerce = (r: CommerceSeedReport) =>
  console.log(
    `Added ${r.orders} orders (${r.orderLines} lines, ${r.statusChanges} status changes), ${r.carts} carts, ` +
      `${r.wishlists} wish lists and ${r.creditEntries} store-credit entries for ${r.customers} customers ` +
      `in ${r.seconds.toFixed(1)} s (${Math.round(r.rowsPerSecond).toLocaleString('en-US')} rows/s, ` +
      `${Math.round(r.ordersPerSecond).toLocaleString('en-US')} orders/s).`,
  );

interface SeedCommandOptions {
  demo?: boolean;
  count?: number;
  /** False with --no-orders. */
  orders: boolean;
  ordersOnly?: boolean;
  tenant: string;
}

program
  .command('seed')
  .description('Load the demo customers, or N generated customers (fast bulk load), with purchase histories')
  .option('--demo', 'the eleven demo customers plus some generated ones')
  .option('--count <n>', 'generated customers to add in bulk', (v) => Number.parseInt(v, 10))
  .option('--no-orders', 'customers only: no orders, carts, wish lists or store credit')
  .option('--orders-only', 'no new customers: give the customers without a purchase history one')
  .option('--tenant <slug>', 'tenant to seed', 'default')
  .action(async (options: SeedCommandOptions) =>
    withDatabase(async (handle) => {
      const tenant = await findTenantBySlug(handle.db, options.tenant);
      const ctx = cliContext(handle.db, tenant.id);
      if (options.ordersOnly) return seedCommerceShowingProgress(ctx, handle.kind);
      if (options.demo || options.count === undefined) {
        const created = await seedDemo(ctx, options.demo ? 50 : 0);
        console.log(`Added ${created} customers to tenant ${tenant.slug}.`);
        if (options.orders) printCommerce(await seedDemoCommerce(ctx));
        return;
      }
      if (!Number.isSafeInteger(options.count) || options.count < 1)
        throw new Error('--count must be a positive whole number.');
      const bar = new cliProgress.SingleBar(
        {
          format:
            'Seeding [{bar}] {percentage}% | {value}/{total} customers | {rate}/s | ETA {eta_formatted}',
        },
        cliProgress.Presets.shades_classic,
      );
      const started = performance.now();
      const rate = (done: number) => Math.round(done / Math.max((performance.now() - started) / 1000, 0.001));
      bar.start(options.count, 0, { rate: 0 });
      const created = await seedCustomers(ctx, options.count, {
        ...seedTuning(handle.kind),
        onProgress: (done) => bar.update(done, { rate: rate(done) }),
      }).finally(() => bar.stop());
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `Added ${created} customers to tenant ${tenant.slug} in ${seconds.toFixed(1)} s (${rate(created).toLocaleString('en-US')} customers/s).`,
      );
      if (options.orders) await seedCommerceShowingProgress(ctx, handle.kind);
    }),
  );

/** Runs the queued jobs in this process (as a worker would) until none is left. */
async function runJobsHere(db: Database) {
  const quiet = { info() {}, warn() {}, error() {} };
  setJobCustomerFilters(mergedCustomerFilters(allModules));
  const worker = jobRunner.start({ db, logger: quiet, everyMs: 0 });
  try {
    await worker.runOnce();
  } finally {
    await worker.stop();
  }
}

program
  .command('import')
  .description(
    "Import customers from a CSV (Clientele's or Shopify's columns) or NDJSON file, as POST /imports",
  )
  .argument('<file>', 'the file; .ndjson or .jsonl is read as NDJSON, anything else as CSV')
  .addOption(
    new Option('--mode <mode>', 'what to do with each row')
      .choices(['create', 'update', 'upsert'])
      .default('create'),
  )
  .addOption(
    new Option('--match <field>', 'what finds an existing customer')
      .choices(['email', 'externalId'])
      .default('email'),
  )
  .option('--dry-run', 'check every row and count; write nothing')
  .option(
    '--newsletter <id>',
    'the newsletter "Accepts Email Marketing" signs up to (default: the oldest default one)',
  )
  .option('--tenant <slug>', 'tenant to import into', 'default')
  .action(
    async (
      file: string,
      options: {
        mode: 'create' | 'update' | 'upsert';
        match: 'email' | 'externalId';
        dryRun?: boolean;
        newsletter?: string;
        tenant: string;
      },
    ) =>
      withDatabase(async (handle) => {
        if (options.newsletter && !isUuid(options.newsletter))
          throw new Error('--newsletter must be a newsletter id (a UUID)');
        const tenant = await findTenantBySlug(handle.db, options.tenant);
        const ctx = cliContext(handle.db, tenant.id);
        const job = await startImport(ctx, createReadStream(file), {
          mode: options.mode,
          match: options.match,
          dryRun: options.dryRun ?? false,
          format: /\.(ndjson|jsonl)$/i.test(file) ? 'ndjson' : 'csv',
          ...(options.newsletter ? { newsletterId: options.newsletter } : {}),
        });
        // The bar moves by bytes read (so its ETA is the file's), and shows rows and rows/s.
        const bar = new cliProgress.SingleBar(
          {
            format:
              'Importing [{bar}] {percentage}% | {rows} rows | {rate} rows/s | {failed} refused | ETA {eta_formatted}',
            // Off a terminal (a script, a CI log) a progress line a second, rather than nothing.
            noTTYOutput: true,
            notTTYSchedule: 1000,
          },
          cliProgress.Presets.shades_classic,
        );
        const size = Number((await requireJob(ctx, job.id)).params.size) || 1;
        const started = performance.now();
        bar.start(size, 0, { rows: 0, rate: 0, failed: 0 });
        const show = async () => {
          const row = await requireJob(ctx, job.id);
          const rows = Number(row.progressDone);
          const seconds = Math.max((performance.now() - started) / 1000, 0.001);
          bar.update(Number(row.checkpoint?.offset ?? 0), {
            rows,
            rate: Math.round(rows / seconds),
            failed: Number(row.progressFailed),
          });
        };
        const timer = setInterval(() => void show().catch(() => undefined), 500);
        await runJobsHere(handle.db).finally(() => clearInterval(timer));
        await show();
        bar.stop();
        const done = await getJob(ctx, job.id);
        console.log(`Import ${done.id} ${done.status}: ${JSON.stringify(done.result)}`);
        if (done.progress.failed > 0) console.log(`Refused rows: GET /admin/v1/jobs/${done.id}/errors`);
        if (done.status !== 'succeeded') process.exitCode = 1;
      }),
  );

program
  .command('export')
  .description('Export customers to stdout, as POST /exports: clientele export --format csv > customers.csv')
  .addOption(
    new Option('--format <format>', 'file format').choices(['csv', 'ndjson', 'shopify']).default('csv'),
  )
  .option('--filter <filter>', 'customer filter, e.g. \'country eq "NZ"\'')
  .option('--q <text>', 'search, as the grid')
  .option('--segment <id>', "only the segment's members")
  .option('--tenant <slug>', 'tenant to export', 'default')
  .action(
    async (options: {
      format: 'csv' | 'ndjson' | 'shopify';
      filter?: string;
      q?: string;
      segment?: string;
      tenant: string;
    }) =>
      withDatabase(async (handle) => {
        const tenant = await findTenantBySlug(handle.db, options.tenant);
        const ctx = cliContext(handle.db, tenant.id);
        const job = await startExport(ctx, {
          format: options.format,
          ...(options.filter ? { filter: options.filter } : {}),
          ...(options.q ? { q: options.q } : {}),
          ...(options.segment ? { segmentId: options.segment } : {}),
        });
        // The file goes to stdout as the job writes it, as a download that starts with the export.
        const running = runJobsHere(handle.db);
        // Its failure is reported below, once the file has stopped coming; not as unhandled meanwhile.
        running.catch(() => {});
        try {
          for await (const part of (await jobDownload(ctx, job.id)).body) {
            if (!process.stdout.write(part)) await new Promise((r) => process.stdout.once('drain', r));
          }
        } catch (error) {
          await running;
          const done = await getJob(ctx, job.id);
          if (done.status === 'succeeded') throw error;
          throw new Error(`The export ${done.status}: ${JSON.stringify(done.result)}`);
        }
        await running;
      }),
  );

const tenant = program.command('tenant').description('Manage tenants');
tenant
  .command('create')
  .description('Create a tenant with its default customer set and site')
  .requiredOption('--slug <slug>', 'short unique name, e.g. acme')
  .option('--name <name>', 'display name')
  .option('--currency <code>', 'currency of its first site, and the reporting currency of totalSpent', 'USD')
  .action(async (options: { slug: string; name?: string; currency: string }) =>
    withDatabase(async (handle) => {
      const created = await createTenant(handle.db, {
        slug: options.slug,
        name: options.name ?? options.slug,
        currency: options.currency,
      });
      console.log(
        `Created tenant ${created.tenant.slug} (${created.tenant.id}) with site ${created.siteId}.`,
      );
    }),
  );

const site = program.command('site').description('Manage sites and their publishable keys');
site
  .command('create')
  .description("Add a site (in the tenant's default customer set unless --set names another)")
  .requiredOption('--code <code>', 'short name unique in the tenant, e.g. shop-eu')
  .requiredOption('--name <name>', 'display name')
  .option('--tenant <slug>', 'tenant', 'default')
  .option('--set <code>', 'customer set (shared shopper logins), by code')
  .option('--currency <code>', 'default currency (ISO 4217)', 'USD')
  .option('--country <code>', 'country (ISO 3166-1 alpha-2), the default region for phone numbers')
  .action(
    async (options: {
      code: string;
      name: string;
      tenant: string;
      set?: string;
      currency: string;
      country?: string;
    }) =>
      withDatabase(async (handle) => {
        const t = await findTenantBySlug(handle.db, options.tenant);
        const ctx = cliContext(handle.db, t.id);
        const set = options.set ? await getCustomerSetByCode(ctx, options.set) : undefined;
        const created = await createSite(ctx, {
          code: options.code,
          name: options.name,
          customerSetId: set?.id,
          defaultCurrency: options.currency,
          countryCode: options.country ?? null,
        });
        console.log(`Created site ${created.code} in tenant ${t.slug}.`);
        console.log(`  id:              ${created.id}`);
        console.log(`  publishable key: ${created.publishableKey}`);
      }),
  );
site
  .command('list')
  .description("List the tenant's sites with their customer sets and publishable keys")
  .option('--tenant <slug>', 'tenant', 'default')
  .action(async (options: { tenant: string }) =>
    withDatabase(async (handle) => {
      const t = await findTenantBySlug(handle.db, options.tenant);
      const ctx = cliContext(handle.db, t.id);
      const sets = new Map((await listCustomerSets(ctx)).map((s) => [s.id, s.code]));
      const rows = (await listSites(ctx)).map((s) => [
        s.code,
        s.name,
        sets.get(s.customerSetId) ?? '',
        s.publishableKey,
      ]);
      const table = [['CODE', 'NAME', 'SET', 'PUBLISHABLE KEY'], ...rows];
      const widths = [0, 1, 2].map((i) => Math.max(...table.map((row) => row[i]?.length ?? 0)));
      const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
      console.log(table.map((row) => line(row).trimEnd()).join('\n'));
    }),
  );

const admin = program.command('admin').description('Manage admin users and API keys');
admin
  .command('create-user')
  .description('Create an admin user')
  .requiredOption('--email <email>')
  .requiredOption('--password <password>')
  .addOption(new Option('--role <role>').choices([...ADMIN_ROLES]).default('admin'))
  .option('--name <name>')
  .option('--tenant <slug>', 'tenant', 'default')
  .action(
    async (options: { email: string; password: string; role: AdminRole; name?: string; tenant: string }) =>
      withDatabase(async (handle) => {
        const t = await findTenantBySlug(handle.db, options.tenant);
        const user = await createAdmin(cliContext(handle.db, t.id), options);
        console.log(`Created ${user.role} ${user.email} in tenant ${t.slug}.`);
      }),
  );
admin
  .command('create-api-key')
  .description('Create an API key (printed once)')
  .requiredOption('--name <name>')
  .addOption(new Option('--role <role>').choices([...ADMIN_ROLES]).default('admin'))
  .option('--tenant <slug>', 'tenant', 'default')
  .action(async (options: { name: string; role: AdminRole; tenant: string }) =>
    withDatabase(async (handle) => {
      const t = await findTenantBySlug(handle.db, options.tenant);
      const key = await createApiKey(cliContext(handle.db, t.id), options);
      console.log(key.key);
    }),
  );

admin
  .command('unlock')
  .description("End an admin user's sign-in lockout now (after too many wrong passwords)")
  .requiredOption('--email <email>')
  .action(async (options: { email: string }) =>
    withDatabase(async (handle) => {
      const { ctx, id } = await adminByEmail(handle.db, options.email, requestId);
      const user = await unlockAdmin(ctx, id);
      console.log(`Unlocked ${user.email}.`);
    }),
  );
admin
  .command('set-password')
  .description("Set an admin user's password; ends their sessions and any lockout")
  .requiredOption('--email <email>')
  .requiredOption('--password <password>')
  .action(async (options: { email: string; password: string }) =>
    withDatabase(async (handle) => {
      const { ctx, id } = await adminByEmail(handle.db, options.email, requestId);
      await setAdminPassword(ctx, id, options.password);
      console.log(`Set a new password for ${options.email}; their sessions have ended.`);
    }),
  );
admin
  .command('disable')
  .description('Stop an admin user signing in; ends their sessions')
  .requiredOption('--email <email>')
  .action(async (options: { email: string }) =>
    withDatabase(async (handle) => {
      const { ctx, id } = await adminByEmail(handle.db, options.email, requestId);
      const user = await setAdminDisabled(ctx, id, true);
      console.log(`Disabled ${user.email}; their sessions have ended.`);
    }),
  );
admin
  .command('enable')
  .description('Let a disabled admin user sign in again')
  .requiredOption('--email <email>')
  .action(async (options: { email: string }) =>
    withDatabase(async (handle) => {
      const { ctx, id } = await adminByEmail(handle.db, options.email, requestId);
      const user = await setAdminDisabled(ctx, id, false);
      console.log(`Enabled ${user.email}.`);
    }),
  );

program.parseAsync().catch((error: unknown) => {
  if (error instanceof DomainError) {
    const details = error.errors?.map((e) => `\n  ${e.path}: ${e.message}`).join('') ?? '';
    console.error(`${error.message}${details}`);
  } else {
    // Whatever failed, a connection string in its message keeps its password to itself.
    console.error(redactCredentials(error instanceof Error ? error.message : String(error)));
  }
  process.exit(1);
});
