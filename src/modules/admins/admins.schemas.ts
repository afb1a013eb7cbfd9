import { type Static, Type } from '@sinclair/typebox';
import { ADMIN_ROLES } from '../../db/types.js';
import { Currency, Int32, Nullable, SingleLine, StringEnum, Timestamp, Uuid } from '../../http/schemas.js';

export const RoleSchema = StringEnum(ADMIN_ROLES, {
  description:
    'owner > admin > support > viewer. viewer reads; support edits customers; admin deletes; owner manages admins.',
});

export const LoginBodySchema = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

const AdminUserFields = {
  id: Uuid(),
  email: Type.String({ format: 'email', maxLength: 254 }),
  name: Nullable(Type.String({ maxLength: 100 })),
  role: RoleSchema,
};

export const LoginResponseSchema = Type.Object({
  token: Type.String({ maxLength: 100, description: 'Send as `Authorization: Bearer <token>`.' }),
  expiresAt: Timestamp(),
  user: Type.Object(AdminUserFields),
});

export const MeSchema = Type.Object({
  ...AdminUserFields,
  tenant: Type.Object({
    id: Uuid(),
    slug: Type.String({ maxLength: 40 }),
    name: Type.String({ maxLength: 200 }),
    reportingCurrency: Currency({ description: "The currency customers' totalSpent is kept in." }),
  }),
  features: Type.Object(
    {
      mode: StringEnum(['full', 'oms'], {
        description:
          '`oms`: order management only (CLIENTELE_MODE): no storefront API, shopper sign-in, marketing or segments.',
      }),
      modules: Type.Array(Type.String({ maxLength: 40 }), {
        maxItems: 100,
        description: 'The modules this service runs; the admin app shows only their pages.',
      }),
    },
    { description: 'What this service runs.' },
  ),
});

export const SessionSchema = Type.Object({
  session: Nullable(MeSchema, { description: 'null when not signed in.' }),
});

export const AdminUserSchema = Type.Object({
  ...AdminUserFields,
  disabled: Type.Boolean(),
  locked: Type.Boolean({
    description: 'Too many wrong passwords: sign-in fails until lockedUntil or an unlock.',
  }),
  lockedUntil: Nullable(Timestamp()),
  failedSignIns: Int32({
    minimum: 0,
    description: 'Consecutive wrong passwords since the last success.',
  }),
  lastSignInAt: Nullable(Timestamp()),
  createdAt: Timestamp(),
});
export type AdminUser = Static<typeof AdminUserSchema>;

export const AdminUserCreateSchema = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.Optional(Nullable(SingleLine({ maxLength: 100 }))),
    role: RoleSchema,
    password: Type.String({ minLength: 8, maxLength: 128 }),
  },
  { additionalProperties: false },
);

export const ApiKeySchema = Type.Object({
  id: Uuid(),
  name: Type.String({ maxLength: 100 }),
  role: RoleSchema,
  keyPrefix: Type.String({ maxLength: 20, description: 'The first characters of the key, to recognise it.' }),
  createdAt: Timestamp(),
  lastUsedAt: Nullable(Timestamp()),
  revokedAt: Nullable(Timestamp()),
});

export const ApiKeyCreatedSchema = Type.Composite([
  ApiKeySchema,
  Type.Object({ key: Type.String({ maxLength: 100, description: 'The secret, shown this once only.' }) }),
]);

export const ApiKeyCreateSchema = Type.Object(
  { name: SingleLine({ minLength: 1, maxLength: 100 }), role: RoleSchema },
  { additionalProperties: false },
);

export const AdminPasswordSchema = Type.Object(
  { password: Type.String({ minLength: 8, maxLength: 128 }) },
  { additionalProperties: false },
);
