import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createJob,
  FILE_PART_BYTES,
  readJobFile,
  writeJobFile,
} from '../../src/modules/jobs/jobs.service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * A job's file (an import's upload, an export's output) is stored in parts and read back byte
 * for byte on either engine, though each moves the bytes its own way (binary parameters and COPY
 * on PostgreSQL, base64 text on PGlite).
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('job files', () => {
  it('keep every byte value across parts, and read back from any offset', async () => {
    const tenant = await t.newTenant('job-files');
    const job = await createJob(tenant.ctx, { kind: 'export', params: {} });
    // Every byte value (invalid UTF-8 among them), over two whole parts and a piece of a third.
    const bytes = Buffer.alloc(2 * FILE_PART_BYTES + 1000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) % 256;
    async function* pieces() {
      for (let at = 0; at < bytes.length; at += 65_536) yield bytes.subarray(at, at + 65_536);
    }
    const size = await writeJobFile(tenant.ctx, job.id, 'input', pieces(), {
      maxBytes: 3 * FILE_PART_BYTES,
      tooLarge: () => new Error('too large'),
    });
    expect(size).toBe(bytes.length);

    const read = async (ctx: typeof tenant.ctx, offset: number) => {
      const parts: Buffer[] = [];
      for await (const part of readJobFile(ctx, job.id, 'input', offset)) parts.push(part);
      return Buffer.concat(parts);
    };
    expect((await read(tenant.ctx, 0)).equals(bytes)).toBe(true);
    // A resumed import reads from the byte after its last committed batch, inside a part.
    const from = FILE_PART_BYTES + 12_345;
    expect((await read(tenant.ctx, from)).equals(bytes.subarray(from))).toBe(true);
    // Another tenant reads nothing of it.
    const other = await t.newTenant('job-files-other');
    expect((await read(other.ctx, 0)).length).toBe(0);
  });
});
