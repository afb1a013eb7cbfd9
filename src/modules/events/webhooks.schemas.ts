import { type Static, Type } from '@sinclair/typebox';
import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_DISABLED_REASONS,
  type WebhookDisabledReason,
} from '../../db/types.js';
import { Int32, Nullable, SingleLine, StringEnum, Timestamp, Uuid } from '../../http/schemas.js';
import { ListQuery, PageOf } from '../../lib/list/list-query.js';
import { TEST_TOPIC, WEBHOOK_TOPICS } from './webhook-topics.js';

export const MAX_WEBHOOK_URL_LENGTH = 2000;

const Url = () =>
  Type.String({
    minLength: 1,
    maxLength: MAX_WEBHOOK_URL_LENGTH,
    pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$',
    description:
      'Where deliveries are POSTed: an http or https URL without user name or password. Deliveries to loopback, link-local and private addresses are refused (after DNS resolution) unless the server allows them.',
  });
const Topics = () =>
  Type.Array(StringEnum(WEBHOOK_TOPICS), {
    minItems: 1,
    maxItems: WEBHOOK_TOPICS.length,
    uniqueItems: true,
    description: 'The topics sent to this endpoint.',
  });
const Description = () => Nullable(SingleLine({ maxLength: 500, description: 'What the endpoint is for.' }));

export const WebhookCreateSchema = Type.Object(
  {
    url: Url(),
    topics: Topics(),
    enabled: Type.Optional(Type.Boolean({ default: true })),
    description: Type.Optional(Description()),
  },
  {
    additionalProperties: false,
    title: 'WebhookCreate',
    examples: [
      { url: 'https://erp.example.com/hooks/clientele', topics: ['customer.created', 'order.created'] },
    ],
  },
);
export type WebhookCreate = Static<typeof WebhookCreateSchema>;

export const WebhookPatchSchema = Type.Object(
  {
    url: Type.Optional(Url()),
    topics: Type.Optional(Topics()),
    enabled: Type.Optional(Type.Boolean()),
    description: Type.Optional(Description()),
  },
  { additionalProperties: false, minProperties: 1, title: 'WebhookPatch', examples: [{ enabled: false }] },
);
export type WebhookPatch = Static<typeof WebhookPatchSchema>;

const webhookFields = {
  id: Uuid(),
  url: Type.String({ maxLength: MAX_WEBHOOK_URL_LENGTH }),
  topics: Type.Array(StringEnum(WEBHOOK_TOPICS), { maxItems: WEBHOOK_TOPICS.length }),
  enabled: Type.Boolean(),
  description: Nullable(Type.String({ maxLength: 500 })),
  // The enum lists null too: a nullable enum without it would refuse the null it allows.
  disabledReason: Type.Unsafe<WebhookDisabledReason | null>({
    type: ['string', 'null'],
    enum: [...WEBHOOK_DISABLED_REASONS, null],
    description:
      'Why the endpoint is off: `manual`, an admin turned it off; `gone`, it answered 410 Gone; `failing`, every attempt failed for three days (the owners were emailed). Null while it is on.',
  }),
  failingSince: Nullable(
    Timestamp({ description: 'The first failed attempt since the last success; null while it succeeds.' }),
  ),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
};

const example = {
  id: '01938c2e-7d1a-7b3e-9f00-2a1b3c4d5e6f',
  url: 'https://erp.example.com/hooks/clientele',
  topics: ['customer.created', 'order.created'],
  enabled: true,
  description: 'ERP sync',
  disabledReason: null,
  failingSince: null,
  createdAt: '2026-12-05T09:30:00.000Z',
  updatedAt: '2026-12-05T09:30:00.000Z',
};

export const WebhookSchema = Type.Object(webhookFields, {
  additionalProperties: false,
  title: 'Webhook',
  examples: [example],
});
export type Webhook = Static<typeof WebhookSchema>;

const Secret = () =>
  Type.String({
    maxLength: 100,
    pattern: '^whsec_',
    description:
      'The signing secret (`whsec_` and base64), shown only in this answer: store it now. Receivers verify `webhook-signature` with it (Standard Webhooks).',
  });

export const WebhookWithSecretSchema = Type.Object(
  { ...webhookFields, secret: Secret() },
  {
    additionalProperties: false,
    title: 'WebhookWithSecret',
    examples: [{ ...example, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }],
  },
);
export type WebhookWithSecret = Static<typeof WebhookWithSecretSchema>;

export const WebhookSecretSchema = Type.Object(
  { secret: Secret() },
  { additionalProperties: false, title: 'WebhookSecret' },
);

export const WebhookListQuerySchema = ListQuery({});
export type WebhookListQuery = Static<typeof WebhookListQuerySchema>;
export const WebhookPageSchema = PageOf(WebhookSchema, { title: 'WebhookPage' });

export const WebhookDeliverySchema = Type.Object(
  {
    id: Uuid({ description: 'Also the `webhook-id` header of every attempt: receivers deduplicate by it.' }),
    webhookId: Uuid(),
    eventId: Uuid({ description: 'The recorded event (a test message has an id of its own).' }),
    topic: StringEnum([...WEBHOOK_TOPICS, TEST_TOPIC]),
    status: StringEnum(WEBHOOK_DELIVERY_STATUSES, {
      description:
        '`pending`: not attempted yet; `failed`: the last attempt failed and another is due at `nextAttemptAt`; `succeeded`: a 2xx answer; `dead`: given up (retries exhausted, or the endpoint was disabled).',
    }),
    attempts: Int32({ minimum: 0 }),
    nextAttemptAt: Nullable(Timestamp({ description: 'When the next attempt is due; null when none is.' })),
    lastAttemptAt: Nullable(Timestamp()),
    lastResponseCode: Nullable(Int32({ minimum: 0, description: "The last attempt's HTTP status." })),
    lastResponseMs: Nullable(Int32({ minimum: 0, description: 'How long the last attempt took, in ms.' })),
    lastError: Nullable(Type.String({ maxLength: 1000 })),
    payload: Type.Unknown({ description: 'The body sent: `{type, timestamp, data}`.' }),
    createdAt: Timestamp(),
  },
  { additionalProperties: false, title: 'WebhookDelivery' },
);
export type WebhookDelivery = Static<typeof WebhookDeliverySchema>;

export const WebhookDeliveryListQuerySchema = ListQuery({
  status: Type.Optional(
    StringEnum(WEBHOOK_DELIVERY_STATUSES, { description: 'Only deliveries in this state.' }),
  ),
});
export type WebhookDeliveryListQuery = Static<typeof WebhookDeliveryListQuerySchema>;
export const WebhookDeliveryPageSchema = PageOf(WebhookDeliverySchema, { title: 'WebhookDeliveryPage' });

export const WebhookDeliveryParams = Type.Object(
  { id: Uuid({ description: 'The webhook id.' }), deliveryId: Uuid({ description: 'The delivery id.' }) },
  { additionalProperties: false },
);
