import { applyDecorators, Header } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';

/** What a GET on an agent POST route answers (ApiContract.bodySchema). */
export const BODY_SCHEMA_TYPE = 'application/schema+json';

/**
 * The answer of a GET on an agent's POST route: the JSON Schema of that route's body, as AgentKey
 * answers agents that discover the API by themselves. The schema is the OpenAPI document's own,
 * so it cannot drift from the DTO.
 */
export function BodySchemaResponse(): MethodDecorator {
  return applyDecorators(
    ApiOkResponse({
      description:
        'A JSON Schema (2020-12) of the body of the POST on this path, taken from this document and ' +
        'closed: fields it does not list are refused',
      content: { [BODY_SCHEMA_TYPE]: { schema: { type: 'object', additionalProperties: true } } },
    }),
    Header('content-type', BODY_SCHEMA_TYPE),
  );
}
