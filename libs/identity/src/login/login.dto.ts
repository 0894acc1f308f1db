import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Omittable } from '../../../common/src/http/validation';

export class LoginDto {
  @ApiProperty({ example: 'admin@localhost' })
  @IsString()
  @MaxLength(254)
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'email must be an email address' })
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple', format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;

  @ApiPropertyOptional({ description: 'The org to sign in to (id or name) when you belong to several' })
  @Omittable()
  @IsString()
  @MaxLength(200)
  org?: string;
}

export class OrgMembershipDto {
  @ApiProperty() org_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['owner', 'admin', 'approver', 'auditor', 'viewer'] }) role!: string;
}

export class LoginResponseDto {
  @ApiProperty() access_token!: string;
  @ApiProperty({ example: 'Bearer' }) token_type!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires', example: 900 }) expires_in!: number;
  @ApiProperty() org_id!: string;
  @ApiProperty({ enum: ['owner', 'admin', 'approver', 'auditor', 'viewer'] }) role!: string;
  @ApiProperty() member_id!: string;
  @ApiProperty({ type: [OrgMembershipDto], description: 'Every org this password signs in to' })
  orgs!: OrgMembershipDto[];
}
