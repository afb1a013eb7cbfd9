import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminRole } from '../../src/db/types.js';
import { make, uniqueEmail } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * The OpenAPI document states each write route's least role (`x-required-role`) and the body
 * fields that need more (`x-field-roles`); these tests hold the server to what it states, for
 * every write route and every role, so a new route or field cannot open a side door unseen.
 */

let t: TestApp;
let operations: WriteOperation[];
let unstated: string[];
const auth = {} as Record<AdminRole, { authorization: string }>;
beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) auth[role] = await t.tenant.as(role);
  const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  operations = writeOperations(document);
  unstated = Object.entries(document.paths as Record<string, Record<string, object>>).flatMap(
    ([path, methods]) =>
      Object.entries(methods)
        .filter(([method, operation]) => WRITES.has(method) && !('x-required-role' in operation))
        .map(([method]) => `${method} ${path}`),
  );
});
afterAll(() => t.close());

const ROLES = ['viewer', 'support', 'admin', 'owner'] as const satisfies readonly AdminRole[];
const rank = (role: AdminRole) => ROLES.indexOf(role);
const WRITES = new Set(['post', 'put', 'patch', 'delete']);
/** Stands in for every path parameter: a well-formed id that names nothing. */
const NO_SUCH_ID = '01900000-0000-7000-8000-000000000000';

interface WriteOperation {
  method: string;
  path: string;
  role: AdminRole;
  fieldRoles: Record<string, AdminRole>;
  hasBody: boolean;
}

function writeOperations(document: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}): WriteOperation[] {
  const found: WriteOperation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!WRITES.has(method) || !operation['x-required-role']) continue;
      found.push({
        method,
        path,
        role: operation['x-required-role'] as AdminRole,
        fieldRoles: (operation['x-field-roles'] ?? {}) as Record<string, AdminRole>,
        hasBody: 'requestBody' in operation,
      });
    }
  }
  return found;
}

const call = (operation: WriteOperation, headers: { authorization: string }, payload?: object) =>
  t.app.inject({
    method: operation.method.toUpperCase() as 'POST',
    url: operation.path.replace(/\{\w+\}/g, NO_SUCH_ID),
    headers,
    ...(operation.hasBody ? { payload: payload ?? {} } : {}),
  });

/**
 * For each documented field rule: the resource it acts on and a value that changes the field.
 * A rule added to the document without an entry here fails the test, so it gets one.
 */
const fieldCases: Record<string, Record<string, () => Promise<{ url: string; value: unknown }>>> = {
  'patch /admin/v1/customers/{id}': {
    enabled: async () => ({
      url: `/admin/v1/customers/${(await make.registeredCustomer(t.tenant, { lastName: 'Roles' })).id}`,
      value: false,
    }),
    email: async () => ({
      url: `/admin/v1/customers/${(await make.registeredCustomer(t.tenant, { lastName: 'Roles' })).id}`,
      value: uniqueEmail('roles'),
    }),
  },
};

