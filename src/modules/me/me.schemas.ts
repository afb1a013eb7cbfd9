import { type Static, Type } from '@sinclair/typebox';
import { Nullable, SingleLine, Timestamp, Uuid } from '../../http/schemas.js';
import { PASSWORD_MAX } from '../../lib/password-rules.js';
import { AddressSchema } from '../addresses/addresses.schemas.js';
import { customerAttributesInputSchema, customerAttributesSchema } from '../attributes/attributes.schemas.js';
import { CreditBalanceSchema, MyCreditEntrySchema } from '../credit/credit.schemas.js';
import { CustomerSchema } from '../customers/customers.schemas.js';
import { OrderSummarySchema } from '../orders/orders.schemas.js';
import { WishlistSchema } from '../wishlists/wishlists.schemas.js';

/** The customer fields a shopper sees and may change: the admin's definitions, so the rules match. */
const c = CustomerSchema.properties;
const profileFields = {
  firstName: c.firstName,
  lastName: c.lastName,
  phone: Nullable(
    Type.String({
      maxLength: 32,
      description:
        "Phone number; stored in E.164. Without a +country prefix, the country of the default billing address (else the site's) is assumed.",
    }),
  ),
  companyName: c.companyName,
  organizationId: c.organizationId,
  taxId: c.taxId,
  locale: c.locale,
};

const email = (description: string) => Type.String({ format: 'email', maxLength: 254, description });
const username = SingleLine({
  minLength: 1,
  maxLength: 254,
  description: 'The sign-in name, unique in the customer set whatever its case.',
});
const password = (description: string) =>
  Type.String({ minLength: 1, maxLength: PASSWORD_MAX * 4, description });

export const MeSchema = Type.Object(
  {
    id: Uuid(),
    email: Nullable(email('The confirmed email address.')),
    ...profileFields,
    username: Type.String({ maxLength: 254, description: 'The sign-in name (the email unless changed).' }),
    emailVerifiedAt: Nullable(Timestamp({ description: 'When the shopper last proved they own the email.' })),
    pendingEmail: Nullable(
      email(
        'A new email waiting for its confirmation link to be opened; it replaces `email` once confirmed.',
      ),
    ),
    createdAt: Timestamp(),
    addresses: Type.Array(AddressSchema, { maxItems: 1000 }),
    groups: Type.Array(Type.String({ maxLength: 64 }), {
      maxItems: 500,
      description: 'Codes of the groups you are an active member of now, e.g. `vip`.',
    }),
    roles: Type.Array(Type.String({ maxLength: 64 }), {
      maxItems: 10_000,
      description:
        'Codes of the roles you hold on this site now, directly or through your groups, e.g. `wholesale`: what the store gates restricted sections, products and discounts on.',
    }),
    attributes: customerAttributesSchema(
      "The store's custom attributes shown to shoppers (`shopperVisible`), by code.",
    ),
  },
  { title: 'Me', additionalProperties: false },
);
export type Me = Static<typeof MeSchema>;

export const MePatchSchema = Type.Object(
  {
    ...Type.Partial(Type.Object(profileFields)).properties,
    username: Type.Optional(username),
    email: Type.Optional(
      email('A new email: a confirmation link goes to it, and it replaces the current one once opened.'),
    ),
    currentPassword: Type.Optional(password('Required when changing the email.')),
    attributes: Type.Optional(
      customerAttributesInputSchema(
        'Custom attributes the store lets shoppers change (`shopperEditable`), by code, each checked against its definition; `null` removes one. Any other code is a 400 naming `/attributes/<code>`.',
      ),
    ),
  },
  { title: 'MePatch', additionalProperties: false, minProperties: 1 },
);
export type MePatch = Static<typeof MePatchSchema>;

export const ChangePasswordSchema = Type.Object(
  {
    currentPassword: password('The password in use now.'),
    newPassword: password('8 to 128 characters; common passwords are refused.'),
  },
  { title: 'ChangePassword', additionalProperties: false },
);

export const MyAddressParams = Type.Object(
  { addressId: Uuid({ description: 'Address id.' }) },
  { additionalProperties: false },
);

const EXPORT_MAX_SESSIONS = 1000;
const EXPORT_MAX_EVENTS = 100_000;

export const MyExportSchema = Type.Object(
  {
    exportedAt: Timestamp(),
    profile: MeSchema,
    account: Type.Object(
      {
        username: Type.String({ maxLength: 254 }),
        createdAt: Timestamp(),
        lastSignInAt: Nullable(Timestamp()),
        passwordChangedAt: Nullable(Timestamp()),
        emailVerifiedAt: Nullable(Timestamp()),
      },
      { additionalProperties: false },
    ),
    sessions: Type.Array(
      Type.Object(
        {
          siteId: Uuid({ description: 'The site the shopper signed in on.' }),
          createdAt: Timestamp(),
          lastSeenAt: Timestamp(),
          expiresAt: Timestamp(),
        },
        { additionalProperties: false },
      ),
      { maxItems: EXPORT_MAX_SESSIONS, description: 'Sessions not yet removed, including this one.' },
    ),
    timeline: Type.Array(
      Type.Object(
        {
          action: Type.String({
            maxLength: 100,
            description: 'e.g. `account.registered`, `account.password_changed`.',
          }),
          createdAt: Timestamp(),
          data: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown()),
        },
        { additionalProperties: false },
      ),
      { maxItems: EXPORT_MAX_EVENTS, description: 'What happened to the account, newest first.' },
    ),
    orders: Type.Array(OrderSummarySchema, {
      maxItems: 1_000_000,
      description: 'Every order, newest first.',
    }),
    wishlists: Type.Array(WishlistSchema, { maxItems: 50 }),
    credit: Type.Object(
      {
        balances: Type.Array(CreditBalanceSchema, { maxItems: 400 }),
        entries: Type.Array(MyCreditEntrySchema, {
          maxItems: 1_000_000,
          description: 'All store-credit activity, newest first.',
        }),
      },
      { additionalProperties: false },
    ),
    linkedGuestIds: Type.Array(Uuid(), {
      maxItems: 10_000,
      description: 'Guest checkouts with the same email whose history this account took over.',
    }),
  },
  { title: 'MyExport', additionalProperties: false },
);
export type MyExport = Static<typeof MyExportSchema>;
