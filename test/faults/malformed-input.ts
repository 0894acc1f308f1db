import fc from 'fast-check';
import { type Fixtures, type Operation, pathOf, type Schema, tokenFor } from './input-support';

/*
 * Generators of malformed requests for one operation of the OpenAPI document. Every request they
 * make is wrong in at least one way the document itself says is wrong, so the service must refuse
 * it (a 4xx problem) and change nothing; everything else about it is valid, with the fixtures' real
 * ids, so that the one fault reaches as deep as the service lets it.
 */

export interface MalformedRequest {
  fault: string;
  /** An unknown but well-formed id: a route that reads none (a body schema) may answer it. */
  mayPass?: boolean;
  method: string;
  path: string;
  token?: string;
  contentType?: string;
  body?: string;
}

const typesOf = (schema: Schema): string[] =>
  Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
const isNull = (schema: Schema) => typesOf(schema).length === 1 && typesOf(schema)[0] === 'null';
const nullable = (schema: Schema) =>
  typesOf(schema).includes('null') || schema.nullable === true || !!schema.anyOf?.some(isNull);
/** `anyOf: [X, {type: null}]` (a nullable reference) reads as X, nullable. */
const unwrap = (schema: Schema): Schema => {
  const choices = (schema.anyOf ?? []).filter((s: Schema) => !isNull(s));
  return choices.length === 1 ? { ...choices[0], nullable: nullable(schema) } : schema;
};

/** A value the schema accepts (the first of each choice): the valid part of a malformed body. */
export function validSample(given: Schema | undefined, f: Fixtures): unknown {
  if (!given) return {};
  const schema = unwrap(given);
  if (schema.oneOf) return validSample(schema.oneOf[0], f);
  if (schema.enum) return schema.enum[0];
  const type = typesOf(schema).find((t) => t !== 'null') ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'object':
      return Object.fromEntries(
        ((schema.required ?? []) as string[]).map((name) => [
          name,
          validSample(schema.properties?.[name], f),
        ]),
      );
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 0, 1) }, () => validSample(schema.items, f));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'uri') return 'https://example.com/fuzz';
      if (schema.format === 'date-time') return '2099-01-01T00:00:00Z';
      if (schema.format === 'uuid') return f.ids.agent;
      return 'fuzz-value-'.padEnd(Math.max(schema.minLength ?? 0, 10), 'x').slice(0, schema.maxLength ?? 64);
    default:
      return 'fuzz';
  }
}

/** Values the schema refuses; empty when nothing is certain to be refused. */
export function invalidValues(given: Schema | undefined): unknown[] {
  if (!given) return [];
  const schema = unwrap(given);
  if (schema.anyOf) return []; // a real choice between types: nothing is certain to be refused
  const out: unknown[] = [];
  if (!nullable(schema)) out.push(null);
  if (schema.oneOf) return [...out, 42.5, true, [[]]];
  const types = typesOf(schema);
  if (schema.enum) out.push('not-one-of-the-listed-values', 7, {});
  if (types.includes('string')) {
    out.push(42, true, {}, ['x']);
    if (schema.maxLength !== undefined && schema.maxLength < 100_000)
      out.push('x'.repeat(schema.maxLength + 1));
    if (schema.minLength) out.push('x'.repeat(schema.minLength - 1));
    if (schema.format === 'uuid') out.push('not-a-uuid');
    if (schema.format === 'date-time') out.push('next tuesday');
  }
  if (types.includes('integer') || types.includes('number')) {
    out.push('12', 1e308, -1e308, [1], {});
    if (schema.maximum !== undefined) out.push(schema.maximum + 1);
    if (schema.minimum !== undefined) out.push(schema.minimum - 1);
  }
  if (types.includes('boolean')) out.push('true', 1, []);
  if (types.includes('array')) {
    out.push('x', { 0: 'x' }, 3);
    if (schema.minItems) out.push([]);
    if (schema.maxItems !== undefined && schema.maxItems < 1000) {
      out.push(Array.from({ length: schema.maxItems + 1 }, () => 'x'));
    }
    out.push(
      ...invalidValues(schema.items)
        .filter((v) => v !== null)
        .map((v) => [v]),
    );
  }
  if (types.includes('object') && schema.properties) out.push('x', [], 3, { not_a_field: 1 });
  return out;
}

