/** The tag routes' shapes, taken from the server's TypeBox schemas (type-only imports). */
import type {
  CustomerTags as ServerCustomerTags,
  TagList as ServerTagList,
} from '@server/modules/customers/customer-tags.schemas.js';

export type CustomerTags = ServerCustomerTags;
export type TagList = ServerTagList;
