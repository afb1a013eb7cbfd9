import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../db/database.js';
import type { AdminRole, JobKind, JobStatus } from '../../db/types.js';
import { inTransaction, type RequestContext, systemContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import { type ListSpec, paginate } from '../../lib/list/paginate.js';
import type { QueueDepth } from '../../lib/metrics.js';
import { iso } from '../../lib/time.js';
import { actorKey, actorNames } from '../admins/admins.service.js';
import { jobErrors } from './jobs.errors.js';
import { type JobProgress, type JobRecord, jobsRepository } from './jobs.repository.js';
import type { Job, JobListQuery } from './jobs.schemas.js';

export type { JobProgress, JobRecord } from './jobs.repository.js';

/** How long a claim lasts unless renewed, how often the runner looks for work, when to give up. */
export const jobSettings = { leaseMs: 30_000, pollMs: 1_000, maxAttempts: 5 };

export function configureJobs(settings: Partial<typeof jobSettings>) {
  Object.assign(jobSettings, settings);
}

export function jobToApi(row: JobRecord): Job {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    progress: {
      done: Number(row.progressDone),
      ...(row.progressTotal === null ? {} : { total: Number(row.progressTotal) }),
      failed: Number(row.progressFailed),
    },
    result: row.result,
    createdBy: { type: row.createdByType, id: row.createdById, label: row.createdByLabel },
    createdAt: iso(row.createdAt),
    startedAt: row.startedAt ? iso(row.startedAt) : null,
    finishedAt: row.finishedAt ? iso(row.finishedAt) : null,
  };
}

/**
 * Queues a job for the worker, owned by the context's actor (whose role it keeps: the job never
 * does more than its creator could). `id` lets a caller store the job's input file first.
 */
const queued = new EventEmitter();

/**
 * Calls `listener` whenever a job is queued in this process, so an in-process job runner starts
 * it at once instead of at its next poll (up to a second later). Answers a function that stops
 * listening. A job queued inside a transaction may not be visible yet when the runner looks; the
 * poll finds it then.
 */
export function onJobQueued(listener: () => void): () => void {
  queued.on('queued', listener);
  return () => queued.off('queued', listener);
}

export async function createJob(
  ctx: RequestContext,
  input: { kind: JobKind; params: Record<string, unknown>; total?: number | null; id?: string },
): Promise<Job> {
  const names = await actorNames(ctx, [ctx.actor]);
  const row = await jobsRepository.insert(ctx, {
    id: input.id ?? newId(),
    kind: input.kind,
    params: input.params,
    total: input.total ?? null,
    createdByLabel: names.get(actorKey(ctx.actor)) ?? null,
    createdByRole: ctx.actor.role ?? 'viewer',
  });
  queued.emit('queued');
  return jobToApi(row);
}

export async function requireJob(ctx: RequestContext, id: string): Promise<JobRecord> {
  const row = await jobsRepository.find(ctx, id);
  if (!row) throw jobErrors.notFound();
  return row;
}

export const getJob = async (ctx: RequestContext, id: string): Promise<Job> =>
  jobToApi(await requireJob(ctx, id));

const jobList: ListSpec = { sortFields: {}, defaultSort: null };

/** The tenant's jobs, newest first, optionally of one kind. */
export function listJobs(ctx: RequestContext, query: JobListQuery) {
  return paginate(
    jobList,
    query,
    (window) => jobsRepository.list(ctx, query.kind ?? null, window),
    (rows) => rows.map(jobToApi),
  );
}

/**
 * Cancels a queued job at once; a running one stops after the batch it is writing (its written
 * batches stay: an import's rows already committed are not removed). A finished job is a 409.
 */
export async function cancelJob(ctx: RequestContext, id: string): Promise<Job> {
  const row = await jobsRepository.requestCancel(ctx, id);
  if (row) return jobToApi(row);
  await requireJob(ctx, id);
  throw jobErrors.finished();
}

// --- Files: uploads and outputs in 1 MiB parts, so any process can read what another wrote. ---

export const FILE_PART_BYTES = 1024 * 1024;

/** Parts stored or read at once beside the producer or consumer (memory: this many parts more). */
const PARTS_IN_FLIGHT = 2;

/**
 * An output file written as it is produced: `write` buffers up to a part and hands each full part
 * to the database, while the producer goes on (a COPY streaming the export, an upload arriving);
 * it waits only when PARTS_IN_FLIGHT parts are still being stored, so memory stays at a few parts
 * whatever the size. `close` stores the rest and answers the bytes written. A failed store fails
 * the next `write` or `close`.
 */
