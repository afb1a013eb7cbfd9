import { type Static, Type } from '@sinclair/typebox';
import { CONSENT_SOURCES, OPT_IN_LEVELS, SUBSCRIPTION_STATUSES } from '../../db/types.js';
import { Int32, MultiLine, Nullable, SingleLine, StringEnum, Timestamp, Uuid } from '../../http/schemas.js';
import { ListQuery, PageOf, SearchedPageOf } from '../../lib/list/list-query.js';

const ID = '01936b2e-8f4a-7c3e-9d1a-2b5c6d7e8f90';
const SITE_ID = '01936b2e-1111-7c3e-9d1a-2b5c6d7e8f90';
const CONTACT_ID = '01936b2e-2222-7c3e-9d1a-2b5c6d7e8f90';
const WHEN = '2026-11-30T09:15:00.000Z';

/** A newsletter's code: what the storefront names in its URLs and filters name (`subscribedTo eq "news"`). */
const NewsletterCode = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$',
  description:
    'Unique on its site whatever its case: letters, digits, `_`, `.` and `-`, e.g. `weekly`. The storefront names the newsletter by it.',
});

export const SubscriptionStatusSchema = StringEnum(SUBSCRIPTION_STATUSES, {
  description:
    "Shopify's states: `SUBSCRIBED`, `UNSUBSCRIBED`, `NOT_SUBSCRIBED` (never asked, or cleared by an admin), `PENDING` (waiting for the double opt-in link), `REDACTED` (erased), `INVALID` (hard bounce or complaint).",
});
export const OptInLevelSchema = Nullable(
  StringEnum(OPT_IN_LEVELS, {
    description:
      '`SINGLE_OPT_IN`: subscribed without confirming the address; `CONFIRMED_OPT_IN`: confirmed through the emailed link. Null when not subscribed.',
  }),
);
/** Wording shown to the person when they agreed: what a regulator asks to see. */
const ConsentText = MultiLine({
  maxLength: 4000,
  description:
    'The exact wording the person saw and agreed to (or, for an admin, where the consent came from). Kept for ever in the consent record.',
});

// ---- Newsletters ------------------------------------------------------------------------

export const NewsletterInputSchema = Type.Object(
  {
    siteId: Uuid({ description: 'The site the newsletter belongs to.' }),
    code: NewsletterCode,
    name: SingleLine({ minLength: 1, maxLength: 200, description: 'Shown to shoppers and admins.' }),
    description: Type.Optional(Nullable(MultiLine({ maxLength: 2000 }))),
    doubleOptIn: Type.Optional(
      Type.Boolean({
        description:
          'A storefront sign-up waits (`PENDING`) for the emailed confirmation link before it counts (`CONFIRMED_OPT_IN`). False when absent at creation.',
      }),
    ),
    isDefault: Type.Optional(
      Type.Boolean({
        description:
          "The site's default newsletter: the one registration and checkout sign a shopper up to when they send `acceptsMarketing: true`. Setting it clears it on the site's other newsletters.",
      }),
    ),
  },
  {
    additionalProperties: false,
    title: 'NewsletterInput',
    examples: [
      { siteId: SITE_ID, code: 'weekly', name: 'Weekly offers', doubleOptIn: true, isDefault: true },
    ],
  },
);
export type NewsletterInput = Static<typeof NewsletterInputSchema>;

const { siteId: _siteId, ...patchable } = NewsletterInputSchema.properties;
export const NewsletterPatchSchema = Type.Partial(Type.Object(patchable), {
  additionalProperties: false,
  minProperties: 1,
  title: 'NewsletterPatch',
  examples: [{ name: 'Weekly deals', doubleOptIn: false }],
});
export type NewsletterPatch = Static<typeof NewsletterPatchSchema>;

