import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CreateOrgDto {
  @ApiProperty({ example: 'Acme Security', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;
}

export class OrgDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'Acme Security' }) name!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class CreateOrgResponseDto {
  @ApiProperty({ type: OrgDto }) org!: OrgDto;
  @ApiProperty({
    description:
      'Your membership in the new org, as its owner. Sign in with `org` set to the org id to use it.',
  })
  member_id!: string;
}
