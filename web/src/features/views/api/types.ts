/** The saved-views API's shapes, taken from the server's TypeBox schemas (type-only imports). */

import type {
  DefaultView as ServerDefaultView,
  View as ServerView,
  ViewCreate,
  ViewPageSchema,
  ViewPatch,
} from '@server/modules/views/views.schemas.js';
import type { Static } from '@sinclair/typebox';

export type SavedView = ServerView;
export type SavedViewPage = Static<typeof ViewPageSchema>;
export type SavedViewInput = ViewCreate;
export type SavedViewChange = ViewPatch;
export type DefaultView = ServerDefaultView;
