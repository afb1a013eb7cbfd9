import { type Static, Type } from '@sinclair/typebox';
import { JOB_KINDS, JOB_STATUSES } from '../../db/types.js';
import { Int64, Nullable, StringEnum, Timestamp, Uuid } from '../../http/schemas.js';
import { ListQuery, PageOf } from '../../lib/list/list-query.js';

export const JobKindSchema = StringEnum(JOB_KINDS, { description: 'What the job does.' });
export const JobStatusSchema = StringEnum(JOB_STATUSES, {
  description:
    '`queued` until a worker claims it, `running` while one holds it, then `succeeded`, `failed` or `cancelled`.',
});

const Count = (description: string) => Int64({ minimum: 0, description });

export const JobSchema = Type.Object(
  {
    id: Uuid(),
    kind: JobKindSchema,
    status: JobStatusSchema,
    progress: Type.Object(
      {
        done: Count('Rows handled so far (written or refused).'),
        total: Type.Optional(Count('Rows to handle, when known.')),
        failed: Count('Rows refused so far (see the errors report).'),
      },
      { additionalProperties: false, description: 'Written at least once a second while the job runs.' },
    ),
    result: Nullable(
      Type.Object({}, { additionalProperties: true, description: "The handler's summary once finished." }),
    ),
    createdBy: Type.Object(
      {
        type: Type.String({ maxLength: 20, description: 'admin, apiKey or system.' }),
        id: Type.String({ maxLength: 100 }),
        label: Nullable(
          Type.String({ maxLength: 300, description: "The admin's name or email, or the key's name." }),
        ),
      },
      { additionalProperties: false },
    ),
    createdAt: Timestamp(),
    startedAt: Nullable(Timestamp()),
    finishedAt: Nullable(Timestamp()),
  },
  {
    additionalProperties: false,
    title: 'Job',
    examples: [
      {
        id: '01939a2b-7c3d-7e4f-8a5b-6c7d8e9f0a1b',
        kind: 'import',
        status: 'running',
        progress: { done: 120000, total: 1000000, failed: 1200 },
        result: null,
        createdBy: { type: 'admin', id: '01939a2b-0000-7e4f-8a5b-6c7d8e9f0a1b', label: 'ada@example.com' },
        createdAt: '2026-01-05T10:00:00.000Z',
        startedAt: '2026-01-05T10:00:01.000Z',
        finishedAt: null,
      },
    ],
  },
);
export type Job = Static<typeof JobSchema>;

export const JobListQuerySchema = ListQuery({
  kind: Type.Optional(JobKindSchema),
});
export type JobListQuery = Static<typeof JobListQuerySchema>;

export const JobPageSchema = PageOf(JobSchema, { title: 'JobPage' });
