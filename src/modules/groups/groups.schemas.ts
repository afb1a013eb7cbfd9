import { type Static, Type } from '@sinclair/typebox';
import { Int32, Nullable, Timestamp, Uuid } from '../../http/schemas.js';
import { ListQuery, PageOf } from '../../lib/list/list-query.js';
import { Code, codeSort, Description, MAX_GROUP_ROLES, Name } from './roles.schemas.js';

/** Memberships one customer may hold (active, future and expired ones alike). */
export const MAX_MEMBERSHIPS = 500;

const roleIds = Type.Array(Uuid(), {
  maxItems: MAX_GROUP_ROLES,
  uniqueItems: true,
  description: 'The roles every active member holds through the group.',
});
const reminderDays = Nullable(
  Int32({
    minimum: 1,
    maximum: 365,
    description:
      'Days before a membership ends that the member gets one reminder email; null for no reminder.',
  }),
);

export const MembershipParams = Type.Object(
  { id: Uuid({ description: 'Customer id.' }), groupId: Uuid({ description: 'Group id.' }) },
  { additionalProperties: false },
);

export const GroupInputSchema = Type.Object(
  {
    code: Code('group'),
    name: Name,
    description: Type.Optional(Description),
    roleIds: Type.Optional(roleIds),
    reminderDays: Type.Optional(reminderDays),
  },
  {
    additionalProperties: false,
    title: 'GroupInput',
    examples: [
      { code: 'vip', name: 'VIP club', description: 'Early access to sales.', roleIds: [], reminderDays: 14 },
    ],
  },
);
export type GroupInput = Static<typeof GroupInputSchema>;

export const GroupPatchSchema = Type.Partial(GroupInputSchema, {
  additionalProperties: false,
  minProperties: 1,
  title: 'GroupPatch',
  examples: [{ name: 'VIP', reminderDays: null }],
});
export type GroupPatch = Static<typeof GroupPatchSchema>;

export const GroupSchema = Type.Object(
  {
    id: Uuid(),
    code: Type.String({ maxLength: 64 }),
    name: Type.String({ maxLength: 200 }),
    description: Nullable(Type.String({ maxLength: 2000 })),
    roleIds: Type.Array(Uuid(), { maxItems: MAX_GROUP_ROLES }),
    reminderDays: Nullable(Int32({ minimum: 1, maximum: 365 })),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { additionalProperties: false, title: 'Group' },
);
export type Group = Static<typeof GroupSchema>;

export const GroupListQuerySchema = ListQuery({}, { sort: codeSort });
export type GroupListQuery = Static<typeof GroupListQuerySchema>;
export const GroupPageSchema = PageOf(GroupSchema, { title: 'GroupPage' });

export const MembershipInputSchema = Type.Object(
  {
    validFrom: Type.Optional(
      Nullable(
        Timestamp({
          description: 'Start; absent or null: now for a new membership, unchanged for one not yet ended.',
        }),
      ),
    ),
    validTo: Type.Optional(
      Nullable(
        Timestamp({ description: 'End (exclusive); absent or null: no end. Must be after `validFrom`.' }),
      ),
    ),
  },
  {
    additionalProperties: false,
    title: 'MembershipInput',
    examples: [{}, { validTo: '2027-01-01T00:00:00Z' }],
  },
);
export type MembershipInput = Static<typeof MembershipInputSchema>;

export const MembershipSchema = Type.Object(
  {
    groupId: Uuid(),
    code: Type.String({ maxLength: 64 }),
    name: Type.String({ maxLength: 200 }),
    validFrom: Timestamp(),
    validTo: Nullable(Timestamp()),
    active: Type.Boolean({ description: 'Started and not yet ended, now.' }),
  },
  { additionalProperties: false, title: 'Membership' },
);
export type Membership = Static<typeof MembershipSchema>;

export const MembershipListSchema = Type.Object(
  {
    data: Type.Array(MembershipSchema, {
      maxItems: MAX_MEMBERSHIPS,
      description: 'Active, future and expired memberships, by group code.',
    }),
  },
  { additionalProperties: false, title: 'MembershipList' },
);
