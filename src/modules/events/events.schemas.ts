import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp, Uuid } from '../../http/schemas.js';
import { FilterParam, ListQuery, PageOf } from '../../lib/list/list-query.js';

/** One field's change: `{field: "email", from: "a@x", to: "b@x"}`, names as the API spells them. */
export const FieldChangeSchema = Type.Object(
  {
    field: Type.String({
      maxLength: 200,
      description: '`email`, `firstName`, `address.city`, `attributes.<code>`, …',
    }),
    from: Type.Unknown({ description: 'The value before (null when there was none).' }),
    to: Type.Unknown({ description: 'The value after (null when there is none).' }),
  },
  { title: 'FieldChange' },
);

/** An entry of a customer's timeline or of the tenant's audit log. */
export const EventSchema = Type.Object(
  {
    id: Uuid(),
    action: Type.String({
      maxLength: 100,
      description: 'e.g. `customer.updated`, `address.added`, `account.locked`, `site.updated`.',
    }),
    customerId: Nullable(Uuid({ description: 'The customer changed; null for a change not about one.' })),
    subject: Nullable(
      Type.Object({
        type: Type.String({ maxLength: 40, description: '`site`, `apiKey`, `adminUser`, `group`, …' }),
        id: Type.String({ maxLength: 100 }),
      }),
      { description: 'What a change not about one customer was about; null for customer changes.' },
    ),
    actor: Type.Object({
      type: Type.String({
        maxLength: 20,
        description:
          '`admin`, `apiKey`, `shopper`, `storefront` (before sign-in) or `system` (the CLI, the worker, imports).',
      }),
      id: Type.String({ maxLength: 40 }),
      name: Type.Optional(
        Type.String({
          maxLength: 300,
          description: "An admin's name (else email), an API key's name, or `System`; absent when gone.",
        }),
      ),
    }),
    requestId: Nullable(
      Type.String({
        maxLength: 200,
        description:
          'The HTTP request (`req-…`), CLI command (`cli-…`) or worker job run (`job-…`) that did it.',
      }),
    ),
    // A customer's own fields and up to 100 custom attributes bound it.
    changes: Type.Array(FieldChangeSchema, {
      maxItems: 500,
      description: 'For updates, each changed field with its value before and after; empty otherwise.',
    }),
    data: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown()),
    createdAt: Timestamp(),
  },
  { title: 'Event' },
);
export const EventPageSchema = PageOf(EventSchema, { title: 'EventPage', cursorMaxLength: 200 });
export const EventListQuerySchema = ListQuery({}, { cursorMaxLength: 200 });

export const AuditQuerySchema = ListQuery(
  {
    filter: Type.Optional(
      FilterParam(
        [
          'action sw "customer."',
          'actorType eq "admin" and actorId eq "0190d2a4-7a1e-7c3e-9d2b-1f6e8a4c2b10"',
          'customerId eq "0190d2a4-7a1e-7c3e-9d2b-1f6e8a4c2b10" and createdAt ge "2026-01-01"',
        ],
        {
          description:
            'Attributes: `action`, `actorType`, `actorId`, `customerId`, `subjectType`, `subjectId`, `requestId`, `createdAt`.',
        },
      ),
    ),
  },
  { cursorMaxLength: 200 },
);