/** Strings that break the input rules wherever they appear. */
const unstorable = fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\udbff\u0000');
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const fieldName = fc.stringMatching(/^[a-z][a-z_]{2,12}$/);

function stringProperties(schema: Schema | undefined): string[] {
  return Object.entries((schema?.properties ?? {}) as Record<string, Schema>)
    .filter(([, s]) => typesOf(s).includes('string') && !s.enum)
    .map(([name]) => name);
}

/** Malformed path parameters (NUL, invalid UTF-8 escapes, over the router's limit), and unknown ids. */
const badPathValue = fc.oneof(
  fc
    .oneof(
      fc.constantFrom('%00', 'abc%00', '%FF%FE', '%C0%AF', '%ED%A0%80', '%E0%A4%A', '%', '%zz'),
      fc.integer({ min: 101, max: 400 }).map((n) => 'a'.repeat(n)),
    )
    .map((raw) => ({ raw, mayPass: false })),
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
    .map((s) => ({ raw: encodeURIComponent(`~${s}`), mayPass: true })),
);

function badQuery(op: Operation): fc.Arbitrary<{ fault: string; query: string }> {
  const unknown = fc
    .tuple(fieldName, fc.string({ maxLength: 20 }))
    .filter(([name]) => !op.query.some((q) => q.name === name))
    .map(([name, value]) => ({
      fault: 'unknown query parameter',
      query: `${name}=${encodeURIComponent(value)}`,
    }));
  if (op.query.length === 0) return unknown;
  const declared = fc.constantFrom(...op.query).chain(({ name, schema }) => {
    const values: string[] = ['%00', `a%00${'b'}`];
    const types = typesOf(schema);
    if (schema.enum) values.push('not-listed');
    if (types.includes('integer') || types.includes('number')) values.push('abc', '1e308', '-1', '1.5');
    if (schema.maximum !== undefined) values.push(String(schema.maximum + 1));
    if (schema.maxLength !== undefined) values.push('x'.repeat(schema.maxLength + 1));
    if (schema.format === 'uuid') values.push('nope');
    if (schema.format === 'date-time') values.push('yesterday');
    return fc.oneof(
      fc.constantFrom(...values).map((v) => ({ fault: `malformed ${name}`, query: `${name}=${v}` })),
      fc.constant({ fault: `repeated ${name}`, query: `${name}=x&${name}=y` }),
    );
  });
  return fc.oneof(unknown, declared);
}

