import { type Static, Type } from '@sinclair/typebox';
import { MultiLine, Nullable, StringEnum, Timestamp, Uuid } from '../../http/schemas.js';
import { ListQuery, PageOf } from '../../lib/list/list-query.js';

/** The longest note, in characters. */
export const MAX_NOTE_LENGTH = 10_000;

/** Who can write a note: the actors of the admin API and the CLI. */
export const NOTE_AUTHOR_TYPES = ['admin', 'apiKey', 'system'] as const;

export const NoteInputSchema = Type.Object(
  {
    body: MultiLine({
      minLength: 1,
      maxLength: MAX_NOTE_LENGTH,
      description: `The note, up to ${MAX_NOTE_LENGTH.toLocaleString('en')} characters; line breaks are kept, surrounding blanks trimmed.`,
    }),
  },
  {
    additionalProperties: false,
    title: 'NoteInput',
    examples: [{ body: 'Called about the late parcel; offered a 10% voucher.' }],
  },
);
export type NoteInput = Static<typeof NoteInputSchema>;

export const NoteSchema = Type.Object(
  {
    id: Uuid(),
    body: Type.String({ maxLength: MAX_NOTE_LENGTH }),
    authorType: StringEnum(NOTE_AUTHOR_TYPES, {
      description: 'An admin user, an API key, or `system` (the CLI and background jobs).',
    }),
    authorId: Type.String({
      maxLength: 36,
      description: 'The admin user id or API key id that wrote the note; `system` for the CLI.',
    }),
    authorName: Nullable(
      Type.String({
        maxLength: 300,
        description:
          "The admin user's name (else email) or the API key's name, as it is now; `System` for the CLI; null when the user or key no longer exists.",
      }),
    ),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
    edited: Type.Boolean({ description: 'True once the note was changed after it was written.' }),
  },
  {
    additionalProperties: false,
    title: 'Note',
    examples: [
      {
        id: '01938c2e-7d1a-7b3e-9f00-2a1b3c4d5e6f',
        body: 'Called about the late parcel; offered a 10% voucher.',
        authorType: 'admin',
        authorId: '01938c2e-0000-7000-8000-000000000001',
        authorName: 'Ada Support',
        createdAt: '2026-12-05T09:30:00.000Z',
        updatedAt: '2026-12-05T09:30:00.000Z',
        edited: false,
      },
    ],
  },
);
export type Note = Static<typeof NoteSchema>;

export const NoteParams = Type.Object(
  { id: Uuid({ description: 'The customer id.' }), noteId: Uuid({ description: 'The note id.' }) },
  { additionalProperties: false },
);

export const NoteListQuerySchema = ListQuery({});
export type NoteListQuery = Static<typeof NoteListQuerySchema>;

export const NotePageSchema = PageOf(NoteSchema, { title: 'NotePage' });
