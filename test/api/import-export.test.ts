import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExportJob } from '../../src/flows/export-customers.js';
import { jobFileSize, requireJob } from '../../src/modules/jobs/jobs.service.js';
import { startBackgroundWork } from '../../src/worker/background.js';
import { jobRunner } from '../../src/worker/job-runner.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Runs the worker until no job is left, as `clientele worker` would. */
async function work() {
  const worker = jobRunner.start({ db: t.handle.db, logger: quiet, everyMs: 0 });
  await worker.runOnce();
  await worker.stop();
}

async function upload(auth: { authorization: string }, body: string, query = '', type = 'text/csv') {
  const res = await t.app.inject({
    method: 'POST',
    url: `/admin/v1/imports${query}`,
    headers: { ...auth, 'content-type': type },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(202);
  await work();
  const job = await t.app.inject({ url: `/admin/v1/jobs/${res.json().id}`, headers: auth });
  const errors = await t.app.inject({ url: `/admin/v1/jobs/${res.json().id}/errors`, headers: auth });
  return { job: job.json(), errors: errors.body };
}

async function customers(auth: { authorization: string }) {
  const res = await t.app.inject({ url: '/admin/v1/customers?limit=200&sort=email', headers: auth });
  return res.json().data as Record<string, unknown>[];
}

describe('import', () => {
  it("imports Clientele's CSV with a BOM and a quoted newline, keeps good rows and reports bad ones", async () => {
    const tenant = await t.newTenant('import-own');
    const csv =
      '\uFEFFemail,firstName,lastName,note,tags,address.line1,address.city,address.countryCode,address.stateCode\r\n' +
      'ada@example.com,Ada,Lovelace,"line one\nline two","vip, early",1 Main St,Springfield,US,US-IL\r\n' +
      'bad-email,Bob,,,,,,,\r\n' +
      'cy@example.com,Cy,"Smith, Jr",,,2 Side St,Toronto,CA,ON\r\n' +
      'dee@example.com,Dee,Doe,,,3 Road,Paris,FR,US-CA\r\n';
    const { job, errors } = await upload(tenant.auth, csv);
    expect(job).toMatchObject({
      kind: 'import',
      status: 'succeeded',
      progress: { done: 4, failed: 2 },
      result: { created: 2, failed: 2 },
    });
    expect(errors.split('\n')[0]).toBe('line,column,value,message');
    expect(errors).toContain('4,email,bad-email,');
    expect(errors).toContain('6,address.stateCode,US-CA,US-CA is not a state of FR');
    const list = await customers(tenant.auth);
    expect(list.map((c) => c.email)).toEqual(['ada@example.com', 'cy@example.com']);
    expect(list[0]).toMatchObject({
      note: 'line one\nline two',
      tags: ['vip', 'early'],
      countryCode: 'US',
      stateCode: 'US-IL',
    });
    expect(list[1]).toMatchObject({ lastName: 'Smith, Jr', stateCode: 'CA-ON' });
  });

  it("reads Shopify's header, and treats a repeated email by the mode", async () => {
    const tenant = await t.newTenant('import-shopify');
    const header =
      'First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Tags,Note,Tax Exempt\n';
    const rows =
      'Ann,Lee,ann@example.com,yes,Acme,10 King St,,Toronto,ON,CA,M5H 2N2,+14165550100,+14165550199,no,"wholesale, vip",Likes tea,yes\n' +
      'Ann,Again,ANN@example.com,no,,,,,,,,,,no,,,no\n';
    const created = await upload(tenant.auth, header + rows);
    expect(created.job.result).toMatchObject({ created: 1, failed: 1, duplicates: 1, format: 'shopify' });
    expect(created.errors).toContain('3,Email,ANN@example.com,repeats the email of line 2');
    const [ann] = await customers(tenant.auth);
    expect(ann).toMatchObject({
      firstName: 'Ann',
      lastName: 'Lee',
      phone: '+14165550199',
      note: 'Likes tea',
      tags: ['wholesale', 'vip', 'tax-exempt'],
      countryCode: 'CA',
      stateCode: 'CA-ON',
    });
    // Create mode again: the email now exists, in the file's case or not, and a dry run says the same.
    // A row without an email never matches, so it is created.
    const again = `${header + rows}Noemail,Person,,,,,,,,,,,,no,,,no\n`;
    for (const query of ['?dryRun=true', '']) {
      const refused = await upload(tenant.auth, again, query);
      expect(refused.job.result, query).toMatchObject({ created: 1, failed: 2, duplicates: 1 });
      expect(refused.errors, query).toContain('2,Email,ann@example.com,a customer with this email exists');
      expect(refused.errors, query).toContain('3,Email,ANN@example.com,repeats the email of line 2');
    }
    expect((await customers(tenant.auth)).map((c) => c.firstName)).toEqual(['Noemail', 'Ann']);
    const upserted = await upload(tenant.auth, header + rows, '?mode=upsert');
    expect(upserted.job.result).toMatchObject({ created: 0, updated: 2, failed: 0, duplicates: 1 });
    const annAgain = (await customers(tenant.auth)).find((c) => c.firstName === 'Ann');
    expect(annAgain).toMatchObject({ lastName: 'Again' });
  });

  it('in create mode matched by external id, refuses a row whose external id a customer has', async () => {
    const tenant = await t.newTenant('import-external-id');
    const file = (rows: string) => `externalId,email,lastName\n${rows}`;
    const first = await upload(tenant.auth, file('erp-1,one@example.com,One\n'), '?match=externalId');
    expect(first.job.result).toMatchObject({ created: 1, failed: 0 });
    // Another email, the same external id: refused; a new external id with the same email: created
    // (matching by external id, the email is no key).
    for (const query of ['?match=externalId&dryRun=true', '?match=externalId']) {
      const again = await upload(
        tenant.auth,
        file('erp-1,other@example.com,Other\nerp-2,one@example.com,Two\n'),
        query,
      );
      expect(again.job.result, query).toMatchObject({ created: 1, failed: 1 });
      expect(again.errors, query).toContain('2,externalId,erp-1,a customer with this externalId exists');
    }
    expect((await customers(tenant.auth)).map((c) => c.lastName).sort()).toEqual(['One', 'Two']);
  });

  it('makes "Accepts Email Marketing" consent records with source import, on the default newsletter', async () => {
    const tenant = await t.newTenant('import-consent');
    const created = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/newsletters',
      headers: tenant.auth,
      payload: { siteId: tenant.siteId, code: 'weekly', name: 'Weekly', isDefault: true },
    });
    expect(created.statusCode, created.body).toBe(201);
    const newsletterId = created.json().id as string;
    const header = 'First Name,Last Name,Email,Accepts Email Marketing,Tags\n';
    const first = await upload(
      tenant.auth,
      `${header}Ann,Lee,ann@example.com,yes,\nBo,Ek,bo@example.com,no,\nCy,Oz,cy@example.com,maybe,\n`,
    );
    expect(first.job.result).toMatchObject({ created: 2, failed: 1 });
    expect(first.errors).toContain('4,Accepts Email Marketing,maybe,must be yes or no');
    const byEmail = async (email: string) =>
      (await customers(tenant.auth)).find((c) => c.email === email) as { id: string };
    const state = async (email: string) => {
      const id = (await byEmail(email)).id;
      const contact = await t.app.inject({ url: `/admin/v1/customers/${id}/contact`, headers: tenant.auth });
      const consents = await t.app.inject({
        url: `/admin/v1/customers/${id}/consents`,
        headers: tenant.auth,
      });
      const subscription = (contact.json().subscriptions as { newsletterId: string; status: string }[]).find(
        (s) => s.newsletterId === newsletterId,
      );
      return {
        status: subscription?.status ?? null,
        records: consents.json().data as Record<string, unknown>[],
      };
    };
    const ann = await state('ann@example.com');
    expect(ann.status).toBe('SUBSCRIBED');
    expect(ann.records).toHaveLength(1);
    expect(ann.records[0]).toMatchObject({
      source: 'import',
      status: 'SUBSCRIBED',
      optInLevel: 'SINGLE_OPT_IN',
    });
    expect(String(ann.records[0]?.consentText)).toContain('Accepts Email Marketing');
    // "no" for someone never subscribed changes nothing and proves nothing.
    expect((await state('bo@example.com')).records).toHaveLength(0);

    // The same yes again records nothing new; a no now withdraws, with its own record.
    await upload(tenant.auth, `${header}Ann,Lee,ann@example.com,yes,\n`, '?mode=upsert');
    expect((await state('ann@example.com')).records).toHaveLength(1);
    await upload(tenant.auth, `${header}Ann,Lee,ann@example.com,no,\n`, '?mode=upsert');
    const withdrawn = await state('ann@example.com');
    expect(withdrawn.status).toBe('UNSUBSCRIBED');
    expect(withdrawn.records).toHaveLength(2);
    expect(withdrawn.records[0]).toMatchObject({ source: 'import', status: 'UNSUBSCRIBED' });

    // A dry run writes no consent; another tenant's newsletter id is a 404 before anything is stored.
    await upload(tenant.auth, `${header}Ann,Lee,ann@example.com,yes,\n`, '?mode=upsert&dryRun=true');
    expect((await state('ann@example.com')).status).toBe('UNSUBSCRIBED');
    const other = await t.newTenant('import-consent-other');
    const foreign = await t.app.inject({
      method: 'POST',
      url: `/admin/v1/imports?newsletterId=${newsletterId}`,
      headers: { ...other.auth, 'content-type': 'text/csv' },
      payload: `${header}Ann,Lee,ann@example.com,yes,\n`,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('reports the marketing column once when no newsletter can take it, and still imports', async () => {
    const tenant = await t.newTenant('import-consent-none');
    const { job, errors } = await upload(
      tenant.auth,
      'email,lastName,acceptsMarketing\nzed@example.com,Zed,yes\n',
    );
    expect(job.result).toMatchObject({ created: 1, failed: 0 });
    expect(errors).toContain('1,acceptsMarketing,,no newsletter to sign up to');
  });

  it('an update import changes the default address in place, and gives one to a customer without', async () => {
    const tenant = await t.newTenant('import-address');
    const header =
      'email,lastName,address.line1,address.city,address.postalCode,address.countryCode,address.stateCode\n';
    await upload(
      tenant.auth,
      `${header}moved@example.com,Mover,1 Old Rd,Springfield,62701,US,US-IL\nbare@example.com,Bare,,,,,\n`,
    );
    const file = `${header}moved@example.com,Mover,9 New Ave,Toronto,M5H 2N2,CA,ON\nbare@example.com,Bare,2 First St,Oslo,0150,NO,\n`;
    for (let i = 0; i < 2; i++)
      expect((await upload(tenant.auth, file, '?mode=update')).job.result).toMatchObject({
        updated: 2,
        failed: 0,
      });
    const list = await customers(tenant.auth);
    const addresses = async (email: string) => {
      const c = list.find((x) => x.email === email) as { id: string };
      const res = await t.app.inject({ url: `/admin/v1/customers/${c.id}/addresses`, headers: tenant.auth });
      return res.json().data as Record<string, unknown>[];
    };
    const moved = await addresses('moved@example.com');
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({
      line1: '9 New Ave',
      city: 'Toronto',
      countryCode: 'CA',
      stateCode: 'CA-ON',
      isDefaultBilling: true,
    });
    expect(list.find((c) => c.email === 'moved@example.com')).toMatchObject({
      countryCode: 'CA',
      stateCode: 'CA-ON',
    });
    const bare = await addresses('bare@example.com');
    expect(bare).toHaveLength(1);
    expect(bare[0]).toMatchObject({ city: 'Oslo', isDefaultBilling: true, isDefaultShipping: true });
    expect(list.find((c) => c.email === 'bare@example.com')).toMatchObject({ countryCode: 'NO' });

    // On the timeline as the address routes record it: the move once (the second import changed
    // nothing), and the new address as added.
    const timeline = async (email: string) => {
      const c = list.find((x) => x.email === email) as { id: string };
      const res = await t.app.inject({ url: `/admin/v1/customers/${c.id}/timeline`, headers: tenant.auth });
      return (
        res.json().data as { action: string; changes?: { field: string; from: unknown; to: unknown }[] }[]
      ).filter((e) => e.action.startsWith('address.'));
    };
    const movedEvents = await timeline('moved@example.com');
    expect(movedEvents.map((e) => e.action)).toEqual(['address.changed']);
    expect(movedEvents[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'address.city', from: 'Springfield', to: 'Toronto' },
        { field: 'address.countryCode', from: 'US', to: 'CA' },
      ]),
    );
    const bareEvents = await timeline('bare@example.com');
    expect(bareEvents.map((e) => e.action)).toEqual(['address.added']);
    expect(bareEvents[0]!.changes).toEqual(
      expect.arrayContaining([{ field: 'address.city', from: null, to: 'Oslo' }]),
    );
  });

  it("records an update import's changes on each customer's timeline, and nothing when a file changes nothing", async () => {
    const tenant = await t.newTenant('import-timeline');
    const header = 'email,firstName,lastName,phone,note\n';
    await upload(tenant.auth, `${header}tl@example.com,Tia,Long,,first\nsame@example.com,Sam,Same,,kept\n`);
    const file = `${header}tl@example.com,Tia,Short,+14155550100,second\nsame@example.com,Sam,Same,,kept\n`;
    expect((await upload(tenant.auth, file, '?mode=update')).job.result).toMatchObject({ updated: 2 });
    const timeline = async (email: string) => {
      const c = (await customers(tenant.auth)).find((x) => x.email === email) as { id: string };
      const res = await t.app.inject({ url: `/admin/v1/customers/${c.id}/timeline`, headers: tenant.auth });
      return res.json().data as { action: string; data: Record<string, unknown>; changes?: unknown }[];
    };
    const changed = (await timeline('tl@example.com')).filter((e) => e.action === 'customer.updated');
    expect(changed).toHaveLength(1);
    expect(changed[0]!.data.via).toBe('import');
    expect(changed[0]!.changes).toEqual([
      { field: 'lastName', from: 'Long', to: 'Short' },
      { field: 'phone', from: null, to: '+14155550100' },
      { field: 'note', from: 'first', to: 'second' },
    ]);
    // The same file again, and the unchanged row: a match is not a change.
    await upload(tenant.auth, file, '?mode=update');
    expect((await timeline('tl@example.com')).filter((e) => e.action === 'customer.updated')).toHaveLength(1);
    expect((await timeline('same@example.com')).filter((e) => e.action === 'customer.updated')).toEqual([]);
  });

  it('imports NDJSON and refuses another content type', async () => {
    const tenant = await t.newTenant('import-ndjson');
    const ndjson = `${JSON.stringify({ email: 'nd@example.com', lastName: 'Json', address: { line1: '1 A St', city: 'Oslo', countryCode: 'NO' } })}\nnot json\n`;
    const { job, errors } = await upload(tenant.auth, ndjson, '', 'application/x-ndjson');
    expect(job.result).toMatchObject({ created: 1, failed: 1 });
    expect(errors).toContain('2,,,is not a JSON object');
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/imports',
      headers: { ...tenant.auth, 'content-type': 'application/json' },
      payload: { email: 'x@example.com' },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('export', () => {
  it('exports formula-safe CSV that imports into an empty tenant as the same customers and addresses', async () => {
    const source = await t.newTenant('export-source');
    const csv =
      'email,firstName,lastName,companyName,tags,externalId,address.line1,address.city,address.postalCode,address.countryCode,address.stateCode\n' +
      'a@example.com,=cmd(),Ames,"Acme, Inc",vip,ext-1,@SUM(A1),Springfield,62701,US,US-IL\n' +
      'b@example.com,Bea,-Bell,,,ext-2,,,,,\n';
    expect((await upload(source.auth, csv)).job.result).toMatchObject({ created: 2 });
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/exports',
      headers: source.auth,
      payload: { format: 'csv' },
    });
    expect(res.statusCode, res.body).toBe(202);
    await work();
    const download = await t.app.inject({
      url: `/admin/v1/jobs/${res.json().id}/download`,
      headers: source.auth,
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('text/csv');
    expect(download.body).toContain(",'=cmd(),");
    expect(download.body).toContain(",'-Bell,");
    // An address cell is made safe once, by the addresses module's part of the export (not twice).
    expect(download.body).toContain(",'@SUM(A1),,Springfield,");

    const target = await t.newTenant('export-target');
    expect((await upload(target.auth, download.body)).job.result).toMatchObject({ created: 2, failed: 0 });
    const strip = (c: Record<string, unknown>) => {
      const { id: _i, createdAt: _c, updatedAt: _u, etag: _e, customerSetId: _s, ...rest } = c;
      return rest;
    };
    expect((await customers(target.auth)).map(strip)).toEqual((await customers(source.auth)).map(strip));
    const filtered = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/exports',
      headers: source.auth,
      payload: { format: 'ndjson', filter: 'lastName eq "Ames"' },
    });
    await work();
    const nd = await t.app.inject({
      url: `/admin/v1/jobs/${filtered.json().id}/download`,
      headers: source.auth,
    });
    const lines = nd.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      email: 'a@example.com',
      address: { city: 'Springfield', countryCode: 'US' },
    });
  });

  it('writes the same CSV on either engine: COPY on PostgreSQL, pages on the embedded one', async () => {
    const tenant = await t.newTenant('export-bytes');
    const csv =
      'email,firstName,lastName,note,tags,address.line1,address.city,address.countryCode\n' +
      'ada@bytes.test,+44,"O""Hara","line one\nline two","vip, early",1 Main St,São Paulo,BR\n' +
      'bo@bytes.test,Bo,@home,,,,,\n' +
      'other@elsewhere.test,Cy,Cole,,,,,\n';
    expect((await upload(tenant.auth, csv)).job.result).toMatchObject({ created: 3, failed: 0 });
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/exports',
      headers: tenant.auth,
      payload: {
        format: 'csv',
        filter: 'email ew "@bytes.test"',
        columns: [
          'email',
          'firstName',
          'lastName',
          'note',
          'tags',
          'address.line1',
          'address.city',
          'address.countryCode',
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(202);
    await work();
    const job = await t.app.inject({ url: `/admin/v1/jobs/${res.json().id}`, headers: tenant.auth });
    expect(job.json()).toMatchObject({ status: 'succeeded', result: { rows: 2 }, progress: { done: 2 } });
    const download = await t.app.inject({
      url: `/admin/v1/jobs/${res.json().id}/download`,
      headers: tenant.auth,
    });
    // Formula starts get the apostrophe, quotes are doubled, a line break or comma is quoted, and an
    // empty or missing value is an empty unquoted cell; one LF after each row.
    expect(download.body).toBe(
      'email,firstName,lastName,note,tags,address.line1,address.city,address.countryCode\n' +
        'ada@bytes.test,\'+44,"O""Hara","line one\nline two","vip, early",1 Main St,São Paulo,BR\n' +
        "bo@bytes.test,Bo,'@home,,,,,\n",
    );
  });

  it('ends an export cancelled before its first row as cancelled, not failed, with no file', async () => {
    const tenant = await t.newTenant('export-cancel');
    expect((await upload(tenant.auth, 'email\nx@cancel.test\n')).job.result).toMatchObject({ created: 1 });
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/exports',
      headers: tenant.auth,
      payload: { format: 'csv' },
    });
    const job = await requireJob(tenant.ctx, res.json().id);
    // Cancelled before it starts: on PostgreSQL the COPY ends with an error, which must not fail the job.
    const cancelled = new AbortController();
    cancelled.abort();
    const result = await runExportJob({
      job,
      ctx: tenant.ctx,
      signal: cancelled.signal,
      progress: () => {},
      checkpoint: async () => {},
    });
    expect(result).toEqual({ rows: 0 });
    expect(await jobFileSize(tenant.ctx, job.id, 'output')).toMatchObject({ parts: 0 });
  });

  it('answers 400 naming a bad filter, and 404 for the download of another tenant', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/exports',
      headers: t.tenant.auth,
      payload: { format: 'csv', filter: 'lastName eq' },
    });
    expect(res.statusCode).toBe(400);
    const other = await t.newTenant('export-other');
    const job = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/exports',
      headers: other.auth,
      payload: { format: 'csv' },
    });
    await work();
    const peek = await t.app.inject({
      url: `/admin/v1/jobs/${job.json().id}/download`,
      headers: t.tenant.auth,
    });
    expect(peek.statusCode).toBe(404);
  });
});