export function jobFileWriter(ctx: RequestContext, jobId: string, name: string) {
  let part = 0;
  let size = 0;
  let buffered: Buffer[] = [];
  let bufferedBytes = 0;
  const storing: Promise<unknown>[] = [];
  const store = (chunk: Buffer) => {
    const stored = jobsRepository.insertFilePart(ctx, jobId, name, part++, chunk);
    // Awaited below; until then a failure must not count as unhandled.
    stored.catch(() => {});
    storing.push(stored);
  };
  const cut = (all: boolean) => {
    if (bufferedBytes < FILE_PART_BYTES && !(all && bufferedBytes > 0)) return;
    const joined = Buffer.concat(buffered);
    let at = 0;
    for (; joined.length - at >= FILE_PART_BYTES; at += FILE_PART_BYTES)
      store(joined.subarray(at, at + FILE_PART_BYTES));
    if (all && at < joined.length) {
      store(joined.subarray(at));
      at = joined.length;
    }
    buffered = at < joined.length ? [joined.subarray(at)] : [];
    bufferedBytes = joined.length - at;
  };
  return {
    async write(piece: Uint8Array | string) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece);
      size += bytes.length;
      buffered.push(bytes);
      bufferedBytes += bytes.length;
      cut(false);
      while (storing.length > PARTS_IN_FLIGHT) await storing.shift();
    },
    get size() {
      return size;
    },
    async close() {
      cut(true);
      while (storing.length > 0) await storing.shift();
      return size;
    },
  };
}

/** Stores a stream as the job's file `name`; past `maxBytes` it throws `tooLarge()`. Answers the size. */
export async function writeJobFile(
  ctx: RequestContext,
  jobId: string,
  name: string,
  source: AsyncIterable<Uint8Array | string>,
  options: { maxBytes: number; tooLarge: () => Error },
): Promise<number> {
  const writer = jobFileWriter(ctx, jobId, name);
  for await (const piece of source) {
    await writer.write(piece);
    if (writer.size > options.maxBytes) throw options.tooLarge();
  }
  return writer.close();
}

/**
 * The job's file `name` from byte `offset`, one part at a time, the next PARTS_IN_FLIGHT parts read
 * (on connections of their own) while the current one is sent.
 */
export async function* readJobFile(
  ctx: RequestContext,
  jobId: string,
  name: string,
  offset = 0,
): AsyncGenerator<Buffer> {
  let next = Math.floor(offset / FILE_PART_BYTES);
  let skip = offset - next * FILE_PART_BYTES;
  const reading: Promise<{ bytes: Uint8Array } | undefined>[] = [];
  const readAhead = () => {
    while (reading.length <= PARTS_IN_FLIGHT) {
      const read = jobsRepository.readFilePart(ctx, jobId, name, next++);
      // Awaited in turn below; a read left behind when the reader stops must not count as unhandled.
      read.catch(() => {});
      reading.push(read);
    }
  };
  for (;;) {
    readAhead();
    const row = await reading.shift();
    if (!row) return;
    const bytes = Buffer.from(row.bytes);
    yield skip > 0 ? bytes.subarray(skip) : bytes;
    skip = 0;
  }
}

export const jobFileSize = (ctx: RequestContext, jobId: string, name: string) =>
  jobsRepository.fileParts(ctx, jobId, name);

export const deleteJobFile = (ctx: RequestContext, jobId: string, name: string) =>
  jobsRepository.deleteFile(ctx, jobId, name);

/**
 * How often a download that follows an export looks again for the next part: soon after a part
 * arrived, then less often while none comes, up to 5 looks a second while the export runs (its
 * next part is due soon, and a slower look would hold the download back behind the job) and one
 * a second while it is queued (with no worker running it might wait for ever).
 */
const FOLLOW_POLL_MS = { first: 50, running: 200, queued: 1000 };

/**
 * A queued or running export's file, sent as it is written: each part once it is stored, waiting
 * for the next one while the job goes on, and the end once the job has succeeded and every part is
 * sent. The job is read after each part: when it failed or was cancelled, or its worker died and a
 * new run started writing the file again, this throws, so the response ends unfinished and the
 * client sees a broken transfer rather than a short file that looks whole.
 */
async function* followJobFile(ctx: RequestContext, first: JobRecord, name: string): AsyncGenerator<Buffer> {
  let job = first;
  let part = 0;
  let wait = FOLLOW_POLL_MS.first;
  for (;;) {
    // The client went away: stop looking (a stream that waits never reaches its next yield).
    if (ctx.signal?.aborted) return;
    const row = await jobsRepository.readFilePart(ctx, job.id, name, part);
    const now = await jobsRepository.find(ctx, job.id);
    if (!now) throw jobErrors.notFound();
    if (now.attempts !== job.attempts) {
      // A run started (or started again) between the two reads: the part may be an earlier run's.
      if (part > 0) throw jobErrors.restarted();
      job = now;
      continue;
    }
    if (now.status === 'failed' || now.status === 'cancelled') throw jobErrors.stopped(now.status);
    if (row) {
      yield Buffer.from(row.bytes);
      part++;
      wait = FOLLOW_POLL_MS.first;
    }
    if (now.status === 'succeeded') {
      // Every part was stored before the job succeeded: the rest is final, read ahead as usual.
      yield* readJobFile(ctx, job.id, name, part * FILE_PART_BYTES);
      return;
    }
    if (!row) {
      // Cut short when the client goes away (the abort rejects; the loop's check then returns).
      await sleep(wait, undefined, { signal: ctx.signal }).catch(() => {});
      wait = Math.min(wait * 2, now.status === 'running' ? FOLLOW_POLL_MS.running : FOLLOW_POLL_MS.queued);
    }
  }
}

