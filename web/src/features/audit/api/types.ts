/** The audit log's shapes, taken from the server's TypeBox schemas (type-only imports). */

import type { EventPageSchema } from '@server/modules/events/events.schemas.js';
import type { Static } from '@sinclair/typebox';

export type AuditPage = Static<typeof EventPageSchema>;
export type AuditEntry = AuditPage['data'][number];
