import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class SuggestInstructionsDto {
  @ApiProperty({
    minLength: 5,
    maxLength: 4000,
    example: 'Search issues with GET /search/issues; /issues lists only your own.',
    description: 'What you learned, written as it should appear in the instructions',
  })
  @IsString()
  @Length(5, 4000)
  learned!: string;

  @ApiProperty({
    minLength: 5,
    maxLength: 1000,
    example: 'The instructions sent me to /issues, which missed most results',
  })
  @IsString()
  @Length(5, 1000)
  why!: string;
}

export class SuggestInstructionsResponseDto {
  @ApiProperty() suggestion_id!: string;
  @ApiProperty({ enum: ['open'] }) status!: 'open';
  @ApiProperty({ description: 'true when the same lesson was already suggested; yours backs it' })
  existing!: boolean;
}
