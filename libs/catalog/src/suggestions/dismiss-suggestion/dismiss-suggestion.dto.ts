import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class DismissSuggestionDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'We use Jira; ask for that instead' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
