import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { withDatabase } from '../helpers/global-setup.js';

const run = promisify(execFile);
const cli = join(process.cwd(), 'bin', 'clientele.js');

/** `clientele doctor` against the real streaming replica .ci/run starts (TEST_REPLICA_URL). */
describe('clientele doctor with a streaming replica', () => {
  it('reports the replica as one, with how far behind it is', async () => {
    const { DATABASE_URL: _d, SMTP_URL: _s, REDIS_URL: _r, ...rest } = process.env;
    const { stdout } = await run(process.execPath, [cli, 'doctor'], {
      env: {
        ...rest,
        LOG_LEVEL: 'silent',
        DATABASE_URL: withDatabase(process.env.TEST_DATABASE_URL!, 'postgres'),
        DATABASE_REPLICA_URL: process.env.TEST_REPLICA_URL!,
      },
    }).catch((error: { stdout: string }) => error);
    const replica = stdout.split('\n').find((l) => /^(ok|warning|ERROR) +replica /.test(l));
    expect(replica, stdout).toMatch(/^ok +replica .*is a streaming replica, (caught up|[\d.]+ s behind)/);
    // Its password is never printed.
    const password = new URL(process.env.TEST_REPLICA_URL!).password;
    if (password) expect(stdout).not.toContain(`:${password}@`);
  });
});
