import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appUnderTest } from './support/app-under-test';

/** The checked-in copy of the running service's OpenAPI document (prettier-ignored). */
const CHECKED_IN = join(__dirname, '..', '..', 'docs', 'openapi.json');
/** `WRITE_OPENAPI=1` regenerates docs/openapi.json from the running app instead of comparing. */
const WRITE = process.env.WRITE_OPENAPI === '1';

/** The contract's HTTP table, as served by this module (quotes and decisions belong to the engine). */
const HTTP_API_ENDPOINTS: [string, string][] = [
  ['put', '/v1/merchants/{merchantId}'],
  ['put', '/v1/persons/{personId}'],
  ['post', '/v1/accounts/{personId}/credits'],
  ['get', '/v1/accounts/{personId}'],
  ['put', '/v1/accounts/{personId}/reserve'],
  ['put', '/v1/accounts/{personId}/relatives-limit'],
  ['post', '/v1/bindings'],
  ['patch', '/v1/bindings/{bindingId}'],
  ['delete', '/v1/bindings/{bindingId}'],
  ['put', '/v1/persons/{personId}/funding-order'],
  ['get', '/v1/persons/{personId}/bindings'],
  ['get', '/v1/settlements/{chargeId}'],
  ['get', '/v1/merchants/{merchantId}/reconciliation'],
  ['post', '/v1/quotes'],
  ['post', '/v1/authorizations/{authorizationId}/decision'],
  // contract 1.1 §2-3
  ['post', '/v1/charges'],
  ['post', '/v1/reversals'],
  ['post', '/v1/merchants/{merchantId}/reconciliations'],
  ['get', '/v1/merchants/{merchantId}/settlements'],
  ['get', '/v1/accounts/{personId}/statement'],
];

interface Operation {
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};

describe('OpenAPI at /docs', () => {
  const { api } = appUnderTest();
  let doc: Document;

  beforeAll(async () => {
    const res = await api().get('/docs/openapi.json', null);
    expect(res.status).toBe(200);
    doc = res.body;
    if (WRITE) writeFileSync(CHECKED_IN, `${JSON.stringify(doc, null, 2)}\n`);
  });

  const operation = (method: string, path: string): Operation => doc.paths[path]?.[method];
  const schemaOf = (ref: string | undefined) =>
    doc.components.schemas[(ref ?? '').replace('#/components/schemas/', '')];

  it.each(HTTP_API_ENDPOINTS)('describes %s %s with bearer auth and its error bodies', (method, path) => {
    const op = operation(method, path);
    expect(op).toBeDefined();
    expect(op.security).toEqual([{ bearer: [] }]);
    for (const status of ['400', '401', '403']) {
      const body = op.responses[status]?.content?.['application/json']?.schema;
      expect(schemaOf(body?.$ref)?.properties).toHaveProperty('code');
    }
    expect(schemaOf(op.responses['400'].content?.['application/json'].schema.$ref)?.properties).toHaveProperty(
      'fields',
    );
    const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
    expect(success.length).toBeGreaterThan(0);
    if (method !== 'get' && method !== 'delete') {
      expect(schemaOf(op.requestBody?.content['application/json'].schema.$ref)).toBeDefined();
    }
  });

  it('documents the refusal codes of bindings and the 404s of unknown ids', () => {
    const refusal = operation('post', '/v1/bindings').responses['422'].content?.['application/json'].schema.$ref;
    expect((schemaOf(refusal)?.properties?.code as { enum: string[] }).enum).toEqual([
      'SELF_BINDING',
      'ALREADY_BOUND',
      'HOLDER_NOT_EMPLOYEE',
      'HOLDER_NOT_INSURED',
      'BENEFICIARY_NOT_INSURED',
      'RELATIONSHIP_NOT_ALLOWED',
      'CROSS_PROVINCE_NOT_ALLOWED',
      'HOLDER_BALANCE_TOO_LOW',
      'HOLDER_FRAUD_RECORD',
      'LIMIT_OUT_OF_RANGE',
      'TOO_MANY_BENEFICIARIES',
    ]);
    for (const [method, path] of HTTP_API_ENDPOINTS.filter(([, p]) => p.includes('{'))) {
      if (method === 'put' && (path === '/v1/merchants/{merchantId}' || path === '/v1/persons/{personId}')) continue; // upserts
      expect(operation(method, path).responses).toHaveProperty('404');
    }
  });

  it('protects every /v1 operation, also those of other modules', () => {
    for (const [path, item] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/v1/'))) {
      for (const op of Object.values(item)) {
        expect(op.security).toEqual([{ bearer: [] }]);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
      }
      expect(path).toMatch(/^\/v1\//);
    }
  });

  (WRITE ? it.skip : it)('matches the checked-in docs/openapi.json (regenerate: WRITE_OPENAPI=1)', () => {
    const checkedIn = JSON.parse(readFileSync(CHECKED_IN, 'utf8'));
    expect(doc).toEqual(checkedIn);
  });
});
