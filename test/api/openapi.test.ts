import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Document, Spectral } from '@stoplight/spectral-core';
import owasp from '@stoplight/spectral-owasp-ruleset';
import * as Parsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked as plain JSON.
type Json = any;
let document: Json;
beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  document = res.json();
});
afterAll(() => t.close());

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with every admin operation, its role and its error answers', () => {
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(
      ([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );
    const admin = operations.filter(
      // Signing in and asking whether one is signed in are the two admin routes open to all.
      (o) =>
        o.path.startsWith('/admin/v1/') &&
        !['/admin/v1/auth/login', '/admin/v1/auth/session'].includes(o.path),
    );
    expect(admin.length).toBeGreaterThanOrEqual(15);
    for (const { path, method, op } of admin) {
      const where = `${method} ${path}`;
      expect(op['x-required-role'], where).toMatch(/^(viewer|support|admin|owner)$/);
      expect(op.operationId, where).toBeTruthy();
      expect(op.responses['401']?.content?.['application/problem+json'], where).toBeTruthy();
      expect(op.responses['403']?.content?.['application/problem+json'], where).toBeTruthy();
    }
    const create = document.paths['/admin/v1/customers'].post;
    expect(create.responses['409'].content['application/problem+json']).toBeTruthy();
    expect(create.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CustomerCreate',
    });
    // Titled shapes are named components, so generated clients get named types.
    const schemas = document.components.schemas;
    expect(schemas.CustomerCreate.additionalProperties).toBe(false);
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['Customer', 'CustomerDetail', 'Site', 'Problem']),
    );
  });

  it('passes Redocly lint with the recommended rules, without errors', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: 'openapi.json',
      config,
    });
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });

  it("passes Spectral's OpenAPI and OWASP rulesets without errors", async () => {
    const spectral = new Spectral();
    spectral.setRuleset({
      extends: [
        [oas as never, 'recommended'],
        [owasp as never, 'recommended'],
      ],
    } as never);
    const results = await spectral.run(new Document(JSON.stringify(document), Parsers.Json));
    // Signing in is the one write that cannot require a credential.
    const allowed = (r: (typeof results)[number]) =>
      r.code === 'owasp:api2:2023-write-restricted' &&
      r.path.join('.') === 'paths./admin/v1/auth/login.post.security';
    const errors = results
      .filter((r) => r.severity === 0 && !allowed(r))
      .map((r) => `${r.code}: ${r.message} @ ${r.path.join('.')}`);
    expect(errors).toEqual([]);
  });

  it('serves a readable API reference at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
