import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const mainJs = fileURLToPath(new URL('../src/main.js', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface StartupResult {
  label: string;
  /** From spawning `node dist/src/main.js serve` until sign-in answered 200. */
  signInMs: number;
  /** … until `GET /admin/v1/customers` answered 200: "npm start to first page". */
  firstPageMs: number;
  customersOnPage: number;
}

/**
 * Starts the real CLI on the embedded database in `dataDir` (a fresh folder, or a copy of a
 * seeded one) and times how long until an owner can sign in and read the first grid page.
 * Polls every 20 ms, gives up after `timeoutMs`, and always stops the process it started.
 */
export async function measureStartup(
  label: string,
  dataDir: string,
  owner: { email: string; password: string },
  timeoutMs = 60_000,
): Promise<StartupResult> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [mainJs, 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      CLIENTELE_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      CLIENTELE_ADMIN_EMAIL: owner.email,
      CLIENTELE_ADMIN_PASSWORD: owner.password,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    const deadline = started + timeoutMs;
    let token: string | null = null;
    let signInMs = 0;
    while (!token) {
      if (exited) throw new Error(`${label}: the service exited during start-up`);
      if (performance.now() > deadline) throw new Error(`${label}: no sign-in within ${timeoutMs} ms`);
      const response = await fetch(`${base}/admin/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: owner.email, password: owner.password }),
        signal: AbortSignal.timeout(5000),
      }).catch(() => null);
      if (response?.ok) {
        token = ((await response.json()) as { token: string }).token;
        signInMs = performance.now() - started;
      } else await sleep(20);
    }
    for (;;) {
      if (performance.now() > deadline) throw new Error(`${label}: no first page within ${timeoutMs} ms`);
      const response = await fetch(`${base}/admin/v1/customers`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(5000),
      }).catch(() => null);
      if (response?.ok) {
        const page = (await response.json()) as { data: unknown[] };
        return {
          label,
          signInMs,
          firstPageMs: performance.now() - started,
          customersOnPage: page.data.length,
        };
      }
      await sleep(20);
    }
  } finally {
    if (!exited) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([gone, sleep(10_000)]);
      if (!exited) child.kill('SIGKILL');
    }
  }
}
