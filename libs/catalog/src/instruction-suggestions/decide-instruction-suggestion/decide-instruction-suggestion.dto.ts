import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { LIMITS } from '../../tool.fields';
import { Omittable } from '../../../../common/src/http/validation';

export class AcceptInstructionSuggestionDto {
  @ApiPropertyOptional({
    maxLength: LIMITS.instructions,
    description: 'The whole new instructions text, as the admin edited it. Omitted: the lesson is appended.',
  })
  @Omittable()
  @IsString()
  @MaxLength(LIMITS.instructions)
  instructions?: string;
}

export class DismissInstructionSuggestionDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'Already covered by the pagination note' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
