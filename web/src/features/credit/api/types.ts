/** The store-credit API's shapes, taken from the server's TypeBox schemas (type-only imports). */

import type {
  CreditBalancesSchema,
  CreditEntryPageSchema,
  CreditBalance as ServerCreditBalance,
  CreditEntry as ServerCreditEntry,
  CreditEntryCreate as ServerCreditEntryCreate,
  CreditEntryResult as ServerCreditEntryResult,
} from '@server/modules/credit/credit.schemas.js';
import type { Static } from '@sinclair/typebox';

export type CreditBalance = ServerCreditBalance;
export type CreditBalances = Static<typeof CreditBalancesSchema>;
export type CreditEntry = ServerCreditEntry;
export type CreditEntryKind = CreditEntry['kind'];
export type CreditEntryPage = Static<typeof CreditEntryPageSchema>;
export type CreditEntryCreate = ServerCreditEntryCreate;
export type CreditEntryResult = ServerCreditEntryResult;
