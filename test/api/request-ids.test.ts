import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, engine } from '../helpers/db.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const GENERATED = /^req-[0-9a-f-]{36}$/;

describe('request ids', () => {
  it('takes a valid X-Request-Id and returns it; replaces an invalid one; makes one when there is none', async () => {
    const given = await t.app.inject({
      url: '/healthz',
      headers: { 'x-request-id': 'lb.7f3a:2024-01-01_x' },
    });
    expect(given.statusCode).toBe(200);
    expect(given.headers['x-request-id']).toBe('lb.7f3a:2024-01-01_x');

    for (const bad of ['has space', 'quote"', 'x'.repeat(129), 'new\\nline', 'ünïcode']) {
      const res = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': bad } });
      expect(res.statusCode, bad).toBe(200);
      expect(res.headers['x-request-id'], bad).toMatch(GENERATED);
    }
    const none = await t.app.inject({ url: '/healthz' });
    const again = await t.app.inject({ url: '/healthz' });
    expect(none.headers['x-request-id']).toMatch(GENERATED);
    expect(again.headers['x-request-id']).toMatch(GENERATED);
    expect(again.headers['x-request-id']).not.toBe(none.headers['x-request-id']);
  });

  it('is in every problem+json answer, as its header, `instance` and `requestId`', async () => {
    const answers = {
      'unknown route': await t.app.inject({
        url: '/admin/v1/nothing-here',
        headers: { 'x-request-id': 'p-1' },
      }),
      'no credential': await t.app.inject({ url: '/admin/v1/customers', headers: { 'x-request-id': 'p-2' } }),
      'invalid query': await t.app.inject({
        url: '/admin/v1/customers?limit=abc',
        headers: { ...t.tenant.auth, 'x-request-id': 'p-3' },
      }),
      'unparsable JSON': await t.app.inject({
        method: 'POST',
        url: '/admin/v1/customers',
        headers: { ...t.tenant.auth, 'content-type': 'application/json', 'x-request-id': 'p-4' },
        payload: '{"email": ',
      }),
      'bad URL encoding': await t.app.inject({
        url: '/admin/v1/customers/%E0%A4%A',
        headers: { 'x-request-id': 'p-5' },
      }),
    };
    for (const [i, [what, res]] of Object.entries(answers).entries()) {
      const id = `p-${i + 1}`;
      expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
      expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
      expect(res.headers['x-request-id'], what).toBe(id);
      expect(res.json(), what).toMatchObject({ instance: `urn:clientele:request:${id}`, requestId: id });
    }
  });

  it('is recorded with the change it caused, in the customer’s timeline', async () => {
    const customer = await make.customer(t.tenant, { firstName: 'Ann' });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/admin/v1/customers/${customer.id}`,
      headers: { ...t.tenant.auth, 'x-request-id': 'abc-123' },
      payload: { firstName: 'Anne' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-request-id']).toBe('abc-123');
    const timeline = await t.app.inject({
      url: `/admin/v1/customers/${customer.id}/timeline`,
      headers: t.tenant.auth,
    });
    const [latest] = timeline.json().data as { requestId: string | null; changes: { field: string }[] }[];
    expect(latest?.requestId).toBe('abc-123');
    expect(latest?.changes.map((c) => c.field)).toContain('firstName');
  });

  it('is described in the OpenAPI document’s Problem', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    const problem = doc.components.schemas.Problem;
    expect(problem.properties.requestId).toMatchObject({ type: 'string', maxLength: 128 });
    expect(problem.properties.instance.description).toContain('urn:clientele:request:');
  });
});

/** The built `clientele serve` with LOG_FORMAT set, on a database (or data folder) of its own. */
const cli = join(process.cwd(), 'bin', 'clientele.js');
let pgHandle: (DatabaseHandle & { url?: string }) | null = null;
let dataDir: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'clientele-logs-'));
  if (engine === 'postgres') pgHandle = await createTestDatabase();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await pgHandle?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs serve, makes `paths` requests one after the other, stops it; answers its stdout and the ids. */
async function serveAndLog(format: 'json' | 'pretty', paths: string[]) {
  const child = spawn(process.execPath, [cli, 'serve', '--no-worker'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_FORMAT: format,
      CLIENTELE_DATA_DIR: dataDir,
      CLIENTELE_ADMIN_EMAIL: 'owner@logs.test',
      CLIENTELE_ADMIN_PASSWORD: 'logs-test-password',
      DATABASE_URL: pgHandle?.url ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  for (let waited = 0; !/Admin app:\s+http/.test(out) && waited < 60_000; waited += 50)
    await new Promise((r) => setTimeout(r, 50));
  const base = /Admin app:\s+(http:\/\/[^/\s]+)\//.exec(out)?.[1];
  expect(base, out).toBeDefined();
  const before = out.length;
  const answers: { id: string; status: number }[] = [];
  for (const path of paths) {
    const res = await fetch(`${base}${path}`);
    await res.arrayBuffer();
    answers.push({ id: res.headers.get('x-request-id')!, status: res.status });
  }
  // The line is written once the answer has gone: give the last one a moment to land.
  await new Promise((r) => setTimeout(r, 200));
  const during = out.slice(before);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  return { during, answers, all: out };
}

describe('log lines', () => {
  it('are JSON with LOG_FORMAT=json: exactly one per request, with its id, status and no secret', async () => {
    const { during, answers } = await serveAndLog('json', [
      '/healthz',
      '/admin/v1/customers?token=s3cret-value&limit=5',
      '/no-such-page',
    ]);
    const lines = during
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { reqId?: string; status?: number; url?: string; msg: string });
    expect(lines).toHaveLength(3);
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404]);
    for (const answer of answers) {
      expect(answer.id).toMatch(GENERATED);
      const about = lines.filter((l) => l.reqId === answer.id);
      expect(about).toHaveLength(1);
      expect(about[0]?.status).toBe(answer.status);
    }
    expect(during).not.toContain('s3cret-value');
    expect(lines[1]?.url).toBe('/admin/v1/customers?token=[redacted]&limit=5');
  }, 120_000);

  it('are readable lines with LOG_FORMAT=pretty, not JSON, one per request', async () => {
    const { during, answers, all } = await serveAndLog('pretty', ['/healthz', '/healthz']);
    const lines = during.split('\n').filter((l) => l.trim() !== '');
    expect(lines, all).toHaveLength(2);
    for (const [i, line] of lines.entries()) {
      expect(() => JSON.parse(line)).toThrow();
      expect(line).toContain(answers[i]!.id);
      expect(line).toMatch(/GET \/healthz 200 [\d.]+ ms/);
    }
  }, 120_000);
});