function badBody(
  op: Operation,
  f: Fixtures,
): fc.Arbitrary<{ fault: string; contentType?: string; body: string }> {
  const json = (fault: string, value: unknown) => ({
    fault,
    contentType: 'application/json',
    body: JSON.stringify(value),
  });
  if (!op.body) {
    return fc
      .tuple(fieldName, fc.jsonValue({ maxDepth: 2 }))
      .map(([name, value]) => json('a body where none is taken', { [name]: value }));
  }
  const base = validSample(op.body, f) as Record<string, unknown>;
  const properties = Object.entries((op.body.properties ?? {}) as Record<string, Schema>)
    .map(([name, schema]) => ({ name, values: invalidValues(schema) }))
    .filter((p) => p.values.length > 0);
  const strings = stringProperties(op.body);
  const arbitraries: Array<fc.Arbitrary<{ fault: string; contentType?: string; body: string }>> = [
    fc
      .tuple(fieldName, fc.jsonValue({ maxDepth: 2 }))
      .filter(([name]) => !(name in (op.body!.properties ?? {})))
      .map(([name, value]) => json(`unknown field ${name}`, { ...base, [name]: value })),
    fc
      .tuple(fc.integer({ min: 33, max: 5000 }), fc.constantFrom(...(strings.length ? strings : ['deep'])))
      .map(([levels, name]) => ({
        fault: `${name} nested ${levels} levels`,
        contentType: 'application/json',
        body: JSON.stringify({ ...base, [name]: '@' }).replace('"@"', nested(levels)),
      })),
    fc
      .constantFrom('[]', '"text"', '42', 'null', 'true', '{"a":', '{', '[1,]', "{'a': 1}", '{"a":1}{')
      .map((body) => ({
        fault: 'not a JSON object',
        contentType: 'application/json',
        body,
      })),
    fc
      .constantFrom(
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'application/octet-stream',
      )
      .filter((type) => !op.bodyTypes.includes(type))
      .map((type) => ({
        fault: `a ${type} body`,
        contentType: type,
        body: type.includes('form')
          ? new URLSearchParams(
              Object.entries(base).map(([k, v]): [string, string] => [k, String(v)]),
            ).toString()
          : JSON.stringify(base),
      })),
    fc.constant({
      fault: 'a body over the size limit',
      contentType: 'application/json',
      body: JSON.stringify({ ...base, padding: 'x'.repeat(300 * 1024) }),
    }),
    fc
      .tuple(fc.constantFrom(...(strings.length ? strings : ['x'])), unstorable, fc.boolean())
      .map(([name, text, asKey]) =>
        asKey
          ? json('an unstorable key', { ...base, [`k${text}`]: 1 })
          : json(`an unstorable ${name}`, { ...base, [name]: `fuzz${text}value` }),
      ),
  ];
  if (properties.length > 0) {
    arbitraries.push(
      fc
        .constantFrom(...properties)
        .chain(({ name, values }) =>
          fc
            .constantFrom(...values)
            .map((value) =>
              json(`${name} = ${JSON.stringify(value)?.slice(0, 40)}`, { ...base, [name]: value }),
            ),
        ),
    );
  }
  return fc.oneof(...arbitraries);
}

/** One malformed request for `op`, authenticated as the operation says (agent key, owner token, none). */
export function malformedRequest(op: Operation, f: Fixtures): fc.Arbitrary<MalformedRequest> {
  return requests(op, f).map((request) =>
    Object.assign(request, { [fc.toStringMethod]: () => printRequest(request) }),
  );
}

function requests(op: Operation, f: Fixtures): fc.Arbitrary<MalformedRequest> {
  const token = tokenFor(op, f);
  const path = pathOf(op, f);
  const faults: Array<fc.Arbitrary<MalformedRequest>> = [
    badQuery(op).map(({ fault, query }) => ({ fault, method: op.method, path: `${path}?${query}`, token })),
  ];
  if (op.pathParams.length > 0) {
    faults.push(
      fc.tuple(fc.constantFrom(...op.pathParams), badPathValue).map(([param, { raw, mayPass }]) => ({
        fault: `path parameter ${param} = ${raw.slice(0, 30)}`,
        mayPass,
        method: op.method,
        path: pathOf(op, f, { param, raw }),
        token,
      })),
    );
  }
  if (op.method !== 'GET') {
    faults.push(badBody(op, f).map((b) => ({ ...b, method: op.method, path, token })));
  }
  return fc.oneof(...faults);
}

/** How a counterexample prints: the fault and the request, long bodies cut. */
export function printRequest(request: MalformedRequest): string {
  const body =
    request.body && request.body.length > 300
      ? `${request.body.slice(0, 300)}… (${request.body.length} chars)`
      : request.body;
  return `${request.fault}: ${request.method} ${request.path.slice(0, 300)}${request.contentType ? ` [${request.contentType}]` : ''}${body !== undefined ? ` ${body}` : ''}`;
}
