import { type Static, Type } from '@sinclair/typebox';
import { Int32, Nullable, Timestamp, Uuid } from '../../http/schemas.js';

/** How many modules an export or erasure may name (the manifests with a customerData hook). */
const MAX_MODULES = 64;

export const CustomerExportSchema = Type.Object(
  {
    customerId: Uuid(),
    exportedAt: Timestamp(),
    sections: Type.Record(
      Type.String({ maxLength: 64, pattern: '^[a-z][a-z0-9-]*$' }),
      Type.Object(
        {
          describe: Type.String({ maxLength: 1000, description: 'What the module holds, in words.' }),
          data: Type.Unknown({
            description: "The module's rows about the customer as JSON; never a secret.",
          }),
        },
        { additionalProperties: false },
      ),
      {
        maxProperties: MAX_MODULES,
        description:
          'One section per module holding customer data, keyed by module name: `customers` (details, custom attribute values, merges), `addresses`, `accounts` (account facts, sessions, emailed links), `orders`, `carts`, `wishlists`, `credit`, `groups` (memberships and roles), `notes`, `marketing` (contacts, subscriptions, consent records), `events` (the timeline), `email`, `idempotency`.',
      },
    ),
  },
  { additionalProperties: false, title: 'CustomerExport' },
);
export type CustomerExport = Static<typeof CustomerExportSchema>;

export const ErasureInputSchema = Type.Object(
  {
    dryRun: Type.Optional(
      Type.Boolean({
        description: 'Answer what an erasure would remove now, and change nothing.',
        default: false,
      }),
    ),
  },
  { additionalProperties: false, title: 'ErasureInput' },
);
export type ErasureInput = Static<typeof ErasureInputSchema>;

export const ErasureResultSchema = Type.Object(
  {
    customerId: Uuid(),
    dryRun: Type.Boolean(),
    erasedAt: Nullable(Timestamp({ description: 'When the erasure happened; null on a dry run.' })),
    linkedGuestIds: Type.Array(Uuid(), {
      maxItems: 10_000,
      description: 'Guest checkouts the registered customer took over, erased with it.',
    }),
    removed: Type.Record(
      Type.String({ maxLength: 64 }),
      Type.Record(Type.String({ maxLength: 64 }), Int32({ minimum: 0 }), { maxProperties: 32 }),
      {
        maxProperties: MAX_MODULES,
        description: 'Per module, the rows removed or blanked per table (only tables with at least one).',
      },
    ),
  },
  { additionalProperties: false, title: 'ErasureResult' },
);
export type ErasureResult = Static<typeof ErasureResultSchema>;

export const ErasureConfirmSchema = Type.Object(
  {
    token: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The token of the link emailed by POST /store/v1/me/erase.',
    }),
  },
  { additionalProperties: false, title: 'ErasureConfirm' },
);
