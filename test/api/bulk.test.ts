import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkSettings, runBulkJob } from '../../src/flows/bulk-customers.js';
import {
  claimJob,
  configureJobs,
  jobContext,
  saveJobCheckpoint,
} from '../../src/modules/jobs/jobs.service.js';
import { startBackgroundWork } from '../../src/worker/background.js';
import { jobRunner } from '../../src/worker/job-runner.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

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

const bulk = (auth: { authorization: string }, body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/admin/v1/customers/bulk', headers: auth, payload: body });

/** Starts a bulk action, runs the worker, answers the finished job and its error report. */
async function run(auth: { authorization: string }, body: Record<string, unknown>) {
  const res = await bulk(auth, body);
  expect(res.statusCode, res.body).toBe(202);
  expect(res.json()).toMatchObject({ kind: 'bulk', status: 'queued' });
  await work();
  const job = await t.app.inject({ url: `/admin/v1/jobs/${res.json().id}`, headers: auth });
  const errors = await t.app.inject({ url: `/admin/v1/jobs/${res.json().id}/errors`, headers: auth });
  return { job: job.json(), errors: errors.body };
}

async function customer(tenant: TestTenant, id: string) {
  const res = await t.app.inject({ url: `/admin/v1/customers/${id}`, headers: tenant.auth });
  return res;
}

async function timeline(tenant: TestTenant, id: string) {
  const res = await t.app.inject({
    url: `/admin/v1/customers/${id}/timeline?limit=200`,
    headers: tenant.auth,
  });
  return (res.json().data as { action: string }[]).map((e) => e.action);
}

describe('bulk tags', () => {
  it('adds tags to the ids given, one timeline entry per changed customer, none for an unchanged one', async () => {
    const tenant = await t.newTenant('bulk-tags');
    const a = await make.customer(tenant, { tags: ['old'] });
    const b = await make.customer(tenant, { tags: ['VIP'] });
    const { job, errors } = await run(tenant.auth, {
      action: 'addTags',
      params: { tags: ['vip', 'spring'] },
      selection: { ids: [a.id, b.id] },
    });
    expect(job).toMatchObject({
      status: 'succeeded',
      progress: { done: 2, total: 2, failed: 0 },
      result: { action: 'addTags', total: 2, changed: 2, unchanged: 0, failed: 0 },
    });
    expect(errors.trim()).toBe('line,column,value,message');
    expect((await customer(tenant, a.id)).json().tags).toEqual(['old', 'vip', 'spring']);
    expect((await customer(tenant, b.id)).json().tags).toEqual(['VIP', 'spring']);
    expect((await timeline(tenant, a.id)).filter((x) => x === 'customer.tags_added')).toHaveLength(1);

    const again = await run(tenant.auth, {
      action: 'addTags',
      params: { tags: ['spring'] },
      selection: { ids: [a.id] },
    });
    expect(again.job.result).toMatchObject({ changed: 0, unchanged: 1 });
    expect((await timeline(tenant, a.id)).filter((x) => x === 'customer.tags_added')).toHaveLength(1);
  });

  it('removes tags from everything matching a filter, in one timeline entry each', async () => {
    const tenant = await t.newTenant('bulk-untag');
    const a = await make.customer(tenant, { tags: ['promo', 'x', 'keep'] });
    const b = await make.customer(tenant, { tags: ['promo'] });
    const c = await make.customer(tenant, { tags: ['keep'] });
    const { job } = await run(tenant.auth, {
      action: 'removeTags',
      params: { tags: ['PROMO', 'x'] },
      selection: { filter: 'tags co "promo"' },
    });
    expect(job.result).toMatchObject({ total: 2, changed: 2, failed: 0 });
    expect((await customer(tenant, a.id)).json().tags).toEqual(['keep']);
    expect((await customer(tenant, b.id)).json().tags).toEqual([]);
    expect((await customer(tenant, c.id)).json().tags).toEqual(['keep']);
    expect((await timeline(tenant, a.id)).filter((x) => x === 'customer.tags_removed')).toHaveLength(1);
  });
});

describe('bulk groups', () => {
  it('adds to and removes from a group, skipping customers already in (or not in) it', async () => {
    const tenant = await t.newTenant('bulk-groups');
    const group = await make.group(tenant);
    const a = await make.customer(tenant);
    const b = await make.customer(tenant);
    const added = await run(tenant.auth, {
      action: 'addToGroup',
      params: { groupId: group.id },
      selection: { ids: [a.id, b.id] },
    });
    expect(added.job.result).toMatchObject({ changed: 2, failed: 0 });
    const members = await t.app.inject({ url: `/admin/v1/customers/${a.id}/groups`, headers: tenant.auth });
    expect(members.json().data ?? members.json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ groupId: group.id })]),
    );
    const removed = await run(tenant.auth, {
      action: 'removeFromGroup',
      params: { groupId: group.id },
      selection: { ids: [a.id] },
    });
    expect(removed.job.result).toMatchObject({ changed: 1, failed: 0 });
    const again = await run(tenant.auth, {
      action: 'removeFromGroup',
      params: { groupId: group.id },
      selection: { ids: [a.id] },
    });
    expect(again.job.result).toMatchObject({ changed: 0, unchanged: 1, failed: 0 });
    expect((await timeline(tenant, a.id)).filter((x) => x.startsWith('membership.'))).toEqual([
      'membership.removed',
      'membership.added',
    ]);
  });

  it("refuses another tenant's group before queueing anything (400 at /params/groupId)", async () => {
    const tenant = await t.newTenant('bulk-groups-theirs');
    const other = await t.newTenant('bulk-groups-other');
    const theirs = await make.group(other);
    const res = await bulk(tenant.auth, {
      action: 'addToGroup',
      params: { groupId: theirs.id },
      selection: { filter: 'lastName pr' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: '/params/groupId' })]);
  });
});

