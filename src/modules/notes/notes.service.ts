import { hasRole, inTransaction, type RequestContext } from '../../lib/context.js';
import { violatedForeignKey } from '../../lib/db-errors.js';
import { FieldErrors } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/list/list-builder.js';
import { paginate } from '../../lib/list/paginate.js';
import { iso } from '../../lib/time.js';
import { actorKey, actorNames } from '../admins/admins.service.js';
import { requireCustomer } from '../customers/customer-records.service.js';
import { customerErrors } from '../customers/customers.errors.js';
import { recordEvent } from '../events/events.service.js';
import { noteErrors } from './notes.errors.js';
import { type NoteRecord, noteList, notesRepository } from './notes.repository.js';
import type { Note, NoteInput, NoteListQuery } from './notes.schemas.js';

// Staff notes are staff-only: the customer's timeline records that a note was added, edited or
// deleted and by whom, never its text (the timeline is part of what a shopper's data export
// shows, and it outlives a deleted note).

function toNote(row: NoteRecord, names: Map<string, string>): Note {
  return {
    id: row.id,
    body: row.body,
    authorType: row.authorType as Note['authorType'],
    authorId: row.authorId,
    authorName: names.get(actorKey({ type: row.authorType, id: row.authorId })) ?? null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    edited: row.updatedAt.getTime() > row.createdAt.getTime(),
  };
}

/** Notes with their authors' names, in one query for the whole page. */
async function withAuthors(ctx: RequestContext, rows: NoteRecord[]): Promise<Note[]> {
  const names = await actorNames(
    ctx,
    rows.map((row) => ({ type: row.authorType, id: row.authorId })),
  );
  return rows.map((row) => toNote(row, names));
}

/** The body as stored: trimmed; a blank one is a 400 naming /body. */
function cleanBody(input: NoteInput): string {
  const body = input.body.trim();
  const errors = new FieldErrors();
  if (!body) errors.add('/body', 'must not be blank');
  errors.throwIfAny();
  return body;
}

/** The author (the same admin user or API key) or an admin may change a note; anyone else gets 403. */
function requireMayChange(ctx: RequestContext, note: NoteRecord) {
  const isAuthor = ctx.actor.type === note.authorType && ctx.actor.id === note.authorId;
  if (!isAuthor && !hasRole(ctx.actor.role, 'admin')) throw noteErrors.notAuthor();
}

/** A customer's notes, newest first, one page at a time (opaque cursor). */
export async function listNotes(
  ctx: RequestContext,
  customerId: string,
  query: NoteListQuery,
): Promise<Page<Note>> {
  await requireCustomer(ctx, customerId);
  return paginate(
    noteList,
    query,
    (window) => notesRepository.list(ctx, customerId, window),
    (rows) => withAuthors(ctx, rows),
  );
}

/** Writes a note on a customer, by the request's actor, and says so on the customer's timeline. */
export async function addNote(ctx: RequestContext, customerId: string, input: NoteInput): Promise<Note> {
  const body = cleanBody(input);
  const row = await inTransaction(ctx, async (trx) => {
    await requireCustomer(trx, customerId);
    const inserted = await notesRepository
      .insert(trx, { id: newId(), customerId, authorType: ctx.actor.type, authorId: ctx.actor.id, body })
      .catch((error: unknown) => {
        // The customer was deleted between the check and the insert.
        if (violatedForeignKey(error) !== null) throw customerErrors.notFound();
        throw error;
      });
    await recordEvent(trx, customerId, 'note.added', { noteId: inserted.id });
    return inserted;
  });
  return (await withAuthors(ctx, [row]))[0]!;
}

/** Changes a note's text: its author or an admin only. */
export async function editNote(
  ctx: RequestContext,
  customerId: string,
  noteId: string,
  input: NoteInput,
): Promise<Note> {
  const body = cleanBody(input);
  const row = await inTransaction(ctx, async (trx) => {
    await requireCustomer(trx, customerId);
    const note = await notesRepository.findForUpdate(trx, customerId, noteId);
    if (!note) throw noteErrors.notFound();
    requireMayChange(ctx, note);
    const updated = await notesRepository.update(trx, customerId, noteId, body);
    await recordEvent(trx, customerId, 'note.edited', { noteId });
    return updated;
  });
  return (await withAuthors(ctx, [row]))[0]!;
}

/** Deletes a note: its author or an admin only. The timeline keeps that it existed. */
export async function deleteNote(ctx: RequestContext, customerId: string, noteId: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    await requireCustomer(trx, customerId);
    const note = await notesRepository.findForUpdate(trx, customerId, noteId);
    if (!note) throw noteErrors.notFound();
    requireMayChange(ctx, note);
    await notesRepository.delete(trx, customerId, noteId);
    await recordEvent(trx, customerId, 'note.deleted', { noteId });
  });
}

/** A merge (src/flows/merge-customers.ts): notes move with their authors and dates. */
export const moveNotesToCustomer = (ctx: RequestContext, fromId: string, toId: string) =>
  notesRepository.moveToCustomer(ctx, fromId, toId);
