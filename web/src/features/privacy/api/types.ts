/** The API's shapes for a customer's export and erasure, from the server's own schemas (type-only). */
export type { ErasureResult } from '@server/modules/customers/customer-privacy.schemas.js';