export const NewsletterSchema = Type.Object(
  {
    id: Uuid(),
    siteId: Uuid(),
    code: Type.String({ maxLength: 64 }),
    name: Type.String({ maxLength: 200 }),
    description: Nullable(Type.String({ maxLength: 2000 })),
    doubleOptIn: Type.Boolean(),
    isDefault: Type.Boolean({ description: "The site's default newsletter (registration and checkout)." }),
    subscriberCount: Int32({ minimum: 0, description: 'Contacts `SUBSCRIBED` now.' }),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  {
    additionalProperties: false,
    title: 'Newsletter',
    examples: [
      {
        id: ID,
        siteId: SITE_ID,
        code: 'weekly',
        name: 'Weekly offers',
        description: null,
        doubleOptIn: true,
        isDefault: true,
        subscriberCount: 1250,
        createdAt: WHEN,
        updatedAt: WHEN,
      },
    ],
  },
);
export type Newsletter = Static<typeof NewsletterSchema>;

export const NewsletterListQuerySchema = ListQuery({
  siteId: Type.Optional(Uuid({ description: 'Only the newsletters of this site.' })),
});
export type NewsletterListQuery = Static<typeof NewsletterListQuerySchema>;
export const NewsletterPageSchema = PageOf(NewsletterSchema, { title: 'NewsletterPage' });

export const RecipientsQuerySchema = Type.Object(
  {
    format: Type.Optional(
      StringEnum(['csv', 'ndjson'] as const, {
        default: 'csv',
        description: '`csv` (formula-safe, with a header row) or `ndjson` (one JSON object a line).',
      }),
    ),
  },
  { additionalProperties: false },
);

// ---- Subscriptions and contacts ---------------------------------------------------------

export const SubscriptionSchema = Type.Object(
  {
    newsletterId: Uuid(),
    code: Type.String({ maxLength: 64 }),
    name: Type.String({ maxLength: 200 }),
    siteId: Uuid(),
    status: SubscriptionStatusSchema,
    optInLevel: OptInLevelSchema,
    updatedAt: Nullable(Timestamp({ description: 'Last change; null when never asked.' })),
  },
  {
    additionalProperties: false,
    title: 'Subscription',
    examples: [
      {
        newsletterId: ID,
        code: 'weekly',
        name: 'Weekly offers',
        siteId: SITE_ID,
        status: 'SUBSCRIBED',
        optInLevel: 'CONFIRMED_OPT_IN',
        updatedAt: WHEN,
      },
    ],
  },
);
export type Subscription = Static<typeof SubscriptionSchema>;

export const ContactSchema = Type.Object(
  {
    id: Uuid(),
    email: Type.String({ maxLength: 320 }),
    customerId: Nullable(
      Uuid({
        description: 'The customer with this email (a registered one first); null for a sign-up only.',
      }),
    ),
    firstName: Nullable(Type.String({ maxLength: 200 })),
    lastName: Nullable(Type.String({ maxLength: 200 })),
    locale: Nullable(Type.String({ maxLength: 35 })),
    invalid: Type.Boolean({ description: 'A hard bounce or complaint: nothing is sent to this address.' }),
    createdAt: Timestamp(),
    subscriptions: Type.Optional(
      Type.Array(SubscriptionSchema, {
        maxItems: 1000,
        description: "Every newsletter of the tenant with this contact's state (absent in lists).",
      }),
    ),
  },
  {
    additionalProperties: false,
    title: 'Contact',
    examples: [
      {
        id: CONTACT_ID,
        email: 'ada@example.com',
        customerId: ID,
        firstName: 'Ada',
        lastName: 'Lovelace',
        locale: 'en-GB',
        invalid: false,
        createdAt: WHEN,
        subscriptions: [],
      },
    ],
  },
);
export type Contact = Static<typeof ContactSchema>;

export const ContactListQuerySchema = ListQuery({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Part of the email address, whatever its case.' }),
  ),
});
export type ContactListQuery = Static<typeof ContactListQuerySchema>;
export const ContactPageSchema = SearchedPageOf(ContactSchema, { title: 'ContactPage' });

export const ActorSchema = Type.Object(
  {
    type: StringEnum(['admin', 'apiKey', 'shopper', 'anonymous', 'system'] as const),
    id: Nullable(Type.String({ maxLength: 200 })),
    label: Nullable(Type.String({ maxLength: 320, description: "An admin's email, a key's name." })),
  },
  { additionalProperties: false, title: 'ConsentActor' },
);

export const ConsentRecordSchema = Type.Object(
  {
    id: Uuid(),
    contactId: Uuid(),
    newsletterId: Uuid(),
    newsletterCode: Type.String({
      maxLength: 64,
      description: 'The code when recorded (kept if the newsletter goes).',
    }),
    status: SubscriptionStatusSchema,
    optInLevel: OptInLevelSchema,
    source: StringEnum(CONSENT_SOURCES, { description: 'Where the change came from.' }),
    consentText: Nullable(Type.String({ maxLength: 4000 })),
    ip: Nullable(Type.String({ maxLength: 64 })),
    userAgent: Nullable(Type.String({ maxLength: 1000 })),
    actor: ActorSchema,
    createdAt: Timestamp(),
  },
  {
    additionalProperties: false,
    title: 'ConsentRecord',
    examples: [
      {
        id: ID,
        contactId: CONTACT_ID,
        newsletterId: ID,
        newsletterCode: 'weekly',
        status: 'SUBSCRIBED',
        optInLevel: 'CONFIRMED_OPT_IN',
        source: 'storefront_form',
        consentText: 'Yes, send me the weekly offers. I can unsubscribe at any time.',
        ip: '203.0.113.7',
        userAgent: 'Mozilla/5.0',
        actor: { type: 'anonymous', id: null, label: null },
        createdAt: WHEN,
      },
    ],
  },
);
export type ConsentRecord = Static<typeof ConsentRecordSchema>;
export const ConsentListQuerySchema = ListQuery({});
export type ConsentListQuery = Static<typeof ConsentListQuerySchema>;
export const ConsentPageSchema = PageOf(ConsentRecordSchema, { title: 'ConsentRecordPage' });

