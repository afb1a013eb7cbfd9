/** The notes API's shapes, taken from the server's TypeBox schemas (type-only imports). */
import type { NotePageSchema, Note as ServerNote } from '@server/modules/notes/notes.schemas.js';
import type { Static } from '@sinclair/typebox';

export type Note = ServerNote;
export type NotePage = Static<typeof NotePageSchema>;
