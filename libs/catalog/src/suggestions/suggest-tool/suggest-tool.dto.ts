import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { Omittable } from '../../../../common/src/http/validation';

export class SuggestToolDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Linear' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({
    maxLength: 2048,
    example: 'https://linear.app',
    description: 'The tool’s site or API; a bare domain is fine',
  })
  @Omittable()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiProperty({ minLength: 5, maxLength: 500, example: 'File the bugs found in nightly runs as issues' })
  @IsString()
  @Length(5, 500)
  reason!: string;
}

export class SuggestToolResponseDto {
  @ApiProperty() suggestion_id!: string;
  @ApiProperty({ enum: ['open'] }) status!: 'open';
  @ApiProperty({ description: 'true when this backed a suggestion that was already open' })
  existing!: boolean;
}