describe('bulk disable, enable, delete', () => {
  it('disables then enables with the single routes’ rules and timeline entries', async () => {
    const tenant = await t.newTenant('bulk-disable');
    const a = await make.customer(tenant);
    const b = await make.customer(tenant);
    const disabled = await run(tenant.auth, {
      action: 'disable',
      params: { reason: 'Fraud ring' },
      selection: { ids: [a.id, b.id] },
    });
    expect(disabled.job.result).toMatchObject({ changed: 2, failed: 0 });
    expect((await customer(tenant, a.id)).json().enabled).toBe(false);
    const enabled = await run(tenant.auth, { action: 'enable', selection: { ids: [a.id] } });
    expect(enabled.job.result).toMatchObject({ changed: 1 });
    expect((await customer(tenant, a.id)).json().enabled).toBe(true);
    expect((await customer(tenant, b.id)).json().enabled).toBe(false);
    expect(await timeline(tenant, a.id)).toEqual(
      expect.arrayContaining(['account.enabled', 'account.disabled']),
    );
    expect((await timeline(tenant, b.id)).filter((x) => x.startsWith('account.'))).toEqual([
      'account.disabled',
    ]);
  });

  it('deletes the customers it may and reports each it may not as a job error', async () => {
    const tenant = await t.newTenant('bulk-delete');
    const guest = await make.customer(tenant);
    const registered = await make.customer(tenant, { isRegistered: true });
    const { job, errors } = await run(tenant.auth, {
      action: 'delete',
      selection: { ids: [guest.id, registered.id] },
    });
    expect(job).toMatchObject({ status: 'succeeded', progress: { done: 2, failed: 1 } });
    expect(job.result).toMatchObject({ changed: 1, failed: 1 });
    expect((await customer(tenant, guest.id)).statusCode).toBe(404);
    expect((await customer(tenant, registered.id)).statusCode).toBe(200);
    const line = errors.split('\n').find((l) => l.includes(registered.id)) ?? '';
    expect(line).toMatch(/^\d,customerId,/);
    expect(line).toContain('customer.has_history');
  });
});

