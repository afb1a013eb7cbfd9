/** The groups API's shapes, taken from the server's TypeBox schemas (type-only imports). */
export type {
  Group,
  GroupInput,
  GroupPatch,
  Membership,
  MembershipInput,
} from '@server/modules/groups/groups.schemas.js';
export type { EffectiveRole, Role, RoleInput, RolePatch } from '@server/modules/groups/roles.schemas.js';
