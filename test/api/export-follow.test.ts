import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_PART_BYTES, jobDownload, jobFileWriter } from '../../src/modules/jobs/jobs.service.js';
import { jobRunner } from '../../src/worker/job-runner.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

/**
 * A download started while its export runs follows the file as it is written (over a real
 * socket, so what a client sees of a transfer that breaks off is what is asserted), and an export
 * run again after its worker died writes its file anew.
 */
let t: TestApp;
let baseUrl: string;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
});
afterAll(() => t.close());

async function work() {
  const worker = jobRunner.start({ db: t.handle.db, logger: quiet, everyMs: 0 });
  await worker.runOnce();
  await worker.stop();
}

async function queueExport(tenant: TestTenant) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/admin/v1/exports',
    headers: tenant.auth,
    payload: { format: 'csv', columns: ['email', 'firstName'] },
  });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().id as string;
}

/** Marks the job as a worker's claim would (the export is then written by the test itself). */
const claim = (id: string, attempts = 1) =>
  sql`update jobs set status = 'running', attempts = ${attempts}, started_at = now() where id = ${id}`.execute(
    t.handle.db,
  );

/** A reader of the download's body, to take bytes from it as they arrive. */
async function openDownload(tenant: TestTenant, id: string) {
  const res = await fetch(`${baseUrl}/admin/v1/jobs/${id}/download`, { headers: tenant.auth });
  expect(res.status).toBe(200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  let received = Buffer.alloc(0);
  return {
    res,
    /** Reads until at least `bytes` have arrived (or the body ends); answers all received so far. */
    async until(bytes: number) {
      while (received.length < bytes) {
        const { done, value } = await reader.read();
        if (done) break;
        received = Buffer.concat([received, value]);
      }
      return received;
    },
    async rest() {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return received;
        received = Buffer.concat([received, value]);
      }
    },
  };
}

const part = (fill: string) => Buffer.alloc(FILE_PART_BYTES, fill);

/** A running export with its first part stored, and a download that has received that part. */
async function followingFirstPart(tenant: TestTenant) {
  const id = await queueExport(tenant);
  await claim(id);
  const writer = jobFileWriter(tenant.ctx, id, 'output');
  await writer.write(part('a'));
  await writer.close();
  const download = await openDownload(tenant, id);
  expect((await download.until(FILE_PART_BYTES)).length).toBe(FILE_PART_BYTES);
  return { id, download };
}

describe('a download that starts with its export', () => {
  it('sends each part as it is stored and ends when the export has succeeded', async () => {
    const tenant = await t.newTenant('follow-ok');
    const id = await queueExport(tenant);
    // Asked for while queued: the answer starts with the first part stored.
    const opening = openDownload(tenant, id);
    await claim(id);
    const writer = jobFileWriter(tenant.ctx, id, 'output');
    await writer.write(part('a'));
    await writer.close();
    const download = await opening;
    // Not finished: no size to announce.
    expect(download.res.headers.get('content-length')).toBeNull();
    expect(download.res.headers.get('content-type')).toContain('text/csv');
    // The first part arrives while the job is still running.
    expect((await download.until(FILE_PART_BYTES)).length).toBe(FILE_PART_BYTES);
    const status = await t.app.inject({ url: `/admin/v1/jobs/${id}`, headers: tenant.auth });
    expect(status.json().status).toBe('running');

    await writer.write(Buffer.concat([part('b'), Buffer.from('the end\n')]));
    await writer.close();
    await sql`update jobs set status = 'succeeded', finished_at = now() where id = ${id}`.execute(
      t.handle.db,
    );
    const all = await download.rest();
    expect(all.length).toBe(2 * FILE_PART_BYTES + 8);
    expect(all.subarray(FILE_PART_BYTES - 1, FILE_PART_BYTES + 1).toString()).toBe('ab');
    expect(all.subarray(-8).toString()).toBe('the end\n');
  });

  it('breaks off unfinished when the export fails meanwhile, rather than ending short', async () => {
    const tenant = await t.newTenant('follow-failed');
    const { id, download } = await followingFirstPart(tenant);
    await sql`update jobs set status = 'failed', finished_at = now() where id = ${id}`.execute(t.handle.db);
    await expect(download.rest()).rejects.toThrow();
    // And a failed export has no file to start downloading.
    const again = await t.app.inject({ url: `/admin/v1/jobs/${id}/download`, headers: tenant.auth });
    expect(again.statusCode).toBe(404);
  });

  it('breaks off when a new run starts writing the file again after its worker died', async () => {
    const tenant = await t.newTenant('follow-restart');
    const { id, download } = await followingFirstPart(tenant);
    // The second run (as the claim after a dead worker's lease counts it) rewrites from part 0.
    await claim(id, 2);
    await sql`delete from job_files where job_id = ${id}`.execute(t.handle.db);
    const second = jobFileWriter(tenant.ctx, id, 'output');
    await second.write(Buffer.concat([part('c'), part('d')]));
    await second.close();
    await expect(download.rest()).rejects.toThrow();
  });

  it('stops looking for parts once its client has gone, though the export never starts', async () => {
    const tenant = await t.newTenant('follow-gone');
    const id = await queueExport(tenant);
    const gone = new AbortController();
    const file = await jobDownload({ ...tenant.ctx, signal: gone.signal }, id);
    expect(file.size).toBeNull();
    const reading = (async () => {
      const parts: Buffer[] = [];
      for await (const piece of file.body) parts.push(piece);
      return parts;
    })();
    setTimeout(() => gone.abort(), 300);
    // Ends (with nothing) rather than waiting for a worker that never comes.
    expect(await reading).toEqual([]);
  });

  it('follows a real export run by the worker to the same bytes its finished download has', async () => {
    const tenant = await t.newTenant('follow-real');
    for (let i = 0; i < 30; i++)
      await make.customer(tenant.ctx, { email: `follow-${i}@example.com`, firstName: `F${i}` });
    const id = await queueExport(tenant);
    const opening = openDownload(tenant, id);
    await work();
    const download = await opening;
    const followed = (await download.rest()).toString();
    const finished = await fetch(`${baseUrl}/admin/v1/jobs/${id}/download`, { headers: tenant.auth });
    const body = await finished.text();
    expect(finished.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(followed).toBe(body);
    expect(body.split('\n')).toHaveLength(32);
    expect(body).toContain('follow-29@example.com,F29\n');
  });
});

describe('an export run again after its worker died', () => {
  it('writes its file anew over what the dead run had stored', async () => {
    const tenant = await t.newTenant('export-rerun');
    await make.customer(tenant.ctx, { email: 'rerun@example.com', firstName: 'Re' });
    const id = await queueExport(tenant);
    // What a run killed mid-way leaves: parts of a file it never finished.
    const dead = jobFileWriter(tenant.ctx, id, 'output');
    await dead.write(Buffer.concat([part('x'), Buffer.from('half a row')]));
    await dead.close();
    await work();
    const job = await t.app.inject({ url: `/admin/v1/jobs/${id}`, headers: tenant.auth });
    expect(job.json()).toMatchObject({ status: 'succeeded', result: { rows: 1 } });
    const download = await t.app.inject({ url: `/admin/v1/jobs/${id}/download`, headers: tenant.auth });
    expect(download.body).toBe('email,firstName\nrerun@example.com,Re\n');
  });
});
