/** The account API's shapes, taken from the server's TypeBox schemas (type-only imports). */

import type {
  AcceptedSchema,
  EventPageSchema,
  AccountSummary as ServerAccountSummary,
} from '@server/modules/accounts/accounts.schemas.js';
import type { Static } from '@sinclair/typebox';

export type AccountSummary = ServerAccountSummary;
export type TimelinePage = Static<typeof EventPageSchema>;
export type TimelineEvent = TimelinePage['data'][number];
export type Accepted = Static<typeof AcceptedSchema>;
