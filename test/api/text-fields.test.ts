import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const RLO = '\u202e'; // RIGHT-TO-LEFT OVERRIDE: 'invoice‮fdp.exe' displays as 'invoiceexe.pdf'
const ISOLATE = '\u2067'; // RIGHT-TO-LEFT ISOLATE
const SINGLE_LINE = 'must be one line, without control characters or bidirectional overrides';
const MULTI_LINE =
  'must not contain control characters (other than line breaks and tabs) or bidirectional overrides';

const admin = (method: 'POST' | 'PATCH', url: string, payload: object, headers: object = {}) =>
  t.app.inject({ method, url: `/admin/v1${url}`, headers: { ...t.tenant.auth, ...headers }, payload });

/** The 400's field errors as { path: message }. */
function fieldErrors(res: { statusCode: number; json(): { errors?: { path: string; message: string }[] } }) {
  expect(res.statusCode).toBe(400);
  return Object.fromEntries((res.json().errors ?? []).map((e) => [e.path, e.message]));
}

describe('text fields', () => {
  it('refuse control characters and bidi overrides in single-line customer fields, naming each field', async () => {
    const res = await admin('POST', '/customers', {
      isRegistered: false,
      firstName: `Ann${RLO}gpj.exe`,
      lastName: 'Two\nLines',
      companyName: 'Bell\u0007 Ltd',
      tags: ['vip', `b${ISOLATE}ad`],
      externalId: 'erp\u009b1',
    });
    expect(fieldErrors(res)).toEqual({
      '/firstName': SINGLE_LINE,
      '/lastName': SINGLE_LINE,
      '/companyName': SINGLE_LINE,
      '/tags/1': SINGLE_LINE,
      '/externalId': SINGLE_LINE,
    });
  });

  it('keep line breaks and tabs in a note, refuse other controls and overrides there, and store what was typed', async () => {
    const bad = await admin('POST', '/customers', {
      isRegistered: false,
      lastName: 'Note',
      note: `paid${RLO}`,
    });
    expect(fieldErrors(bad)).toEqual({ '/note': MULTI_LINE });
    const bell = await admin('POST', '/customers', {
      isRegistered: false,
      lastName: 'Note',
      note: 'ding\u0007',
    });
    expect(fieldErrors(bell)).toEqual({ '/note': MULTI_LINE });

    const note = 'Prefers email.\r\nCall only\tafter 5pm.';
    const ok = await admin('POST', '/customers', {
      isRegistered: false,
      firstName: 'Zoë',
      lastName: 'שלום',
      note,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ firstName: 'Zoë', lastName: 'שלום', note });
  });

  it('refuse them in address lines and cities', async () => {
    const customer = await make.customer(t.tenant, { lastName: 'Addr', email: null });
    const res = await admin('POST', `/customers/${customer.id}/addresses`, {
      line1: `1 Main St${RLO}`,
      line2: 'Flat 2\n3',
      city: `Spring${ISOLATE}field`,
      countryCode: 'US',
    });
    expect(fieldErrors(res)).toMatchObject({
      '/line1': SINGLE_LINE,
      '/line2': SINGLE_LINE,
      '/city': SINGLE_LINE,
    });
  });

  it('refuse them in admin-user, API-key, site and customer-set names', async () => {
    const user = await admin('POST', '/admin-users', {
      email: 'eve@example.com',
      name: `Eve${RLO}`,
      role: 'viewer',
      password: 'correct horse battery',
    });
    expect(fieldErrors(user)).toEqual({ '/name': SINGLE_LINE });
    const key = await admin('POST', '/api-keys', { name: 'ERP\u001b[31m', role: 'viewer' });
    expect(fieldErrors(key)).toEqual({ '/name': SINGLE_LINE });
    const site = await admin('POST', '/sites', {
      code: 'shop-x',
      name: `Shop${RLO}`,
      defaultCurrency: 'USD',
    });
    expect(fieldErrors(site)).toMatchObject({ '/name': SINGLE_LINE });
    const set = await admin('POST', '/customer-sets', { code: 'set-x', name: 'Set\r' });
    expect(fieldErrors(set)).toMatchObject({ '/name': SINGLE_LINE });
  });

  it('refuse them in order numbers, line names and store-credit reasons', async () => {
    const order = await admin(
      'POST',
      '/orders',
      {
        siteId: t.tenant.siteId,
        number: `N-1${RLO}`,
        currency: 'USD',
        customer: { email: 'o@example.com', lastName: 'Order' },
        lines: [{ sku: 'A', name: 'Apple\npie', quantity: 1, unitPrice: 100 }],
        total: 100,
        placedAt: '2026-01-10T10:00:00.000Z',
      },
      { 'idempotency-key': 'text-1' },
    );
    expect(fieldErrors(order)).toMatchObject({ '/number': SINGLE_LINE, '/lines/0/name': SINGLE_LINE });
    const customer = await make.customer(t.tenant, { lastName: 'Credit', email: null });
    const credit = await admin(
      'POST',
      `/customers/${customer.id}/credit`,
      { amount: 500, currency: 'USD', reason: `Goodwill${ISOLATE}` },
      { 'idempotency-key': 'text-2' },
    );
    expect(fieldErrors(credit)).toMatchObject({ '/reason': SINGLE_LINE });
  });
});
