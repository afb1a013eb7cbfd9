import type { Database } from '../db/database.js';
import { sendCartReminders } from '../modules/carts/carts.service.js';
import type { WorkerLogger } from './email-worker.js';

export interface CartReminderJobOptions {
  db: Database;
  logger: WorkerLogger;
  /** How often to look for newly abandoned carts; 0 runs only on runOnce(). */
  everyMs?: number;
}

export interface CartReminderJob {
  /** Stops the timer and waits for a pass already running. */
  stop(): Promise<void>;
  /** Queues every reminder due now (after a pass already running); answers how many. */
  runOnce(): Promise<number>;
}

const BATCH = 200;
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/**
 * Queues cart reminders every few minutes: one email per abandoned cart on the sites that ask
 * for them (site setting `cartReminders`), through the email outbox, which the email worker
 * sends. Passes in this process run one at a time; other processes may run it too (a cart is
 * claimed once across them). Database errors are logged and the next pass tries again.
 */
export function startCartReminderJob(options: CartReminderJobOptions): CartReminderJob {
  const { db, logger } = options;
  let stopping = false;

  async function pass(): Promise<number> {
    let queued = 0;
    while (!stopping) {
      const sent = await sendCartReminders(db, new Date(), BATCH);
      queued += sent;
      if (sent < BATCH) break;
    }
    if (queued > 0) logger.info({ reminders: queued }, 'cart reminders queued');
    return queued;
  }

  let chain: Promise<unknown> = Promise.resolve();
  const runOnce = () => {
    const run = chain.then(pass);
    chain = run.catch(() => undefined);
    return run;
  };
  // A tick while a background pass still runs is dropped rather than queued behind it.
  let busy = false;
  const runInBackground = () => {
    if (stopping || busy) return;
    busy = true;
    runOnce()
      .catch((error) => logger.error({ err: describe(error) }, 'cart reminders failed; will retry'))
      .finally(() => {
        busy = false;
      });
  };

  const everyMs = options.everyMs ?? 300_000;
  const timer = everyMs > 0 ? setInterval(runInBackground, everyMs) : null;
  if (everyMs > 0) runInBackground();

  return {
    runOnce,
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      await chain;
    },
  };
}
