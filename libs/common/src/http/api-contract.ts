import { Injectable, UnsupportedMediaTypeException } from '@nestjs/common';
import type { OpenAPIObject, OperationObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BODY_SCHEMA_TYPE } from './body-schema-route.decorator';
import { ValidationProblem } from './validation';

interface OperationRules {
  operationId?: string;
  query: Set<string>;
  /** Media types of the request body; empty when the operation takes none. */
  bodyTypes: Set<string>;
  bodySchema?: SchemaObject | ReferenceObject;
  /** The JSON body is an object (every DTO): null, arrays and scalars are refused as such. */
  objectBody: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** `application/json; charset=utf-8` → `application/json` */
const essence = (contentType: string | undefined) => (contentType ?? '').split(';')[0].trim().toLowerCase();

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The OpenAPI document as the contract the service holds callers to (docs/adr/0018): what an
 * operation does not list is refused, as unknown body fields already are. A query parameter it
 * does not declare, a body on an operation that takes none, or a body in a media type it does
 * not consume answers a problem before validation or the handler runs. Routes outside the
 * document (health, metrics, MCP, the console) are not held to it.
 *
 * It also answers the JSON Schema of an operation's body, for agents that GET a POST route.
 */
@Injectable()
export class ApiContract {
  private readonly operations = new Map<string, OperationRules>();
  private readonly byId = new Map<string, OperationRules>();
  /** Routes whose GET answers the body schema of their POST. */
  private readonly described = new Set<string>();
  private schemas: Record<string, SchemaObject | ReferenceObject> = {};

  load(document: OpenAPIObject): this {
    this.operations.clear();
    this.byId.clear();
    this.described.clear();
    this.schemas = document.components?.schemas ?? {};
    const isObjectSchema = (schema: SchemaObject | ReferenceObject | undefined) => {
      const resolved = schema && '$ref' in schema ? this.schemas[schema.$ref.split('/').pop()!] : schema;
      return !!resolved && !('$ref' in resolved) && (resolved.type === 'object' || !!resolved.properties);
    };
    for (const [path, item] of Object.entries(document.paths)) {
      // OpenAPI's /api/admin/agents/{agentId} is Fastify's /api/admin/agents/:agentId.
      const route = path.replace(/\{([^}]+)\}/g, ':$1');
      for (const method of METHODS) {
        const op: OperationObject | undefined = item[method];
        if (!op) continue;
        const body = op.requestBody && !('$ref' in op.requestBody) ? op.requestBody.content : {};
        const rules: OperationRules = {
          operationId: op.operationId,
          query: new Set(
            (op.parameters ?? []).flatMap((p) => ('in' in p && p.in === 'query' ? [p.name] : [])),
          ),
          bodyTypes: new Set(Object.keys(body)),
          bodySchema: body['application/json']?.schema,
          objectBody: false,
        };
        rules.objectBody = isObjectSchema(rules.bodySchema);
        this.operations.set(`${method.toUpperCase()} ${route}`, rules);
        if (op.operationId) this.byId.set(op.operationId, rules);
        const ok = op.responses?.['200'];
        if (method === 'get' && ok && 'content' in ok && ok.content?.[BODY_SCHEMA_TYPE])
          this.described.add(route);
      }
    }
    return this;
  }

  /** Throws the problem for input the operation does not take; routes outside the document pass. */
  check(request: FastifyRequest): void {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const rules = this.operations.get(`${method} ${request.routeOptions.url}`);
    if (!rules) return;
    const unknown = Object.keys((request.query as Record<string, unknown> | undefined) ?? {}).filter(
      (name) => !rules.query.has(name),
    );
    if (unknown.length > 0) {
      throw new ValidationProblem(
        unknown.map((field) => ({ field, message: 'is not a known query parameter' })),
      );
    }
    if (request.body === undefined) return;
    if (rules.bodyTypes.size === 0) {
      if (isObject(request.body) && Object.keys(request.body).length === 0) return;
      throw new ValidationProblem([{ field: 'body', message: 'this operation takes no body' }]);
    }
    const type = essence(request.headers['content-type']);
    if (!rules.bodyTypes.has(type)) {
      throw new UnsupportedMediaTypeException(
        `this operation takes ${[...rules.bodyTypes].join(' or ')}, not ${type || 'an untyped body'}`,
      );
    }
    if (type === 'application/json' && rules.objectBody && !isObject(request.body)) {
      throw new ValidationProblem([{ field: 'body', message: 'must be a JSON object' }]);
    }
  }

  /** Whether a GET on this route (Fastify's form) answers its POST's body schema. */
  describesBody(route: string | undefined): boolean {
    return route !== undefined && this.described.has(route);
  }

  /**
   * The JSON Schema (2020-12) of an operation's JSON body, references resolved: the document's
   * own schema, closed (`additionalProperties: false`) since unknown fields are refused.
   */
  bodySchema(operationId: string): Record<string, unknown> {
    const schema = this.byId.get(operationId)?.bodySchema;
    if (!schema) throw new Error(`operation ${operationId} has no JSON body in the OpenAPI document`);
    const title = '$ref' in schema ? schema.$ref.split('/').pop() : undefined;
    return {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      ...(title ? { title } : {}),
      ...(this.resolve(schema, 0) as Record<string, unknown>),
    };
  }

  private resolve(schema: unknown, depth: number): unknown {
    if (depth > 16) throw new Error('the OpenAPI schema nests too deep to inline');
    if (Array.isArray(schema)) return schema.map((s) => this.resolve(s, depth + 1));
    if (typeof schema !== 'object' || schema === null) return schema;
    if ('$ref' in schema && typeof schema.$ref === 'string') {
      return this.resolve(this.schemas[schema.$ref.split('/').pop()!], depth + 1);
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(schema)) {
      // JSON Schema lists examples; property names are data, not schemas.
      if (key === 'example') {
        out.examples = [value];
        continue;
      }
      out[key] =
        key === 'properties'
          ? Object.fromEntries(
              Object.entries(value as Record<string, unknown>).map(([name, s]) => [
                name,
                this.resolve(s, depth + 1),
              ]),
            )
          : this.resolve(value, depth + 1);
    }
    if (out.type === 'object' && out.properties && out.additionalProperties === undefined) {
      out.additionalProperties = false;
    }
    return out;
  }
}
