/** The custom attributes API's shapes, taken from the server's TypeBox schemas (type-only imports). */
export type {
  Attribute,
  AttributeCreate,
  AttributePatch,
  CustomerAttributes,
} from '@server/modules/attributes/attributes.schemas.js';
