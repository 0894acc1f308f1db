import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

/** tool_instructions.version is a PostgreSQL integer: a larger number is no version, refused here. */
const MAX_VERSION = 2_147_483_647;

export class RestoreInstructionsDto {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: MAX_VERSION,
    example: 2,
    description: 'The version whose text becomes current again',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version!: number;
}