describe('roles: the OpenAPI document states the role each write enforces', () => {
  it('finds every write route of the admin API with a stated role', () => {
    expect(operations.length).toBeGreaterThan(20);
    for (const operation of operations) expect(ROLES).toContain(operation.role);
    // The only admin write without a role is signing in; the rest without one are storefront's.
    expect(unstated.filter((o) => o.includes('/admin/v1/'))).toEqual(['post /admin/v1/auth/login']);
    expect(operations.some((o) => o.path === '/admin/v1/customers/{id}/disable')).toBe(true);
  });

  it('answers 403 to every role below the stated one, and neither 401 nor 403 from it up', async () => {
    const mismatches: string[] = [];
    for (const operation of operations) {
      for (const role of ROLES) {
        // Signing out ends the session it is called with: give it one of its own.
        const headers = operation.path.endsWith('/logout') ? await t.tenant.as(role) : auth[role];
        const res = await call(operation, headers);
        const allowed = rank(role) >= rank(operation.role);
        const enforced = allowed
          ? res.statusCode !== 401 && res.statusCode !== 403 && res.statusCode < 500
          : res.statusCode === 403 && res.json().code === 'auth.forbidden';
        if (!enforced)
          mismatches.push(
            `${operation.method.toUpperCase()} ${operation.path} as ${role} (states ${operation.role}): ${res.statusCode}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('enforces every field rule of `x-field-roles` for every role, and has a case for each', async () => {
    const withFieldRoles = operations.filter((o) => Object.keys(o.fieldRoles).length > 0);
    expect(withFieldRoles.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['patch /admin/v1/customers/{id}']),
    );
    const mismatches: string[] = [];
    for (const operation of withFieldRoles) {
      const cases = fieldCases[`${operation.method} ${operation.path}`] ?? {};
      for (const [field, fieldRole] of Object.entries(operation.fieldRoles)) {
        expect(cases[field], `a test case for ${field} of ${operation.path}`).toBeDefined();
        expect(rank(fieldRole)).toBeGreaterThan(rank(operation.role));
        for (const role of ROLES.filter((r) => rank(r) >= rank(operation.role))) {
          const { url, value } = await cases[field]!();
          const res = await t.app.inject({
            method: operation.method.toUpperCase() as 'PATCH',
            url,
            headers: auth[role],
            payload: { [field]: value },
          });
          const allowed = rank(role) >= rank(fieldRole);
          const enforced = allowed ? res.statusCode < 300 : res.statusCode === 403;
          const after = (await t.app.inject({ method: 'GET', url, headers: auth.owner })).json();
          const changed = after[field] === value;
          if (!enforced || changed !== allowed)
            mismatches.push(
              `${field} of ${operation.path} as ${role}: ${res.statusCode}, changed: ${changed}`,
            );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('roles: no side doors', () => {
  it('disabling takes the admin role, by PATCH as by POST …/disable', async () => {
    const customer = await make.registeredCustomer(t.tenant, { lastName: 'Roles' });
    const url = `/admin/v1/customers/${customer.id}`;
    for (const role of ['viewer', 'support'] as const) {
      const viaAction = await t.app.inject({
        method: 'POST',
        url: `${url}/disable`,
        headers: auth[role],
        payload: { reason: 'test' },
      });
      expect(viaAction.statusCode).toBe(403);
      const viaPatch = await t.app.inject({
        method: 'PATCH',
        url,
        headers: auth[role],
        payload: { enabled: false },
      });
      expect(viaPatch.statusCode, viaPatch.body).toBe(403);
      expect(viaPatch.json()).toMatchObject({ code: 'auth.forbidden' });
      // Support may PATCH the customer, but not this field: the answer names it.
      if (role === 'support')
        expect(viaPatch.json().errors).toEqual([
          { path: '/enabled', message: 'needs the admin role or higher', in: 'body' },
        ]);
    }
    expect((await t.app.inject({ method: 'GET', url, headers: auth.viewer })).json().enabled).toBe(true);
    const byAdmin = await t.app.inject({
      method: 'PATCH',
      url,
      headers: auth.admin,
      payload: { enabled: false },
    });
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json().enabled).toBe(false);
    const enabled = await t.app.inject({
      method: 'PATCH',
      url,
      headers: auth.admin,
      payload: { enabled: true },
    });
    expect(enabled.statusCode).toBe(200);
    // The same change by either route leaves the same record on the timeline.
    const timeline = await t.app.inject({ method: 'GET', url: `${url}/timeline`, headers: auth.viewer });
    const actions = timeline.json().data.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 2)).toEqual(['account.enabled', 'account.disabled']);
  });

  it('support may send the same value back, and change other fields of a registered customer', async () => {
    const customer = await make.registeredCustomer(t.tenant, { lastName: 'Roles' });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/admin/v1/customers/${customer.id}`,
      headers: auth.support,
      payload: { enabled: true, email: customer.email.toUpperCase(), firstName: 'Kept' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ enabled: true, firstName: 'Kept' });
  });

  it("states the field rules in the operation's description", async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const patch = document.paths['/admin/v1/customers/{id}'].patch;
    expect(patch['x-field-roles']).toEqual({ enabled: 'admin', email: 'admin' });
    expect(patch.description).toContain('Changing `email` requires the **admin** role or higher');
  });
});
