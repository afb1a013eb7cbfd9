import type { Database } from '../db/database.js';
import { systemContext } from '../lib/context.js';
import { listAdmins } from '../modules/admins/admins.service.js';
import { enqueueEmail } from '../modules/email/email.service.js';
import { listSites } from '../modules/tenants/tenants.service.js';

/**
 * Tells the tenant's owners that the worker disabled a webhook endpoint (it answered 410 Gone,
 * or failed for three days), through the email outbox. The email speaks for the tenant's first
 * site, as an admin email has no shopper's site to name.
 */
export async function emailOwnersWebhookDisabled(
  db: Database,
  tenantId: string,
  webhook: { url: string; reason: 'gone' | 'failing'; failingSince: Date | null },
): Promise<number> {
  const ctx = systemContext(db, tenantId);
  const owners = (await listAdmins(ctx)).filter((admin) => admin.role === 'owner' && !admin.disabled);
  const site = (await listSites(ctx))[0];
  if (!site) return 0;
  for (const owner of owners)
    await enqueueEmail(
      ctx,
      { address: owner.email, customerId: null, site: { id: site.id, name: site.name } },
      {
        template: 'webhookDisabled',
        url: webhook.url,
        reason: webhook.reason,
        failingSince: webhook.failingSince?.toISOString() ?? null,
      },
    );
  return owners.length;
}