describe('selection', () => {
  it('answers the count for a dry run, for ids and for everything matching', async () => {
    const tenant = await t.newTenant('bulk-count');
    const a = await make.customer(tenant, { lastName: 'Countme' });
    await make.customer(tenant, { lastName: 'Countme' });
    await make.customer(tenant, { lastName: 'Other' });
    const byFilter = await bulk(tenant.auth, {
      action: 'delete',
      selection: { filter: 'lastName eq "Countme"' },
      dryRun: true,
    });
    expect(byFilter.statusCode, byFilter.body).toBe(200);
    expect(byFilter.json()).toEqual({ count: 2, countIsLowerBound: false });
    const byIds = await bulk(tenant.auth, {
      action: 'enable',
      selection: { ids: [a.id, a.id] },
      dryRun: true,
    });
    expect(byIds.json()).toEqual({ count: 1, countIsLowerBound: false });
    const all = await bulk(tenant.auth, {
      action: 'addTags',
      params: { tags: ['x'] },
      selection: {},
      dryRun: true,
    });
    expect(all.json()).toEqual({ count: 3, countIsLowerBound: false });
    const jobs = await t.app.inject({ url: '/admin/v1/jobs?kind=bulk', headers: tenant.auth });
    expect(jobs.json().data).toEqual([]);
  });

  it('takes the matching customers once, when the job starts: customers created later are not touched', async () => {
    const tenant = await t.newTenant('bulk-snapshot');
    const before = await make.customer(tenant, { lastName: 'Snap' });
    const res = await bulk(tenant.auth, {
      action: 'addTags',
      params: { tags: ['snap'] },
      selection: { filter: 'lastName eq "Snap"' },
    });
    expect(res.statusCode).toBe(202);
    await work();
    const later = await make.customer(tenant, { lastName: 'Snap' });
    await work();
    expect((await customer(tenant, before.id)).json().tags).toEqual(['snap']);
    expect((await customer(tenant, later.id)).json().tags).toEqual([]);
    const job = await t.app.inject({ url: `/admin/v1/jobs/${res.json().id}`, headers: tenant.auth });
    expect(job.json().result).toMatchObject({ total: 1, changed: 1 });
  });

  it('works through a selection larger than a batch, on a segment', async () => {
    const tenant = await t.newTenant('bulk-segment');
    for (let i = 0; i < 120; i++) await make.customer(tenant, { lastName: 'Many' });
    await make.customer(tenant, { lastName: 'Few' });
    const segment = await make.segment(tenant, { filter: 'lastName eq "Many"' });
    const { job } = await run(tenant.auth, {
      action: 'addTags',
      params: { tags: ['many'] },
      selection: { segmentId: segment.id },
    });
    expect(job).toMatchObject({ status: 'succeeded', progress: { done: 120, total: 120, failed: 0 } });
    const tagged = await bulk(tenant.auth, {
      action: 'removeTags',
      params: { tags: ['many'] },
      selection: { filter: 'tags co "many"' },
      dryRun: true,
    });
    expect(tagged.json().count).toBe(120);
  });

  it('names every bad field: ids with a filter, missing params, a bad filter', async () => {
    const tenant = await t.newTenant('bulk-bad');
    const both = await bulk(tenant.auth, {
      action: 'addTags',
      selection: { ids: ['0190b5a4-8a2e-7c3d-9f10-2b3c4d5e6f70'], filter: 'lastName pr' },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors.map((e: { path: string }) => e.path)).toEqual(['/params/tags']);
    const mixed = await bulk(tenant.auth, {
      action: 'addTags',
      params: { tags: ['a'] },
      selection: { ids: ['0190b5a4-8a2e-7c3d-9f10-2b3c4d5e6f70'], filter: 'lastName pr' },
    });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().errors.map((e: { path: string }) => e.path)).toEqual(['/selection']);
    const filter = await bulk(tenant.auth, { action: 'enable', selection: { filter: 'lastName zz "x"' } });
    expect(filter.statusCode).toBe(400);
    const tooMany = await bulk(tenant.auth, {
      action: 'enable',
      selection: { ids: Array.from({ length: 1001 }, () => '0190b5a4-8a2e-7c3d-9f10-2b3c4d5e6f70') },
    });
    expect(tooMany.statusCode).toBe(400);
  });
});

