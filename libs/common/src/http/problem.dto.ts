import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'reason' })
  field!: string;

  @ApiProperty({ example: 'reason must be longer than or equal to 5 characters' })
  message!: string;
}

/**
 * RFC 9457 problem details: the shape of every error response. A problem type may add members
 * of its own; the common ones are listed.
 */
export class ProblemDto {
  @ApiProperty({ example: 'https://keyledger.dev/problems/validation' })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'reason: reason must be longer than or equal to 5 characters' })
  detail!: string;

  @ApiProperty({
    description: "AgentKey's `error`: a short message, for agents written for AgentKey",
    example: 'Invalid input',
  })
  error!: string;

  @ApiProperty({
    description: "AgentKey's `hint`: the next step to take",
    example: 'Correct the fields listed in `errors` and send the request again.',
  })
  hint!: string;

  @ApiPropertyOptional({ example: '/api/tools/4f1c/request' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({
    description: 'rate-limited: seconds until the tier allows a request again',
    example: 42,
  })
  retry_after?: number;

  @ApiPropertyOptional({
    description: 'rate-limited: the rate tier that refused the request',
    example: 'credential',
  })
  tier?: string;

  @ApiPropertyOptional({
    description:
      'no-access and no-credential: why (no_grant, pending, denied, revoked, expired, suspended, tool_retired, no_secret)',
  })
  reason?: string;

  @ApiPropertyOptional({ description: 'The tool the problem is about, where there is one' })
  tool_id?: string;

  @ApiPropertyOptional({ description: 'The agent the problem is about, where there is one' })
  agent_id?: string;
}