export const SubscriptionParams = Type.Object(
  { id: Uuid({ description: 'Customer id.' }), newsletterId: Uuid({ description: 'Newsletter id.' }) },
  { additionalProperties: false },
);

export const AdminSubscriptionInputSchema = Type.Object(
  {
    status: StringEnum(['SUBSCRIBED', 'UNSUBSCRIBED', 'NOT_SUBSCRIBED'] as const),
    consentText: Type.Optional(ConsentText),
  },
  {
    additionalProperties: false,
    title: 'AdminSubscriptionInput',
    examples: [
      { status: 'SUBSCRIBED', consentText: 'Signed the paper form at the Leeds shop, 2026-11-28.' },
      { status: 'UNSUBSCRIBED' },
    ],
  },
);
export type AdminSubscriptionInput = Static<typeof AdminSubscriptionInputSchema>;

export const InvalidInputSchema = Type.Object(
  {
    reason: Type.Optional(
      SingleLine({ maxLength: 500, description: 'e.g. "hard bounce: 550 no such user".' }),
    ),
  },
  {
    additionalProperties: false,
    title: 'ContactInvalidInput',
    examples: [{ reason: 'Complaint via the ESP' }],
  },
);
export type InvalidInput = Static<typeof InvalidInputSchema>;

// ---- Storefront -------------------------------------------------------------------------

export const NewsletterCodeParams = Type.Object({ code: NewsletterCode }, { additionalProperties: false });

export const StoreSubscribeSchema = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 320, description: 'The address to sign up.' }),
    consentText: MultiLine({ minLength: 1, maxLength: 4000, description: ConsentText.description }),
  },
  {
    additionalProperties: false,
    title: 'NewsletterSignUp',
    examples: [{ email: 'ada@example.com', consentText: 'Yes, send me the weekly offers.' }],
  },
);
export type StoreSubscribe = Static<typeof StoreSubscribeSchema>;

export const AcceptedSchema = Type.Object(
  { status: Type.Literal('accepted') },
  { additionalProperties: false, title: 'Accepted', examples: [{ status: 'accepted' }] },
);

export const ConfirmSchema = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200, description: 'The token of the emailed link.' }) },
  { additionalProperties: false, title: 'NewsletterConfirm', examples: [{ token: 'q0Xr…' }] },
);

export const MySubscriptionSchema = Type.Object(
  {
    code: Type.String({ maxLength: 64 }),
    name: Type.String({ maxLength: 200 }),
    description: Nullable(Type.String({ maxLength: 2000 })),
    status: SubscriptionStatusSchema,
    optInLevel: OptInLevelSchema,
    updatedAt: Nullable(Timestamp()),
  },
  { additionalProperties: false, title: 'MySubscription' },
);
export type MySubscription = Static<typeof MySubscriptionSchema>;
export const MySubscriptionListSchema = Type.Object(
  { data: Type.Array(MySubscriptionSchema, { maxItems: 1000 }) },
  {
    additionalProperties: false,
    title: 'MySubscriptionList',
    examples: [
      {
        data: [
          {
            code: 'weekly',
            name: 'Weekly offers',
            description: null,
            status: 'SUBSCRIBED',
            optInLevel: 'SINGLE_OPT_IN',
            updatedAt: WHEN,
          },
        ],
      },
    ],
  },
);

export const MySubscriptionInputSchema = Type.Object(
  { subscribed: Type.Boolean(), consentText: Type.Optional(ConsentText) },
  {
    additionalProperties: false,
    title: 'MySubscriptionInput',
    examples: [{ subscribed: true, consentText: 'Yes, send me the weekly offers.' }, { subscribed: false }],
  },
);
export type MySubscriptionInput = Static<typeof MySubscriptionInputSchema>;

/** What registration and checkout may carry for the site's default newsletter. */
export const MarketingConsentFields = {
  acceptsMarketing: Type.Optional(
    Type.Boolean({
      description:
        "Signs the shopper up to the site's default newsletter (the one flagged `isDefault`), with `consentText` recorded.",
    }),
  ),
  consentText: Type.Optional(ConsentText),
};
