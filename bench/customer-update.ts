import { newId } from '../src/lib/ids.js';
import { updateCustomer } from '../src/modules/customers/customers.service.js';
import type { Scenario } from './scenarios.js';
import type { CapturedQuery, QueryCapture } from './sql.js';

/**
 * Issue 16 point 6: what recording the timeline costs a customer update. Two scenarios, run side
 * by side in one run, PATCH /admin/v1/customers/{id} over the same customers:
 * - `customer-update`: each request changes the first name, so the service writes the UPDATE and
 *   the `customer.updated` entry in one transaction;
 * - `customer-update-same`: each request sends the name the customer already has, so the service
 *   runs the same statements but records nothing (no field changed): the service without its
 *   timeline.
 * Their floors are the UPDATE alone through the driver (`sql`, and the minimal route running it)
 * and, for `customer-update`, the UPDATE and the event INSERT in one transaction (`inserts`).
 */
export const CUSTOMER_UPDATE_SCENARIOS = ['customer-update', 'customer-update-same'] as const;
export type CustomerUpdateScenario = (typeof CUSTOMER_UPDATE_SCENARIOS)[number];

const PATH = (id: string) => `/admin/v1/customers/${id}`;
/** Three names in turn over the customers: a customer's next request (ids.length later) always changes it. */
const NAMES = ['Ada', 'Grace', 'Barbara'];

export async function customerUpdateScenario(
  name: CustomerUpdateScenario,
  capture: QueryCapture,
  tenantId: string,
  ids: string[],
): Promise<Scenario> {
  if (ids.length % NAMES.length === 0) ids = ids.slice(1);
  const same = name === 'customer-update-same';
  const [first] = ids;
  // The same-name scenario sets every customer's first name to one value first, so its requests change nothing.
  if (same)
    for (const id of ids)
      await capture.capture(tenantId, (ctx) => updateCustomer(ctx, id, { firstName: 'Ada' }));
  const captureName = same ? 'Ada' : `Captured-${Date.now()}`;
  const { queries } = await capture.capture(tenantId, (ctx) =>
    updateCustomer(ctx, first!, { firstName: captureName }),
  );
  const update = queries.filter((q) => /^\s*update "customers"/i.test(q.sql));
  const event = queries.filter((q) => /^\s*insert into "events"/i.test(q.sql));
  if (update.length !== 1 || event.length !== (same ? 0 : 1))
    throw new Error(
      `${name}: expected one UPDATE and ${same ? 'no' : 'one'} event INSERT, got ${queries.length} statements`,
    );
  const eventId = event[0]?.parameters.find(
    (p) => typeof p === 'string' && p !== first && /^[0-9a-f-]{36}$/.test(p),
  );
  let n = 0;
  // Each replay: the next customer in turn (no two loops wait on one row), a fresh event id.
  const fresh = (statements: CapturedQuery[]) => {
    const i = n++;
    const replacements = new Map<unknown, unknown>([
      [first, ids[i % ids.length]],
      [captureName, same ? 'Ada' : NAMES[i % NAMES.length]],
    ]);
    if (eventId) replacements.set(eventId, newId());
    return statements.map((q) => ({
      sql: q.sql,
      parameters: q.parameters.map((p) => (replacements.has(p) ? replacements.get(p) : p)),
    }));
  };
  return {
    name,
    method: 'PATCH',
    variants: ids.map((id) => ({ label: id, path: PATH(id), queries })),
    bodies: NAMES.map((firstName) => JSON.stringify({ firstName: same ? 'Ada' : firstName })),
    single: true,
    write: () => fresh(update),
    ...(same ? {} : { inserts: () => fresh([...update, ...event]) }),
  };
}
