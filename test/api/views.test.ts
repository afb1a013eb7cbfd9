import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('views-other');
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Auth = { authorization: string };
const call = (auth: Auth, method: Method, url: string, payload?: object) =>
  t.app.inject({ method, url: `/admin/v1${url}`, headers: auth, ...(payload ? { payload } : {}) });

const names = async (auth: Auth) => {
  const res = await call(auth, 'GET', '/views?limit=200');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.map((view: { name: string }) => view.name);
};

describe('saved views', () => {
  it('saves, reads, changes and deletes a private view with the grid state', async () => {
    const support = await t.tenant.as('support');
    const segment = await make.segment(t.tenant, { name: 'Views segment' });
    const created = await call(support, 'POST', '/views', {
      name: ' Big spenders ',
      q: 'smith',
      filter: 'ordersCount ge 3',
      sort: '-totalSpent,lastName',
      columns: [{ id: 'lastName', width: 180 }, { id: 'totalSpent' }],
      segmentId: segment.id,
    });
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json();
    expect(view).toMatchObject({
      name: 'Big spenders',
      shared: false,
      owner: { type: 'admin' },
      q: 'smith',
      filter: 'ordersCount ge 3',
      sort: '-totalSpent,lastName',
      columns: [{ id: 'lastName', width: 180 }, { id: 'totalSpent' }],
      segmentId: segment.id,
      isDefault: false,
    });
    expect(created.headers.location).toBe(`/admin/v1/views/${view.id}`);
    expect((await call(support, 'GET', `/views/${view.id}`)).json()).toEqual(view);

    const changed = await call(support, 'PATCH', `/views/${view.id}`, { q: '', sort: null, segmentId: null });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      q: null,
      sort: null,
      segmentId: null,
      filter: 'ordersCount ge 3',
    });

    expect((await call(support, 'DELETE', `/views/${view.id}`)).statusCode).toBe(204);
    expect((await call(support, 'GET', `/views/${view.id}`)).statusCode).toBe(404);
  });

  it('checks filter and sort as the customer list does, naming every bad field', async () => {
    const admin = await t.tenant.as('admin');
    const res = await call(admin, 'POST', '/views', { name: 'Broken', filter: 'lastName zz "x"' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: '/filter', in: 'body' })]);

    // A sort outside the grid's fields fails the schema's pattern; a custom attribute the tenant
    // does not have (or has not indexed) passes it and is refused by the list's own check.
    for (const sort of ['password', 'attributes.nope']) {
      const badSort = await call(admin, 'POST', '/views', { name: 'Broken', sort });
      expect(badSort.statusCode, badSort.body).toBe(400);
      expect(badSort.json().errors).toEqual([expect.objectContaining({ path: '/sort', in: 'body' })]);
    }

    const shape = await call(admin, 'POST', '/views', {
      name: '',
      columns: [{ id: 'x', width: 5 }],
      extra: 1,
    });
    expect(shape.statusCode).toBe(400);
    const paths = shape.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/name', '/columns/0/width']));

    const ghost = await call(admin, 'POST', '/views', {
      name: 'Ghost segment',
      segmentId: '01890000-0000-7000-8000-000000000000',
    });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json()).toMatchObject({ errors: [{ path: '/segmentId' }] });
  });

  it('keeps private views to their author and shared ones to the tenant', async () => {
    const tenant = await t.newTenant('views-visibility');
    const [ann, bob, admin, viewer] = await Promise.all([
      tenant.as('support'),
      tenant.as('support'),
      tenant.as('admin'),
      tenant.as('viewer'),
    ]);
    const mine = (await call(ann, 'POST', '/views', { name: 'Ann only' })).json();
    expect((await call(admin, 'POST', '/views', { name: 'Everyone', shared: true })).statusCode).toBe(201);

    expect(await names(ann)).toEqual(['Ann only', 'Everyone']);
    expect(await names(bob)).toEqual(['Everyone']);
    expect(await names(viewer)).toEqual(['Everyone']);
    // Another author's private view is not there at all, even for an admin.
    expect((await call(bob, 'GET', `/views/${mine.id}`)).statusCode).toBe(404);
    expect((await call(admin, 'PATCH', `/views/${mine.id}`, { name: 'Taken' })).statusCode).toBe(404);
    expect((await call(admin, 'DELETE', `/views/${mine.id}`)).statusCode).toBe(404);
    // Names are unique per place: Bob may have his own "Ann only", not a second shared "everyone".
    expect((await call(bob, 'POST', '/views', { name: 'ann ONLY' })).statusCode).toBe(201);
    const dup = await call(admin, 'POST', '/views', { name: 'EVERYONE', shared: true });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'view.name_taken', errors: [{ path: '/name' }] });
  });

  it('lets only admins save, change or delete shared views; viewers only read', async () => {
    const tenant = await t.newTenant('views-roles');
    const [support, admin, viewer] = await Promise.all([
      tenant.as('support'),
      tenant.as('admin'),
      tenant.as('viewer'),
    ]);
    const refused = await call(support, 'POST', '/views', { name: 'Team', shared: true });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('view.shared_needs_admin');
    expect((await call(viewer, 'POST', '/views', { name: 'Mine' })).statusCode).toBe(403);

    const shared = (await call(admin, 'POST', '/views', { name: 'Team', shared: true })).json();
    expect((await call(support, 'PATCH', `/views/${shared.id}`, { name: 'Renamed' })).statusCode).toBe(403);
    expect((await call(support, 'DELETE', `/views/${shared.id}`)).statusCode).toBe(403);
    const own = (await call(support, 'POST', '/views', { name: 'Own' })).json();
    expect((await call(support, 'PATCH', `/views/${own.id}`, { shared: true })).statusCode).toBe(403);

    expect((await call(admin, 'PATCH', `/views/${shared.id}`, { name: 'Renamed' })).json().name).toBe(
      'Renamed',
    );
    expect((await call(admin, 'DELETE', `/views/${shared.id}`)).statusCode).toBe(204);
    expect(await names(viewer)).toEqual([]);
  });

  it('keeps one default view per admin, among the views they can see', async () => {
    const tenant = await t.newTenant('views-default');
    const [admin, viewer] = await Promise.all([tenant.as('admin'), tenant.as('viewer')]);
    const first = (await call(admin, 'POST', '/views', { name: 'First', shared: true })).json();
    const second = (await call(admin, 'POST', '/views', { name: 'Second' })).json();

    expect((await call(viewer, 'PUT', '/views/default', { viewId: first.id })).json()).toEqual({
      viewId: first.id,
    });
    // The admin's private view is not the viewer's to choose.
    const hidden = await call(viewer, 'PUT', '/views/default', { viewId: second.id });
    expect(hidden.statusCode).toBe(400);
    expect(hidden.json().errors).toEqual([expect.objectContaining({ path: '/viewId' })]);

    await call(admin, 'PUT', '/views/default', { viewId: second.id });
    const defaults = async (auth: Auth) =>
      (await call(auth, 'GET', '/views'))
        .json()
        .data.filter((v: { isDefault: boolean }) => v.isDefault)
        .map((v: { name: string }) => v.name);
    expect(await defaults(admin)).toEqual(['Second']);
    expect(await defaults(viewer)).toEqual(['First']);

    // Un-sharing a view takes it away as others' default; deleting one takes it away as its author's.
    await call(admin, 'PATCH', `/views/${first.id}`, { shared: false });
    expect(await defaults(viewer)).toEqual([]);
    await call(admin, 'DELETE', `/views/${second.id}`);
    expect(await defaults(admin)).toEqual([]);
    expect((await call(admin, 'PUT', '/views/default', { viewId: null })).json()).toEqual({ viewId: null });
  });

  it("never shows or changes another tenant's views", async () => {
    const view = (await call(t.tenant.auth, 'POST', '/views', { name: 'Home', shared: true })).json();
    expect((await call(other.auth, 'GET', `/views/${view.id}`)).statusCode).toBe(404);
    expect((await call(other.auth, 'PATCH', `/views/${view.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await call(other.auth, 'DELETE', `/views/${view.id}`)).statusCode).toBe(404);
    expect((await call(other.auth, 'PUT', '/views/default', { viewId: view.id })).statusCode).toBe(400);
    expect(await names(other.auth)).not.toContain('Home');
    const segment = await make.segment(other, { name: 'Theirs' });
    expect(
      (await call(t.tenant.auth, 'POST', '/views', { name: 'x', segmentId: segment.id })).statusCode,
    ).toBe(400);
  });
});