describe('an export whose filter names another module’s attribute', () => {
  it('reads group eq in the worker, as clientele worker runs it', async () => {
    const tenant = await t.newTenant('export-group');
    const group = await make.group(tenant);
    const member = await make.customer(tenant, { email: 'member@example.com' });
    await make.customer(tenant, { email: 'outsider@example.com' });
    const added = await t.app.inject({
      method: 'PUT',
      url: `/admin/v1/customers/${member.id}/groups/${group.id}`,
      headers: tenant.auth,
      payload: {},
    });
    expect(added.statusCode, added.body).toBeLessThan(300);
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/exports',
      headers: tenant.auth,
      payload: { format: 'ndjson', filter: `group eq "${group.code}"` },
    });
    expect(res.statusCode, res.body).toBe(202);
    const background = startBackgroundWork({
      db: t.handle.db,
      logger: quiet,
      smtpUrl: null,
      from: 'Shop <shop@example.com>',
      once: true,
      modules: null,
    });
    await background.runOnce();
    await background.stop();
    const job = await t.app.inject({ url: `/admin/v1/jobs/${res.json().id}`, headers: tenant.auth });
    expect(job.json()).toMatchObject({ status: 'succeeded' });
    const download = await t.app.inject({
      url: `/admin/v1/jobs/${res.json().id}/download`,
      headers: tenant.auth,
    });
    const emails = download.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).email);
    expect(emails).toEqual(['member@example.com']);
  });
});
