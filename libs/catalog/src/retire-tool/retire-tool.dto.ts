import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Omittable } from '../../../common/src/http/validation';

/** The reason may come as a JSON body or as `?reason=` (DELETE bodies are often dropped). */
export class RetireToolDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 500, example: 'replaced by the GitLab tool' })
  @Omittable()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
