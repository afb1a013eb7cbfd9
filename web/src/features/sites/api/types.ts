/** The sites API's shapes, taken from the server's TypeBox schemas (type-only imports). */
export type {
  CustomerSet,
  CustomerSetCreate,
  CustomerSetPatch,
  Site,
  SiteCreate,
  SitePatch,
  SiteSettings,
} from '@server/modules/tenants/tenants.schemas.js';
