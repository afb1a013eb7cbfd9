import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Document, Spectral } from '@stoplight/spectral-core';
import owasp from '@stoplight/spectral-owasp-ruleset';
import * as Parsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionSortFields } from '../../src/modules/attributes/attributes.repository.js';
import { abandonedSortFields } from '../../src/modules/carts/carts.repository.js';
import { customerSortFields } from '../../src/modules/customers/customers.repository.js';
import { groupList } from '../../src/modules/groups/groups.repository.js';
import { roleList } from '../../src/modules/groups/roles.repository.js';
import { orderSortFields } from '../../src/modules/orders/orders.repository.js';
import { segmentList } from '../../src/modules/segments/segments.repository.js';
import { viewList } from '../../src/modules/views/views.repository.js';
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
    // Signing in and RFC 8058's one-click unsubscribe (a mail provider posts it) are the writes
    // that cannot require a credential.
    const allowed = (r: (typeof results)[number]) =>
      r.code === 'owasp:api2:2023-write-restricted' &&
      ['paths./admin/v1/auth/login.post.security', 'paths./unsubscribe/{link}.post.security'].includes(
        r.path.join('.'),
      );
    const errors = results
      .filter((r) => r.severity === 0 && !allowed(r))
      .map((r) => `${r.code}: ${r.message} @ ${r.path.join('.')}`);
    expect(errors).toEqual([]);
  });

  it("tells a generated client every list's parameters: sort pattern, default and examples, limit, filter", async () => {
    const lists = Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(
      ([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => (op.parameters ?? []).some((p: Json) => p.in === 'query' && p.name === 'limit'))
          .map(([method, op]) => ({ where: `${method} ${path}`, path, op })),
    );
    expect(lists.length).toBeGreaterThanOrEqual(8);
    // What each list really sorts by: the keys of its repository's sort fields.
    const sortable: Record<string, string[]> = {
      '/admin/v1/customers': Object.keys(customerSortFields),
      '/admin/v1/orders': Object.keys(orderSortFields),
      '/admin/v1/customers/{id}/orders': Object.keys(orderSortFields),
      '/admin/v1/carts/abandoned': Object.keys(abandonedSortFields),
      '/admin/v1/groups': Object.keys(groupList.sortFields),
      '/admin/v1/roles': Object.keys(roleList.sortFields),
      '/admin/v1/segments': Object.keys(segmentList.sortFields),
      '/admin/v1/segments/{id}/customers': Object.keys(customerSortFields),
      '/admin/v1/attributes': Object.keys(definitionSortFields),
      '/admin/v1/views': Object.keys(viewList.sortFields),
    };
    const sorted: string[] = [];
    for (const { where, path, op } of lists) {
      const parameter = (name: string) =>
        (op.parameters as Json[]).find((p) => p.in === 'query' && p.name === name) as Json;
      // The generator moves a schema's `examples` onto the parameter, as OpenAPI has it.
      const examplesOf = (name: string) =>
        Object.values((parameter(name)?.examples ?? {}) as Record<string, { value: unknown }>).map(
          (e) => e.value,
        );
      if (parameter('cursor')) {
        expect(parameter('limit').schema, where).toMatchObject({
          type: 'integer',
          minimum: 1,
          maximum: 200,
          default: 50,
        });
        expect(examplesOf('limit'), where).toContain(50);
      } else {
        // A list without pages (tag completion) answers its top few: a smaller limit of its own.
        expect(parameter('limit').schema, where).toMatchObject({ type: 'integer', minimum: 1 });
        expect(parameter('limit').schema.maximum, where).toBeLessThanOrEqual(200);
        expect(examplesOf('limit').length, where).toBeGreaterThan(0);
      }
      if (parameter('filter')) expect(examplesOf('filter').length, `${where} filter`).toBeGreaterThan(0);
      const sort = parameter('sort')?.schema;
      if (!sort) continue;
      sorted.push(path);
      expect(sort.pattern, `${where} sort`).toBeTruthy();
      const pattern = new RegExp(sort.pattern);
      expect(sort.default, where).toMatch(pattern);
      expect(examplesOf('sort').length, where).toBeGreaterThan(1);
      for (const example of examplesOf('sort')) expect(example, where).toMatch(pattern);
      const fields = sortable[path];
      expect(fields, `${where}: which fields does it sort by?`).toBeTruthy();
      for (const field of fields!) {
        expect(field, where).toMatch(pattern);
        expect(`-${field}`, where).toMatch(pattern);
      }
      // What a client guessed before (issue #10): refused by the pattern, so by the document
      // (segments do have a name to sort by).
      if (!fields!.includes('name')) expect('name', where).not.toMatch(pattern);
      expect(`${fields![0]};drop`, where).not.toMatch(pattern);
    }
    expect(sorted.sort()).toEqual(Object.keys(sortable).sort());
    expect(
      document.paths['/admin/v1/customers'].get.parameters.find((p: Json) => p.name === 'sort').schema,
    ).toMatchObject({
      default: 'lastName',
    });
    // A tenant's indexed custom attributes sort too: their names are open, their shape is not.
    const customerSortPattern = new RegExp(
      document.paths['/admin/v1/customers'].get.parameters.find((p: Json) => p.name === 'sort').schema
        .pattern,
    );
    expect('-attributes.loyaltyTier,lastName').toMatch(customerSortPattern);
    expect('attributes.bad_code').not.toMatch(customerSortPattern);
    expect('lastName,-createdAt').toMatch(
      new RegExp(
        document.paths['/admin/v1/customers'].get.parameters.find((p: Json) => p.name === 'sort').schema
          .pattern,
      ),
    );
    // The create rule JSON Schema cannot say the way the service checks it, said in words.
    expect(document.components.schemas.CustomerCreate.description).toMatch(
      /at least one of `firstName`, `lastName`, `email` or `companyName`/,
    );
  });

  it('serves a readable API reference at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
