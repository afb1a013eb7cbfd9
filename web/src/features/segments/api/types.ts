/** The segments API's shapes, taken from the server's TypeBox schemas (type-only imports). */

import type {
  SegmentCreate,
  SegmentPageSchema,
  SegmentPatch,
  Segment as ServerSegment,
  SegmentPreview as ServerSegmentPreview,
} from '@server/modules/segments/segments.schemas.js';
import type { Static } from '@sinclair/typebox';

export type Segment = ServerSegment;
export type SegmentPage = Static<typeof SegmentPageSchema>;
export type SegmentPreview = ServerSegmentPreview;
export type SegmentInput = SegmentCreate;
export type SegmentChange = SegmentPatch;
