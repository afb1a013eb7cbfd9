import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, NoContent, problemResponse } from '../../http/schemas.js';
import {
  MAX_NOTE_LENGTH,
  NoteInputSchema,
  NoteListQuerySchema,
  NotePageSchema,
  NoteParams,
  NoteSchema,
} from './notes.schemas.js';
import { addNote, deleteNote, editNote, listNotes } from './notes.service.js';

const tags = ['notes'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const noCustomer = problemResponse('No such customer in this tenant.');
const noNote = problemResponse('No such customer in this tenant, or the customer has no note with this id.');
const notAuthor = problemResponse(
  "`note.not_author`: only the note's author or an admin (admin or owner role) may change or delete it; `auth.forbidden`: the role is too low.",
);

/** Staff notes on a customer (mounted under /admin/v1): viewers read, support writes. */
export const notesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/customers/:id/notes',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listCustomerNotes',
        summary: "List a customer's notes",
        description:
          'Staff notes on the customer, newest first; follow `nextCursor` for older ones. Each names its author as they are called now and says whether it was `edited`. Notes are for staff only: the shopper never sees them.',
        params: IdParams,
        querystring: NoteListQuerySchema,
        response: { 200: NotePageSchema, 400: badRequest, 404: noCustomer },
      },
    },
    (request) => listNotes(request.ctx, request.params.id, request.query),
  );

  app.post(
    '/customers/:id/notes',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'addCustomerNote',
        summary: 'Add a note to a customer',
        description: `Writes a staff note (up to ${MAX_NOTE_LENGTH.toLocaleString('en')} characters) as the caller: an admin user, or the API key that sent it. The customer's timeline records \`note.added\` with the note's id, never its text.`,
        params: IdParams,
        body: NoteInputSchema,
        response: { 201: NoteSchema, 400: badRequest, 404: noCustomer },
      },
    },
    async (request, reply) => {
      const note = await addNote(request.ctx, request.params.id, request.body);
      return reply
        .status(201)
        .header('location', `/admin/v1/customers/${request.params.id}/notes/${note.id}`)
        .send(note);
    },
  );

  app.patch(
    '/customers/:id/notes/:noteId',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'updateCustomerNote',
        summary: 'Change a note',
        description:
          "Replaces the note's text. Only its author (the same admin user or API key) or an admin may; the note is then `edited`. The timeline records `note.edited`.",
        params: NoteParams,
        body: NoteInputSchema,
        response: { 200: NoteSchema, 400: badRequest, 403: notAuthor, 404: noNote },
      },
    },
    (request) => editNote(request.ctx, request.params.id, request.params.noteId, request.body),
  );

  app.delete(
    '/customers/:id/notes/:noteId',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'deleteCustomerNote',
        summary: 'Delete a note',
        description:
          'Deletes the note for good. Only its author or an admin may. The timeline records `note.deleted` (that a note was there, not what it said).',
        params: NoteParams,
        response: { 204: NoContent, 400: badRequest, 403: notAuthor, 404: noNote },
      },
    },
    async (request, reply) => {
      await deleteNote(request.ctx, request.params.id, request.params.noteId);
      return reply.status(204).send(null);
    },
  );
};
