/** The duplicates and merge API's shapes, taken from the server's TypeBox schemas (type-only imports). */

import type {
  DuplicateListSchema,
  DuplicateCandidate as ServerDuplicateCandidate,
  MergeResult as ServerMergeResult,
} from '@server/modules/customers/customer-merges.schemas.js';
import type { Static } from '@sinclair/typebox';

export type DuplicateCandidate = ServerDuplicateCandidate;
export type DuplicateList = Static<typeof DuplicateListSchema>;
export type MergeResult = ServerMergeResult;
