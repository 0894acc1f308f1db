import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

export class RestoreInstructionsDto {
  @ApiProperty({ minimum: 1, example: 2, description: 'The version whose text becomes current again' })
  @IsInt()
  @Min(1)
  version!: number;
}
