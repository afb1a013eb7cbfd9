import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/lib/context.js';
import { registerJobHandler } from '../../src/modules/jobs/job-handlers.js';
import { claimJob, configureJobs, createJob } from '../../src/modules/jobs/jobs.service.js';
import { jobRunner } from '../../src/worker/job-runner.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

// A bulk job that counts to params.steps, one checkpointed batch a step, resuming where it stopped.
registerJobHandler('bulk', async (run) => {
  const steps = Number(run.job.params.steps);
  let step = Number(run.job.checkpoint?.step ?? 0);
  while (step < steps && !run.signal.aborted) {
    step++;
    await inTransaction(run.ctx, (trx) =>
      run.checkpoint(trx, { step }, { done: step, total: steps, failed: 0 }),
    );
    if (run.job.params.pause) await new Promise((r) => setTimeout(r, Number(run.job.params.pause)));
  }
  return { steps: step };
});

const runner = () => jobRunner.start({ db: t.handle.db, logger: quiet, everyMs: 0 });

describe('jobs', () => {
  it('lists, shows and runs a job to its end, with progress and who made it', async () => {
    const job = await createJob(t.tenant.ctx, { kind: 'bulk', params: { steps: 3 } });
    expect(job).toMatchObject({ kind: 'bulk', status: 'queued', progress: { done: 0, failed: 0 } });
    const worker = runner();
    expect(await worker.runOnce()).toBeGreaterThanOrEqual(1);
    await worker.stop();
    const res = await t.app.inject({ url: `/admin/v1/jobs/${job.id}`, headers: t.tenant.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'succeeded',
      progress: { done: 3, total: 3, failed: 0 },
      result: { steps: 3 },
      createdBy: { type: 'system', id: 'system', label: 'System' },
    });
    expect(res.json().startedAt).toBeTruthy();
    expect(res.json().finishedAt).toBeTruthy();
    const list = await t.app.inject({ url: '/admin/v1/jobs?kind=bulk', headers: t.tenant.auth });
    expect(list.json().data.map((j: { id: string }) => j.id)).toContain(job.id);
    const none = await t.app.inject({ url: '/admin/v1/jobs?kind=import', headers: t.tenant.auth });
    expect(none.json().data.map((j: { id: string }) => j.id)).not.toContain(job.id);
  });

  it('cancels a queued job at once and refuses to cancel a finished one', async () => {
    const job = await createJob(t.tenant.ctx, { kind: 'bulk', params: { steps: 1 } });
    const headers = await t.tenant.as('admin');
    const cancel = await t.app.inject({ method: 'POST', url: `/admin/v1/jobs/${job.id}/cancel`, headers });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json()).toMatchObject({ status: 'cancelled' });
    const again = await t.app.inject({ method: 'POST', url: `/admin/v1/jobs/${job.id}/cancel`, headers });
    expect(again.statusCode).toBe(409);
    const viewer = await t.tenant.as('viewer');
    const forbidden = await t.app.inject({
      method: 'POST',
      url: `/admin/v1/jobs/${job.id}/cancel`,
      headers: viewer,
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('stops a running job after its batch when cancelled', async () => {
    configureJobs({ leaseMs: 3000 });
    const job = await createJob(t.tenant.ctx, { kind: 'bulk', params: { steps: 1000, pause: 50 } });
    const worker = runner();
    const running = worker.runOnce();
    await new Promise((r) => setTimeout(r, 400));
    await t.app.inject({ method: 'POST', url: `/admin/v1/jobs/${job.id}/cancel`, headers: t.tenant.auth });
    await running;
    await worker.stop();
    const res = await t.app.inject({ url: `/admin/v1/jobs/${job.id}`, headers: t.tenant.auth });
    expect(res.json().status).toBe('cancelled');
    expect(res.json().progress.done).toBeGreaterThan(0);
    expect(res.json().progress.done).toBeLessThan(1000);
  });

  it('gives a job whose worker stopped renewing its lease to another worker, which resumes it', async () => {
    configureJobs({ leaseMs: 300 });
    const job = await createJob(t.tenant.ctx, { kind: 'bulk', params: { steps: 4 } });
    // A worker claims the job and dies before doing anything (no lease renewal).
    const dead = await claimJob(t.handle.db, 'dead-worker', ['bulk']);
    expect(dead?.id).toBe(job.id);
    expect(await claimJob(t.handle.db, 'other', ['bulk'])).toBeUndefined();
    await new Promise((r) => setTimeout(r, 400));
    const worker = runner();
    await worker.runOnce();
    await worker.stop();
    const res = await t.app.inject({ url: `/admin/v1/jobs/${job.id}`, headers: t.tenant.auth });
    expect(res.json()).toMatchObject({ status: 'succeeded', result: { steps: 4 } });
    configureJobs({ leaseMs: 30_000 });
  });

  it("starts a job queued in this process at once, not at the runner's next poll", async () => {
    // A runner that polls once a minute: only the in-process wake-up can start the job in time.
    const worker = jobRunner.start({ db: t.handle.db, logger: quiet, everyMs: 60_000 });
    try {
      // Its first poll runs now; a job queued after it waits for the wake-up.
      await new Promise((r) => setTimeout(r, 200));
      const job = await createJob(t.tenant.ctx, { kind: 'bulk', params: { steps: 1 } });
      let status = job.status;
      for (let i = 0; i < 50 && status !== 'succeeded'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await t.app.inject({ url: `/admin/v1/jobs/${job.id}`, headers: t.tenant.auth })).json()
          .status;
      }
      expect(status).toBe('succeeded');
    } finally {
      await worker.stop();
    }
  });

  it("answers 404 for another tenant's job", async () => {
    const other = await t.newTenant('jobs-other');
    const job = await createJob(other.ctx, { kind: 'bulk', params: { steps: 1 } });
    for (const url of [`/admin/v1/jobs/${job.id}`, `/admin/v1/jobs/${job.id}/download`]) {
      const res = await t.app.inject({ url, headers: t.tenant.auth });
      expect(res.statusCode, url).toBe(404);
    }
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/admin/v1/jobs/${job.id}/cancel`,
      headers: t.tenant.auth,
    });
    expect(cancel.statusCode).toBe(404);
  });
});
