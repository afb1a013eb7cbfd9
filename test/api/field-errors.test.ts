import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * A form sent with several bad fields gets one 400 naming all of them, whether the schema or
 * the service (phone numbers, states of a country) finds them: not one field per round trip.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const send = (method: 'POST' | 'PATCH', url: string, payload: unknown) =>
  t.app.inject({ method, url: `/admin/v1${url}`, headers: t.tenant.auth, payload: payload as object });

/** The bad fields of a 400 problem, by path. */
function badFields(res: Awaited<ReturnType<typeof send>>) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const body = res.json();
  expect(body.code).toBe('request.invalid');
  return Object.fromEntries(
    (body.errors as { path: string; message: string }[]).map((e) => [e.path, e.message]),
  );
}

describe('every bad field in one answer', () => {
  it('names the email (schema) and the phone (service) of a new customer together', async () => {
    const errors = badFields(await send('POST', '/customers', { email: 'not-an-email', phone: 'abc' }));
    expect(errors).toEqual({
      '/email': 'must be a valid email',
      '/phone': 'is not a valid phone number',
    });
  });

  it("adds the service's findings in nested addresses to the schema's", async () => {
    const errors = badFields(
      await send('POST', '/customers', {
        lastName: 'Nested',
        originSiteId: 'not-a-site-id',
        phone: 'abc',
        addresses: [
          { line1: '1 Main St', city: 'Austin', countryCode: 'US', stateCode: 'FR-75', phone: 'nope' },
          { line1: '2 Main St', city: 'Austin', countryCode: 'usa', isDefaultBilling: 'maybe' },
        ],
      }),
    );
    expect(errors).toEqual({
      '/originSiteId': 'must be a valid uuid',
      '/phone': 'is not a valid phone number',
      '/addresses/0/stateCode': 'FR-75 is not a state of US',
      '/addresses/0/phone': 'is not a valid phone number',
      '/addresses/1/countryCode': 'must be a two-letter ISO 3166-1 country code, e.g. US',
      '/addresses/1/isDefaultBilling': 'must be a boolean',
    });
  });

  it('does the same for a change of a customer, against the stored customer', async () => {
    const { id } = await make.customer(t.tenant, {
      lastName: 'Fields',
      addresses: [{ line1: '1 Main St', city: 'Austin', countryCode: 'US', stateCode: 'US-TX' }],
    });
    const errors = badFields(await send('PATCH', `/customers/${id}`, { locale: 'NOT A TAG', phone: 'abc' }));
    expect(errors).toEqual({
      '/locale': 'must be a language tag such as en or en-US',
      '/phone': 'is not a valid phone number',
    });
  });

  it('does the same for adding and changing an address', async () => {
    const { id, addresses } = await make.customer(t.tenant, {
      lastName: 'Fields',
      addresses: [{ line1: '1 Main St', city: 'Austin', countryCode: 'US', stateCode: 'US-TX' }],
    });
    const added = badFields(
      await send('POST', `/customers/${id}/addresses`, {
        line1: '3 Main St',
        city: 'Austin',
        countryCode: 'US',
        stateCode: 'FR-75',
        phone: 'abc',
        isDefaultShipping: 'sometimes',
      }),
    );
    expect(added).toEqual({
      '/isDefaultShipping': 'must be a boolean',
      '/stateCode': 'FR-75 is not a state of US',
      '/phone': 'is not a valid phone number',
    });
    const changed = badFields(
      await send('PATCH', `/customers/${id}/addresses/${addresses[0]!.id}`, {
        stateCode: 'DE-BY',
        phone: 'abc',
        label: 'x'.repeat(61),
      }),
    );
    expect(changed).toEqual({
      '/label': 'must be at most 60 characters',
      '/stateCode': 'DE-BY is not a state of US',
      '/phone': 'is not a valid phone number',
    });
  });

  it("keeps one message per field, the schema's, when both find it bad", async () => {
    const errors = badFields(await send('POST', '/customers', { lastName: 'Long', phone: '1'.repeat(40) }));
    expect(errors).toEqual({ '/phone': 'must be at most 32 characters' });
  });

  it('answers the schema alone for a body that is not an object', async () => {
    const res = await send('POST', '/customers', [1, 2]);
    expect(badFields(res)).toEqual({ '/': 'must be an object' });
  });
});
