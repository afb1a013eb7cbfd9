import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make, type TestAdmin } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
let alice: TestAdmin;
let bob: TestAdmin;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('notes-other');
  alice = await make.admin(t.tenant, { role: 'support', name: 'Alice Support' });
  bob = await make.admin(t.tenant, { role: 'support' });
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, headers: Record<string, string>, payload?: object) =>
  t.app.inject({ method, url: `/admin/v1${url}`, headers, ...(payload ? { payload } : {}) });
const notesOf = (customerId: string) => `/customers/${customerId}/notes`;
const timeline = async (id: string) =>
  (await call('GET', `/customers/${id}/timeline`, t.tenant.auth)).json().data as {
    action: string;
    actor: { type: string; id: string };
    data: Record<string, unknown>;
  }[];

describe('staff notes', () => {
  it('writes a note as the signed-in admin and lists it with the author’s name', async () => {
    const customer = await make.customer(t.tenant);
    const res = await call('POST', notesOf(customer.id), alice.auth, {
      body: '  Called about the parcel.\nOffered a voucher.  ',
    });
    expect(res.statusCode, res.body).toBe(201);
    const note = res.json();
    expect(note).toEqual({
      id: expect.any(String),
      body: 'Called about the parcel.\nOffered a voucher.',
      authorType: 'admin',
      authorId: alice.id,
      authorName: 'Alice Support',
      createdAt: expect.any(String),
      updatedAt: note.createdAt,
      edited: false,
    });
    expect(res.headers.location).toBe(`/admin/v1/customers/${customer.id}/notes/${note.id}`);

    const viewer = await t.tenant.as('viewer');
    const list = await call('GET', notesOf(customer.id), viewer);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ data: [note], nextCursor: null });

    // An admin without a name is shown by email; the timeline has the event, not the text.
    const byBob = (await call('POST', notesOf(customer.id), bob.auth, { body: 'Second' })).json();
    expect(byBob.authorName).toBe(bob.email);
    const events = await timeline(customer.id);
    expect(events.slice(0, 2)).toEqual([
      expect.objectContaining({
        action: 'note.added',
        actor: { type: 'admin', id: bob.id, name: bob.email },
        data: { noteId: byBob.id },
      }),
      expect.objectContaining({
        action: 'note.added',
        actor: { type: 'admin', id: alice.id, name: 'Alice Support' },
        data: { noteId: note.id },
      }),
    ]);
    expect(JSON.stringify(events)).not.toContain('parcel');
  });

  it('pages newest first with a cursor', async () => {
    const customer = await make.customer(t.tenant);
    const written = [];
    for (let i = 0; i < 7; i++)
      written.push(await make.note(t.tenant, customer.id, { body: `Note ${i}`, author: alice }));
    const newestFirst = written.map((n) => n.id).reverse();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
      const res = await call('GET', `${notesOf(customer.id)}${query}`, t.tenant.auth);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      seen.push(...page.data.map((n: { id: string }) => n.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(newestFirst);
    // Another customer's notes are not in this list.
    await make.note(t.tenant, (await make.customer(t.tenant)).id);
    expect((await call('GET', `${notesOf(customer.id)}?limit=200`, t.tenant.auth)).json().data).toHaveLength(
      7,
    );
    expect((await call('GET', `${notesOf(customer.id)}?limit=201`, t.tenant.auth)).statusCode).toBe(400);
  });

  it('lets the author edit and delete, marks the note edited, and records both', async () => {
    const customer = await make.customer(t.tenant);
    const note = await make.note(t.tenant, customer.id, { body: 'First draft', author: alice });
    // created_at comes from the transaction's clock: wait so the edit is visibly later.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const edited = await call('PATCH', `${notesOf(customer.id)}/${note.id}`, alice.auth, { body: 'Final' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      id: note.id,
      body: 'Final',
      edited: true,
      createdAt: note.createdAt,
    });
    expect(Date.parse(edited.json().updatedAt)).toBeGreaterThan(Date.parse(note.createdAt));
    expect((await call('GET', notesOf(customer.id), t.tenant.auth)).json().data[0]).toMatchObject({
      body: 'Final',
      edited: true,
    });

    expect((await call('DELETE', `${notesOf(customer.id)}/${note.id}`, alice.auth)).statusCode).toBe(204);
    expect((await call('GET', notesOf(customer.id), t.tenant.auth)).json().data).toEqual([]);
    const again = await call('DELETE', `${notesOf(customer.id)}/${note.id}`, alice.auth);
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('note.not_found');
    expect((await timeline(customer.id)).slice(0, 3).map((e) => [e.action, e.data])).toEqual([
      ['note.deleted', { noteId: note.id }],
      ['note.edited', { noteId: note.id }],
      ['note.added', { noteId: note.id }],
    ]);
  });

  it("refuses another support agent's edit and delete with 403 note.not_author; an admin may", async () => {
    const customer = await make.customer(t.tenant);
    const note = await make.note(t.tenant, customer.id, { body: 'Alice wrote this', author: alice });
    const url = `${notesOf(customer.id)}/${note.id}`;
    for (const res of [
      await call('PATCH', url, bob.auth, { body: 'Bob was here' }),
      await call('DELETE', url, bob.auth),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('note.not_author');
    }
    const viewer = await t.tenant.as('viewer');
    const byViewer = await call('POST', notesOf(customer.id), viewer, { body: 'x' });
    expect(byViewer.statusCode).toBe(403);
    expect(byViewer.json().code).toBe('auth.forbidden');
    expect((await call('GET', url.replace(`/${note.id}`, ''), t.tenant.auth)).json().data[0].body).toBe(
      'Alice wrote this',
    );

    const admin = await make.admin(t.tenant, { role: 'admin', name: 'Ada Admin' });
    const fixed = await call('PATCH', url, admin.auth, { body: 'Fixed by an admin' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    // The author stays the author.
    expect(fixed.json()).toMatchObject({
      body: 'Fixed by an admin',
      authorId: alice.id,
      authorName: 'Alice Support',
    });
    expect((await call('DELETE', url, t.tenant.auth)).statusCode).toBe(204);
  });

  it('names an API key as the author when a key writes the note', async () => {
    const customer = await make.customer(t.tenant);
    const created = await call('POST', '/api-keys', t.tenant.auth, {
      name: 'Helpdesk sync',
      role: 'support',
    });
    expect(created.statusCode, created.body).toBe(201);
    const key = { authorization: `Bearer ${created.json().key}` };
    const res = await call('POST', notesOf(customer.id), key, { body: 'Ticket #42 closed' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      authorType: 'apiKey',
      authorId: created.json().id,
      authorName: 'Helpdesk sync',
    });
    // The same key may change its own note; a person with the support role may not.
    const url = `${notesOf(customer.id)}/${res.json().id}`;
    expect((await call('PATCH', url, key, { body: 'Ticket #42 reopened' })).statusCode).toBe(200);
    expect((await call('PATCH', url, alice.auth, { body: 'no' })).statusCode).toBe(403);
    // Notes written from the CLI (the system actor) say so.
    expect((await make.note(t.tenant, customer.id)).authorName).toBe('System');
  });

  it('refuses a note over 10,000 characters, and a blank one, with a 400 naming /body', async () => {
    const customer = await make.customer(t.tenant);
    const long = await call('POST', notesOf(customer.id), alice.auth, { body: 'x'.repeat(10_001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body']);
    expect(
      (await call('POST', notesOf(customer.id), alice.auth, { body: 'x'.repeat(10_000) })).statusCode,
    ).toBe(201);
    const blank = await call('POST', notesOf(customer.id), alice.auth, { body: ' \n ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors).toEqual([expect.objectContaining({ path: '/body' })]);
    const note = await make.note(t.tenant, customer.id, { author: alice });
    const patch = await call('PATCH', `${notesOf(customer.id)}/${note.id}`, alice.auth, {
      body: 'y'.repeat(10_001),
    });
    expect(patch.statusCode).toBe(400);
  });

  it("answers 404 for another tenant's customer or note, and for a note of another customer", async () => {
    const theirs = await make.customer(other);
    const theirNote = await make.note(other, theirs.id, { body: 'Their secret' });
    const mine = await make.customer(t.tenant);
    const myNote = await make.note(t.tenant, mine.id, { author: alice });
    for (const [method, url] of [
      ['GET', notesOf(theirs.id)],
      ['POST', notesOf(theirs.id)],
      ['PATCH', `${notesOf(theirs.id)}/${theirNote.id}`],
      ['DELETE', `${notesOf(theirs.id)}/${theirNote.id}`],
      ['PATCH', `${notesOf(mine.id)}/${theirNote.id}`],
      ['DELETE', `${notesOf((await make.customer(t.tenant)).id)}/${myNote.id}`],
    ] as const) {
      const res = await call(
        method,
        url,
        t.tenant.auth,
        method === 'POST' || method === 'PATCH' ? { body: 'x' } : undefined,
      );
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const read = await call('GET', notesOf(theirs.id), other.auth);
    expect(read.json().data).toEqual([expect.objectContaining({ body: 'Their secret' })]);
  });

  it('goes with the customer when the customer is deleted', async () => {
    const customer = await make.customer(t.tenant);
    await make.note(t.tenant, customer.id, { author: alice });
    expect((await call('DELETE', `/customers/${customer.id}`, t.tenant.auth)).statusCode).toBe(204);
    expect((await call('GET', notesOf(customer.id), t.tenant.auth)).statusCode).toBe(404);
    const left = await t.handle.db
      .selectFrom('customerNotes')
      .select('id')
      .where('customerId', '=', customer.id)
      .execute();
    expect(left).toEqual([]);
  });
});
