import { type Static, Type } from '@sinclair/typebox';
import { Int32, Nullable, SingleLine, Timestamp } from '../../http/schemas.js';
import { PASSWORD_MAX } from '../../lib/password-rules.js';
import { MarketingConsentFields } from '../marketing/marketing.schemas.js';

/**
 * Passwords: the length rules (8–128) and the common-password list are checked by the service,
 * so the message can name the rule; the schema only bounds the size of what is sent.
 */
const password = (description: string) =>
  Type.String({ minLength: 1, maxLength: PASSWORD_MAX * 4, description });
const username = SingleLine({
  minLength: 1,
  maxLength: 254,
  description: 'The sign-in name: the email unless the shopper chose another. Case-insensitive.',
});

/** What admins see of a registered customer's account (on the grid row and the customer page). */
export const AccountSummarySchema = Type.Object(
  {
    username: Type.String({ maxLength: 254 }),
    hasPassword: Type.Boolean({ description: 'False until an invited customer sets a first password.' }),
    locked: Type.Boolean({ description: 'Locked out now by failed sign-ins.' }),
    lockedUntil: Nullable(Timestamp({ description: 'End of the current or last lock.' })),
    failedSignIns: Int32({
      minimum: 0,
      description: 'Consecutive failed sign-ins since the last success or lock.',
    }),
    lockouts: Int32({
      minimum: 0,
      description: 'How many times the account was locked; each lock doubles the next.',
    }),
    disabledReason: Nullable(Type.String({ maxLength: 500 })),
    lastSignInAt: Nullable(Timestamp()),
    passwordChangedAt: Nullable(Timestamp()),
    emailVerifiedAt: Nullable(Timestamp()),
  },
  { title: 'AccountSummary', additionalProperties: false },
);
export type AccountSummary = Static<typeof AccountSummarySchema>;

export const RegisterBodySchema = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: password('8 to 128 characters; common passwords are refused.'),
    username: Type.Optional(username),
    firstName: Type.Optional(Nullable(SingleLine({ maxLength: 100 }))),
    lastName: Type.Optional(Nullable(SingleLine({ maxLength: 100 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
    companyName: Type.Optional(Nullable(SingleLine({ maxLength: 200 }))),
    organizationId: Type.Optional(Nullable(SingleLine({ maxLength: 64 }))),
    taxId: Type.Optional(Nullable(SingleLine({ maxLength: 64 }))),
    locale: Type.Optional(
      Nullable(Type.String({ maxLength: 35, pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' })),
    ),
    ...MarketingConsentFields,
  },
  { additionalProperties: false, title: 'Register' },
);
export type RegisterBody = Static<typeof RegisterBodySchema>;

export const ShopperLoginSchema = Type.Object(
  { username, password: password('The account password.') },
  { additionalProperties: false, title: 'ShopperLogin' },
);

export const ShopperSessionSchema = Type.Object(
  {
    token: Type.String({ maxLength: 100, description: 'Send as `Authorization: Bearer <token>`.' }),
    expiresAt: Timestamp({ description: 'Absolute expiry; the session also ends after a period of no use.' }),
  },
  { title: 'ShopperSession' },
);

export const ForgotPasswordSchema = Type.Object({ username }, { additionalProperties: false });
export const ResetPasswordSchema = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200, description: 'The token from the emailed link.' }),
    newPassword: password('8 to 128 characters; common passwords are refused.'),
  },
  { additionalProperties: false },
);
export const VerifyEmailSchema = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200, description: 'The token from the emailed link.' }) },
  { additionalProperties: false },
);
export const AcceptedSchema = Type.Object({
  status: Type.Literal('accepted'),
  message: Type.String({ maxLength: 300 }),
});

export const DisableBodySchema = Type.Object(
  {
    reason: SingleLine({
      minLength: 1,
      maxLength: 500,
      description: 'Why, for the record (shown to admins only).',
    }),
  },
  { additionalProperties: false },
);

// The timeline's entries are the events module's (the audit log shows the same shape).
export { EventListQuerySchema, EventPageSchema, EventSchema } from '../events/events.schemas.js';
