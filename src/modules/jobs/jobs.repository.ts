import { sql } from 'kysely';
import { canCopyOut, copyBytesOut } from '../../db/copy-out.js';
import type { Database } from '../../db/database.js';
import type { JobKind, JobStatus, JobsTable } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import type { PageWindow } from '../../lib/list/paginate.js';

const jobColumns = [
  'jobs.tenantId',
  'jobs.id',
  'jobs.kind',
  'jobs.status',
  'jobs.params',
  'jobs.progressDone',
  'jobs.progressTotal',
  'jobs.progressFailed',
  'jobs.result',
  'jobs.createdByType',
  'jobs.createdById',
  'jobs.createdByLabel',
  'jobs.createdByRole',
  'jobs.cancelRequested',
  'jobs.claimedBy',
  'jobs.attempts',
  'jobs.checkpoint',
  'jobs.createdAt',
  'jobs.startedAt',
  'jobs.finishedAt',
] as const;

export interface JobRecord {
  tenantId: string;
  id: string;
  kind: JobKind;
  status: JobStatus;
  params: Record<string, unknown>;
  progressDone: number;
  progressTotal: number | null;
  progressFailed: number;
  result: Record<string, unknown> | null;
  createdByType: string;
  createdById: string;
  createdByLabel: string | null;
  createdByRole: string;
  cancelRequested: boolean;
  claimedBy: string | null;
  attempts: number;
  checkpoint: Record<string, unknown> | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface JobProgress {
  done: number;
  total?: number | null;
  failed: number;
}

const progressColumns = (progress: JobProgress) => ({
  progressDone: progress.done,
  progressFailed: progress.failed,
  ...(progress.total !== undefined ? { progressTotal: progress.total } : {}),
});

const bare = (columns: readonly string[]) => columns.map((c) => c.replace('jobs.', '')) as never;

export const jobsRepository = {
  insert(
    ctx: RequestContext,
    row: Pick<JobsTable, 'id' | 'kind' | 'createdByLabel' | 'createdByRole'> & {
      params: Record<string, unknown>;
      total: number | null;
    },
  ) {
    return ctx.db
      .insertInto('jobs')
      .values({
        tenantId: ctx.tenantId,
        id: row.id,
        kind: row.kind,
        params: JSON.stringify(row.params),
        progressTotal: row.total,
        createdByType: ctx.actor.type,
        createdById: ctx.actor.id,
        createdByLabel: row.createdByLabel,
        createdByRole: row.createdByRole,
      })
      .returning(bare(jobColumns))
      .executeTakeFirstOrThrow() as Promise<JobRecord>;
  },

  find(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('jobs')
      .select(jobColumns)
      .where('jobs.tenantId', '=', ctx.tenantId)
      .where('jobs.id', '=', id)
      .executeTakeFirst() as Promise<JobRecord | undefined>;
  },

  /** Newest first by id (UUIDv7: time order); the primary key or jobs_kind serves it. */
  list(ctx: RequestContext, kind: JobKind | null, { after, rows }: PageWindow) {
    let query = ctx.db.selectFrom('jobs').select(jobColumns).where('jobs.tenantId', '=', ctx.tenantId);
    if (kind) query = query.where('jobs.kind', '=', kind);
    if (after) query = query.where('jobs.id', '<', after.id);
    return query.orderBy('jobs.id', 'desc').limit(rows).execute() as Promise<JobRecord[]>;
  },

  /**
   * Asks a job to stop: a queued one is cancelled at once, a running one is flagged and its
   * worker stops at its next batch. Answers the job, or nothing when it was already finished.
   */
  requestCancel(ctx: RequestContext, id: string) {
    return ctx.db
      .updateTable('jobs')
      .set({
        cancelRequested: true,
        status: sql`case when status = 'queued' then 'cancelled' else status end`,
        finishedAt: sql`case when status = 'queued' then now() else finished_at end`,
      })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'running'])
      .returning(bare(jobColumns))
      .executeTakeFirst() as Promise<JobRecord | undefined>;
  },

  /**
   * Jobs waiting for a worker across tenants, for /metrics, and how long the oldest has waited.
   * `queued` implies the predicate of the partial index jobs_open, which holds unfinished jobs only.
   */
  backlog(db: Database) {
    return db
      .selectFrom('jobs')
      .select([
        sql<number>`count(*)::int`.as('depth'),
        sql<number>`greatest(extract(epoch from now() - min(created_at)), 0)::float8`.as('oldestSeconds'),
      ])
      .where('status', '=', 'queued')
      .executeTakeFirstOrThrow();
  },

  /**
   * Jobs whose worker died too often are failed rather than claimed again forever. Across
   * tenants: the worker serves them all.
   */
  async failAbandoned(db: Database, maxAttempts: number) {
    await sql`
      update jobs set status = 'failed', finished_at = now(), claimed_by = null,
        result = jsonb_build_object('error', 'The job was interrupted ' || attempts || ' times; it was given up.')
      where status = 'running' and lease_until < now() and attempts >= ${maxAttempts}`.execute(db);
  },

  /**
   * Claims the oldest queued job, or a running one whose lease ran out (its worker died), of
   * the kinds this process can run. `skip locked`: two workers never wait on, or take, the
   * same job. Across tenants (index jobs_open).
   */
  async claim(
    db: Database,
    workerId: string,
    kinds: readonly string[],
    leaseMs: number,
    maxAttempts: number,
  ) {
    if (kinds.length === 0) return undefined;
    const result = await sql<JobRecord>`
      update jobs j set status = 'running', claimed_by = ${workerId},
        lease_until = now() + make_interval(secs => ${leaseMs / 1000}),
        started_at = coalesce(j.started_at, now()), attempts = j.attempts + 1
      from (
        select tenant_id, id from jobs
        where (status = 'queued' or (status = 'running' and lease_until < now()))
          and attempts < ${maxAttempts} and kind = any(${sql.val(kinds)}::text[])
        order by created_at limit 1
        for update skip locked
      ) c
      where j.tenant_id = c.tenant_id and j.id = c.id
      returning j.*`.execute(db);
    return result.rows[0];
  },

  /**
   * Renews the lease and writes progress, if this worker still holds the job; answers whether
   * a cancel was asked, or undefined when the job is no longer this worker's.
   */
  async renew(ctx: RequestContext, id: string, workerId: string, leaseMs: number, progress: JobProgress) {
    const row = await ctx.db
      .updateTable('jobs')
      .set({
        ...progressColumns(progress),
        leaseUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
      })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .where('claimedBy', '=', workerId)
      .where('status', '=', 'running')
      .returning('cancelRequested')
      .executeTakeFirst();
    return row?.cancelRequested;
  },

  /** The checkpoint and progress, in the caller's transaction, fenced by this worker's claim. */
  async saveCheckpoint(
    ctx: RequestContext,
    id: string,
    workerId: string,
    checkpoint: Record<string, unknown>,
    progress: JobProgress,
  ) {
    const result = await ctx.db
      .updateTable('jobs')
      .set({ ...progressColumns(progress), checkpoint: JSON.stringify(checkpoint) })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .where('claimedBy', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async finish(
    ctx: RequestContext,
    id: string,
    workerId: string,
    status: Extract<JobStatus, 'succeeded' | 'failed' | 'cancelled'>,
    result: Record<string, unknown>,
    progress: JobProgress,
  ) {
    await ctx.db
      .updateTable('jobs')
      .set({
        ...progressColumns(progress),
        status,
        result: JSON.stringify(result),
        finishedAt: new Date(),
        leaseUntil: null,
      })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .where('claimedBy', '=', workerId)
      .where('status', '=', 'running')
      .execute();
  },

  /**
   * node-postgres sends the bytes as a binary parameter. PGlite's bytea parameter makes a string of
   * each byte (about 190 ms a MiB): there the part travels as base64 text for decode() (22 ms).
   */
  insertFilePart(ctx: RequestContext, jobId: string, name: string, part: number, bytes: Uint8Array) {
    const value = canCopyOut(ctx.db)
      ? bytes
      : sql<Uint8Array>`decode(${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}, 'base64')`;
    return ctx.db
      .insertInto('jobFiles')
      .values({ tenantId: ctx.tenantId, jobId, name, part, bytes: value })
      .execute();
  },

  /**
   * One part of a job's file, or undefined when it is not there (yet). On a PostgreSQL pool it is
   * read through binary COPY (src/db/copy-out.ts copyBytesOut): the bytes as stored, where a SELECT
   * would send them as hex text to be decoded again, which made the download CPU-bound. PGlite
   * decodes a bytea column's hex a byte at a time (80 ms a MiB): there the part comes as base64.
   */
  async readFilePart(
    ctx: RequestContext,
    jobId: string,
    name: string,
    part: number,
  ): Promise<{ bytes: Uint8Array } | undefined> {
    const where = ctx.db
      .selectFrom('jobFiles')
      .where('tenantId', '=', ctx.tenantId)
      .where('jobId', '=', jobId)
      .where('name', '=', name)
      .where('part', '=', part);
    if (!canCopyOut(ctx.db)) {
      const row = await where.select(sql<string>`encode(bytes, 'base64')`.as('base64')).executeTakeFirst();
      return row ? { bytes: Buffer.from(row.base64, 'base64') } : undefined;
    }
    const [bytes] = await copyBytesOut(ctx.db, where.select('bytes').compile());
    return bytes ? { bytes } : undefined;
  },

  async fileParts(ctx: RequestContext, jobId: string, name: string) {
    const row = await ctx.db
      .selectFrom('jobFiles')
      .select((eb) => [
        eb.fn.countAll<number>().as('parts'),
        sql<number>`coalesce(sum(length(bytes)), 0)::int8`.as('size'),
      ])
      .where('tenantId', '=', ctx.tenantId)
      .where('jobId', '=', jobId)
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return { parts: Number(row.parts), size: Number(row.size) };
  },

  deleteFile(ctx: RequestContext, jobId: string, name: string) {
    return ctx.db
      .deleteFrom('jobFiles')
      .where('tenantId', '=', ctx.tenantId)
      .where('jobId', '=', jobId)
      .where('name', '=', name)
      .execute();
  },

  insertErrors(
    ctx: RequestContext,
    jobId: string,
    errors: readonly { line: number; seq: number; column: string; value: string | null; message: string }[],
  ) {
    if (errors.length === 0) return Promise.resolve();
    return ctx.db
      .insertInto('jobErrors')
      .values(
        errors.map((e) => ({
          tenantId: ctx.tenantId,
          jobId,
          line: e.line,
          seq: e.seq,
          columnName: e.column,
          value: e.value,
          message: e.message,
        })),
      )
      .execute()
      .then(() => undefined);
  },

  /** A page of the report in line order (its primary key), after (line, seq). */
  errorsAfter(
    ctx: RequestContext,
    jobId: string,
    after: { line: number; seq: number } | null,
    limit: number,
  ) {
    let query = ctx.db
      .selectFrom('jobErrors')
      .select(['line', 'seq', 'columnName', 'value', 'message'])
      .where('tenantId', '=', ctx.tenantId)
      .where('jobId', '=', jobId);
    if (after) query = query.where(sql<boolean>`(line, seq) > (${after.line}, ${after.seq})`);
    return query.orderBy('line').orderBy('seq').limit(limit).execute();
  },
};