describe('permissions and tenants', () => {
  it('needs the single routes’ role for each action', async () => {
    const tenant = await t.newTenant('bulk-roles');
    const a = await make.customer(tenant);
    const support = await tenant.as('support');
    const viewer = await tenant.as('viewer');
    const denied = await bulk(support, { action: 'delete', selection: { ids: [a.id] } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().errors).toEqual([expect.objectContaining({ path: '/action' })]);
    expect(
      (await bulk(support, { action: 'disable', params: { reason: 'x' }, selection: { ids: [a.id] } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await bulk(viewer, { action: 'addTags', params: { tags: ['x'] }, selection: { ids: [a.id] } }))
        .statusCode,
    ).toBe(403);
    const tagged = await run(support, {
      action: 'addTags',
      params: { tags: ['by-support'] },
      selection: { ids: [a.id] },
    });
    expect(tagged.job.result).toMatchObject({ changed: 1 });
    expect((await customer(tenant, a.id)).statusCode).toBe(200);
  });

  it("reports another tenant's ids as errors and never touches them", async () => {
    const tenant = await t.newTenant('bulk-mine');
    const other = await t.newTenant('bulk-theirs');
    const mine = await make.customer(tenant);
    const theirs = await make.customer(other);
    const { job, errors } = await run(tenant.auth, {
      action: 'delete',
      selection: { ids: [mine.id, theirs.id] },
    });
    expect(job.result).toMatchObject({ changed: 1, failed: 1 });
    expect(errors).toContain(`${theirs.id},customer.not_found`);
    expect((await customer(other, theirs.id)).statusCode).toBe(200);
    expect(await timeline(other, theirs.id)).not.toContain('customer.deleted');
    const all = await run(tenant.auth, { action: 'addTags', params: { tags: ['mine'] }, selection: {} });
    expect(all.job.result).toMatchObject({ total: 0 });
    expect((await customer(other, theirs.id)).json().tags).toEqual([]);
  });
});

describe('bulk export', () => {
  it('queues an export job of the selection', async () => {
    const tenant = await t.newTenant('bulk-export');
    await make.customer(tenant, { lastName: 'Exported', email: 'exp@example.com' });
    await make.customer(tenant, { lastName: 'Not' });
    const res = await bulk(tenant.auth, {
      action: 'export',
      params: { format: 'csv', columns: ['email', 'lastName'] },
      selection: { filter: 'lastName eq "Exported"' },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().kind).toBe('export');
    await work();
    const file = await t.app.inject({
      url: `/admin/v1/jobs/${res.json().id}/download`,
      headers: tenant.auth,
    });
    expect(file.body.trim().split(/\r?\n/)).toEqual(['email,lastName', 'exp@example.com,Exported']);
  });

  it('exports the chosen ids only, never another tenant’s', async () => {
    const tenant = await t.newTenant('bulk-export-ids');
    const chosen = await make.customer(tenant, { lastName: 'Chosen', email: 'chosen@example.com' });
    await make.customer(tenant, { lastName: 'Left', email: 'left@example.com' });
    const other = await t.newTenant('bulk-export-ids-other');
    const theirs = await make.customer(other, { lastName: 'Theirs', email: 'theirs@example.com' });
    const res = await bulk(tenant.auth, {
      action: 'export',
      params: { format: 'csv', columns: ['email'] },
      selection: { ids: [chosen.id, theirs.id] },
    });
    expect(res.statusCode, res.body).toBe(202);
    await work();
    const file = await t.app.inject({
      url: `/admin/v1/jobs/${res.json().id}/download`,
      headers: tenant.auth,
    });
    expect(file.body.trim().split(/\r?\n/)).toEqual(['email', 'chosen@example.com']);
  });
});

describe('resume', () => {
  it('resumes after the last committed batch when its worker dies: every customer changed once', async () => {
    const tenant = await t.newTenant('bulk-resume');
    for (let i = 0; i < 7; i++) await make.customer(tenant, { lastName: 'Resume' });
    bulkSettings.batchSize = 3;
    configureJobs({ leaseMs: 300 });
    try {
      const res = await bulk(tenant.auth, {
        action: 'addTags',
        params: { tags: ['once'] },
        selection: { filter: 'lastName eq "Resume"' },
      });
      // A worker claims the job, commits its snapshot and one batch, then dies (no more renewals).
      const claimed = await claimJob(t.handle.db, 'dead-worker', ['bulk']);
      expect(claimed?.id).toBe(res.json().id);
      const job = claimed as NonNullable<typeof claimed>;
      const stop = new AbortController();
      let batches = 0;
      await runBulkJob({
        job,
        ctx: jobContext(t.handle.db, job, 'dead-run'),
        signal: stop.signal,
        progress: () => {},
        async checkpoint(trx, checkpoint, progress) {
          await saveJobCheckpoint(trx, job.id, 'dead-worker', checkpoint, progress);
          if (Number(checkpoint.done) > 0 && ++batches === 1) stop.abort();
        },
      });
      const dead = await t.app.inject({ url: `/admin/v1/jobs/${job.id}`, headers: tenant.auth });
      expect(dead.json()).toMatchObject({ status: 'running', progress: { done: 3, total: 7 } });
      await new Promise((r) => setTimeout(r, 400));
      await work();
      const done = await t.app.inject({ url: `/admin/v1/jobs/${job.id}`, headers: tenant.auth });
      expect(done.json()).toMatchObject({
        status: 'succeeded',
        progress: { done: 7, total: 7, failed: 0 },
        result: { total: 7, changed: 7, unchanged: 0 },
      });
      const list = await t.app.inject({ url: '/admin/v1/customers?q=Resume', headers: tenant.auth });
      for (const c of list.json().data as { id: string; tags: string[] }[]) {
        expect(c.tags).toEqual(['once']);
        expect((await timeline(tenant, c.id)).filter((x) => x === 'customer.tags_added')).toHaveLength(1);
      }
    } finally {
      bulkSettings.batchSize = 100;
      configureJobs({ leaseMs: 30_000 });
    }
  });
});

describe('the worker', () => {
  it("reads a filter on another module's attribute (group) when it takes the snapshot", async () => {
    const tenant = await t.newTenant('bulk-by-group');
    const group = await make.group(tenant);
    const member = await make.customer(tenant);
    const other = await make.customer(tenant);
    const added = await t.app.inject({
      method: 'PUT',
      url: `/admin/v1/customers/${member.id}/groups/${group.id}`,
      headers: tenant.auth,
      payload: {},
    });
    expect(added.statusCode, added.body).toBeLessThan(300);
    const res = await bulk(tenant.auth, {
      action: 'addTags',
      params: { tags: ['member'] },
      selection: { filter: `group eq "${group.code}"` },
    });
    expect(res.statusCode, res.body).toBe(202);
    // As `clientele worker` runs it: the background work hands the enabled modules' filters over.
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
    expect(job.json()).toMatchObject({ status: 'succeeded', result: { total: 1, changed: 1 } });
    expect((await customer(tenant, member.id)).json().tags).toEqual(['member']);
    expect((await customer(tenant, other.id)).json().tags).toEqual([]);
  });
});
