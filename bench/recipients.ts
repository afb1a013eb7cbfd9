/**
 * The recipients export (issue 14, point 7) beside its floor: `COPY (the same select) TO STDOUT`
 * through psql, in the same run, on the same rows. Seeds N subscribed contacts set-based.
 *
 *   npx tsx bench/recipients.ts [rows]   (RECIPIENTS_DATABASE_URL, default …/clientele_recipients)
 */
import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../src/db/database.js';

import { systemContext } from '../src/lib/context.js';
import { csvLine } from '../src/lib/csv.js';
import { newsletterRecipients } from '../src/modules/marketing/contacts.service.js';
import { createNewsletter } from '../src/modules/marketing/newsletters.service.js';
import { ensureDefaultTenant } from '../src/modules/tenants/tenants.service.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const url = process.env.RECIPIENTS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clientele_recipients';
const adminUrl = url.replace(/\/[^/]+$/, '/postgres');
const dbName = url.slice(url.lastIndexOf('/') + 1);

execFileSync('psql', [adminUrl, '-qc', `drop database if exists ${dbName}`]);
execFileSync('psql', [adminUrl, '-qc', `create database ${dbName}`]);
const handle = await openDatabase({ url });
await migrateToLatest(handle.db);
const tenant = await ensureDefaultTenant(handle.db);
const ctx = systemContext(handle.db, tenant.id);
const site = await handle.db
  .selectFrom('sites')
  .select(['id', 'customerSetId'])
  .where('tenantId', '=', tenant.id)
  .executeTakeFirstOrThrow();
const newsletter = await createNewsletter(ctx, { siteId: site.id, code: 'weekly', name: 'Weekly' });

let started = Date.now();
// Customers set-based: the contacts trigger makes their contacts in the same statements.
for (let from = 0; from < rows; from += 100_000)
  await sql`insert into customers (tenant_id, id, customer_set_id, email, first_name, last_name)
    select ${tenant.id}, gen_random_uuid(), ${site.customerSetId}, 'r' || g || '@example.com', 'First' || g, 'Last' || g
      from generate_series(${from + 1}::int, ${Math.min(from + 100_000, rows)}::int) g`.execute(handle.db);
await sql`insert into subscriptions (tenant_id, contact_id, newsletter_id, status, opt_in_level, subscribed_at)
  select tenant_id, id, ${newsletter.id}, 'SUBSCRIBED', 'SINGLE_OPT_IN', now() from contacts where tenant_id = ${tenant.id}`.execute(
  handle.db,
);
await sql`analyze`.execute(handle.db);
const seedMs = Date.now() - started;

started = Date.now();
let bytes = 0;
let count = 0;
for await (const row of newsletterRecipients(ctx, newsletter.id)) {
  bytes += csvLine([
    row.email,
    row.firstName,
    row.lastName,
    row.locale,
    row.subscribedAt,
    row.optInLevel,
  ]).length;
  count++;
}
const exportMs = Date.now() - started;
const memoryMb = Math.round(process.memoryUsage().rss / 2 ** 20);

started = Date.now();
execFileSync(
  'psql',
  [
    url,
    '-qc',
    `copy (select c.email, c.first_name, c.last_name, c.locale, s.subscribed_at, s.opt_in_level from subscriptions s join contacts c on c.tenant_id = s.tenant_id and c.id = s.contact_id where s.tenant_id = '${tenant.id}' and s.newsletter_id = '${newsletter.id}' and s.status = 'SUBSCRIBED' and c.invalid_at is null order by s.contact_id) to stdout with csv`,
  ],
  { maxBuffer: 2 ** 31, stdio: ['ignore', 'ignore', 'inherit'] },
);
const copyMs = Date.now() - started;
console.log(
  JSON.stringify({
    rows: count,
    seedMs,
    exportMs,
    exportRowsPerSecond: Math.round(count / (exportMs / 1000)),
    copyMs,
    copyRowsPerSecond: Math.round(count / (copyMs / 1000)),
    ratioOfFloor: Number((copyMs / exportMs).toFixed(2)),
    csvBytes: bytes,
    rssMb: memoryMb,
  }),
);
await handle.close();
execFileSync('psql', [adminUrl, '-qc', `drop database ${dbName}`]);
