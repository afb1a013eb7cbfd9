import { type Static, Type } from '@sinclair/typebox';
import { MultiLine, Nullable, SingleLine, StringEnum, Timestamp, Uuid } from '../../http/schemas.js';
import { ListQuery, PageOf, type SortSpec } from '../../lib/list/list-query.js';

/** Direct role assignments a customer may hold (a role per site counts once per site). */
export const MAX_DIRECT_ROLES = 500;
/** Roles one group may bundle. */
export const MAX_GROUP_ROLES = 100;

/** A group's or a role's code: what stores gate on and filters name. */
export const Code = (what: string) =>
  Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$',
    description: `The ${what}'s code, unique in the tenant whatever its case: letters, digits, \`_\`, \`.\` and \`-\`, e.g. \`wholesale\`.`,
  });
export const Name = SingleLine({ minLength: 1, maxLength: 200, description: 'Shown to admins.' });
export const Description = Nullable(MultiLine({ maxLength: 2000, description: 'What it is for.' }));

export const RoleParams = Type.Object(
  { id: Uuid({ description: 'Customer id.' }), roleId: Uuid({ description: 'Role id.' }) },
  { additionalProperties: false },
);

export const RoleInputSchema = Type.Object(
  { code: Code('role'), name: Name, description: Type.Optional(Description) },
  {
    additionalProperties: false,
    title: 'RoleInput',
    examples: [{ code: 'wholesale', name: 'Wholesale buyer', description: 'Sees trade prices.' }],
  },
);
export type RoleInput = Static<typeof RoleInputSchema>;

export const RolePatchSchema = Type.Partial(RoleInputSchema, {
  additionalProperties: false,
  minProperties: 1,
  title: 'RolePatch',
  examples: [{ name: 'Trade buyer' }],
});
export type RolePatch = Static<typeof RolePatchSchema>;

export const RoleSchema = Type.Object(
  {
    id: Uuid(),
    code: Type.String({ maxLength: 64 }),
    name: Type.String({ maxLength: 200 }),
    description: Nullable(Type.String({ maxLength: 2000 })),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { additionalProperties: false, title: 'Role' },
);
export type Role = Static<typeof RoleSchema>;

export const codeSort = {
  fields: ['code', 'name', 'createdAt'],
  default: 'code',
  defaultMeaning: 'by code, A to Z',
  examples: ['name', '-createdAt'],
} as const satisfies SortSpec;

export const RoleListQuerySchema = ListQuery({}, { sort: codeSort });
export type RoleListQuery = Static<typeof RoleListQuerySchema>;
export const RolePageSchema = PageOf(RoleSchema, { title: 'RolePage' });

export const RoleAssignmentInputSchema = Type.Object(
  {
    siteId: Type.Optional(
      Nullable(Uuid({ description: 'Only on this site; absent or null: on every site.' })),
    ),
  },
  {
    additionalProperties: false,
    title: 'RoleAssignmentInput',
    examples: [{}, { siteId: '01936b2e-8f4a-7c3e-9d1a-2b5c6d7e8f90' }],
  },
);
export type RoleAssignmentInput = Static<typeof RoleAssignmentInputSchema>;

export const RoleAssignmentQuerySchema = Type.Object(
  {
    siteId: Type.Optional(
      Uuid({
        description: "Remove only this site's assignment; absent: every direct assignment of the role.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const EffectiveRoleSchema = Type.Object(
  {
    roleId: Uuid(),
    code: Type.String({ maxLength: 64 }),
    name: Type.String({ maxLength: 200 }),
    siteId: Nullable(Uuid({ description: 'The one site a direct assignment holds on; null: every site.' })),
    source: StringEnum(['direct', 'group'] as const, {
      description: '`direct`: assigned to the customer; `group`: through an active group membership.',
    }),
    groupId: Type.Optional(Uuid({ description: 'The group that grants the role (source `group`).' })),
  },
  { additionalProperties: false, title: 'EffectiveRole' },
);
export type EffectiveRole = Static<typeof EffectiveRoleSchema>;

export const EffectiveRoleListSchema = Type.Object(
  {
    data: Type.Array(EffectiveRoleSchema, {
      maxItems: MAX_DIRECT_ROLES + 500 * MAX_GROUP_ROLES,
      description: 'Direct assignments first, then roles through groups; each by code.',
    }),
  },
  { additionalProperties: false, title: 'EffectiveRoleList' },
);