/**
 * The file an export makes for download: a finished one with its size, a queued or running one
 * followed as it is written (no size yet), so a download can start with the export; 404 for a job
 * that makes no file or ended without one.
 */
export async function jobDownload(ctx: RequestContext, id: string) {
  const job = await requireJob(ctx, id);
  if (job.kind !== 'export' || job.status === 'failed' || job.status === 'cancelled')
    throw jobErrors.noFile();
  const format = String(job.params.format ?? 'csv');
  const file = {
    contentType: format === 'ndjson' ? 'application/x-ndjson' : 'text/csv; charset=utf-8',
    fileName: `customers-${id}.${format === 'ndjson' ? 'ndjson' : 'csv'}`,
  };
  if (job.status !== 'succeeded') return { ...file, size: null, body: followJobFile(ctx, job, 'output') };
  const { parts, size } = await jobsRepository.fileParts(ctx, id, 'output');
  if (parts === 0) throw jobErrors.noFile();
  return { ...file, size, body: readJobFile(ctx, id, 'output') };
}

// --- Row errors of an import. ---

export interface RowError {
  line: number;
  seq: number;
  column: string;
  value: string | null;
  message: string;
}

export const recordJobErrors = (ctx: RequestContext, jobId: string, errors: readonly RowError[]) =>
  jobsRepository.insertErrors(ctx, jobId, errors);

/** The job's row errors in line order, a page of 5,000 at a time (memory stays flat). */
export async function* jobErrorRows(ctx: RequestContext, jobId: string) {
  let after: { line: number; seq: number } | null = null;
  for (;;) {
    const rows = await jobsRepository.errorsAfter(ctx, jobId, after, 5000);
    for (const row of rows) yield { ...row, line: Number(row.line) };
    if (rows.length < 5000) return;
    const last = rows[rows.length - 1] as (typeof rows)[number];
    after = { line: Number(last.line), seq: last.seq };
  }
}

/** The error report of an import or a bulk action (404 for an export, which has none). */
export async function requireImportJob(ctx: RequestContext, id: string) {
  const job = await requireJob(ctx, id);
  if (job.kind === 'export') throw jobErrors.noErrors();
  return job;
}

// --- The worker's side: claim, lease, checkpoint, finish. ---

/** Jobs waiting for a worker across tenants (scraped by /metrics), and the oldest one's wait. */
export async function jobBacklog(db: Database): Promise<QueueDepth> {
  const { depth, oldestSeconds } = await jobsRepository.backlog(db);
  return { queue: 'job', depth, oldestSeconds: oldestSeconds ?? 0 };
}

/** The context a job runs in: its tenant, its creator as the actor (with their role). */
export function jobContext(db: Database, job: JobRecord, requestId: string): RequestContext {
  const base = systemContext(db, job.tenantId, requestId);
  if (job.createdByType === 'admin' || job.createdByType === 'apiKey') {
    return {
      ...base,
      actor: { type: job.createdByType, id: job.createdById, role: job.createdByRole as AdminRole },
    };
  }
  return base;
}

export async function claimJob(db: Database, workerId: string, kinds: readonly string[]) {
  await jobsRepository.failAbandoned(db, jobSettings.maxAttempts);
  return jobsRepository.claim(db, workerId, kinds, jobSettings.leaseMs, jobSettings.maxAttempts);
}

export const renewJobLease = (ctx: RequestContext, id: string, workerId: string, progress: JobProgress) =>
  jobsRepository.renew(ctx, id, workerId, jobSettings.leaseMs, progress);

export const saveJobCheckpoint = (
  ctx: RequestContext,
  id: string,
  workerId: string,
  checkpoint: Record<string, unknown>,
  progress: JobProgress,
) => jobsRepository.saveCheckpoint(ctx, id, workerId, checkpoint, progress);

/**
 * Ends a job. An import's uploaded file goes with it: the job reads it only while it runs (a
 * restart resumes from its checkpoint in it), and a file of other people's rows is personal data
 * no erasure could pick one person out of. The error report keeps the rejected rows' cells.
 */
export async function finishJob(
  ctx: RequestContext,
  id: string,
  workerId: string,
  status: Extract<JobStatus, 'succeeded' | 'failed' | 'cancelled'>,
  result: Record<string, unknown>,
  progress: JobProgress,
) {
  await inTransaction(ctx, async (trx) => {
    await jobsRepository.finish(trx, id, workerId, status, result, progress);
    await jobsRepository.deleteFile(trx, id, 'input');
  });
}
