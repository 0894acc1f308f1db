import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'reason' })
  field!: string;

  @ApiProperty({ example: 'reason must be longer than or equal to 5 characters' })
  message!: string;
}

/** RFC 9457 problem details: the shape of every error response. */
export class ProblemDto {
  @ApiProperty({ example: 'https://keyledger.dev/problems/validation' })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'reason: reason must be longer than or equal to 5 characters' })
  detail!: string;

  @ApiPropertyOptional({ example: '/api/tools/4f1c/request' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}
