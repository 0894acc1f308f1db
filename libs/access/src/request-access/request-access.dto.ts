import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_REQUEST_SECONDS } from '../access.policy';
import { Omittable } from '../../../common/src/http/validation';

export class RequestAccessDto {
  @ApiProperty({
    minLength: 5,
    maxLength: 500,
    example: 'Open issues for the bugs found in the nightly test run',
  })
  @IsString()
  @MinLength(5)
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_REQUEST_SECONDS,
    example: 86400,
    description: 'How long you need access',
  })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(MAX_REQUEST_SECONDS)
  duration_seconds?: number;
}

export class RequestAccessResponseDto {
  @ApiProperty() request_id!: string;
  @ApiProperty({ enum: ['pending', 'approved'] }) status!: 'pending' | 'approved';
  @ApiProperty({ example: 'Your request is waiting for a human to approve it.' }) message!: string;
}
