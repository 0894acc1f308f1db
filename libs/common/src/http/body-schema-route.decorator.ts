import { applyDecorators, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from './problem.dto';

/** What a GET on an agent POST route answers (ApiContract.bodySchema). */
export const BODY_SCHEMA_TYPE = 'application/schema+json';

/**
 * A GET on an agent's POST route answers the JSON Schema of that route's body, as AgentKey does
 * for agents that discover the API by themselves. The schema is the OpenAPI document's own, so it
 * cannot drift from the DTO; like the document, it needs no key.
 */
export function BodySchemaRoute(options: { operationId: string; of: string }): MethodDecorator {
  return applyDecorators(
    ApiTags('agent'),
    ApiOperation({
      operationId: options.operationId,
      summary: `The JSON Schema of the body of ${options.of} (the POST on this path)`,
      description:
        'A JSON Schema (2020-12) taken from this document, closed: fields it does not list are refused. ' +
        'Needs no key.',
      security: [],
    }),
    ApiOkResponse({
      description: 'The body schema',
      content: { [BODY_SCHEMA_TYPE]: { schema: { type: 'object', additionalProperties: true } } },
    }),
    ApiResponse({ status: 400, type: ProblemDto, description: 'A query parameter, or a malformed path' }),
    ApiResponse({ status: 429, type: ProblemDto, description: 'Rate limited (the preauth tier, per IP)' }),
    Header('content-type', BODY_SCHEMA_TYPE),
  );
}
