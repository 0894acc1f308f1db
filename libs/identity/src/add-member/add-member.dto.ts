import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../identity.events';
import { DisplayNameField, ToolScopeField } from '../member.fields';
import { Omittable } from '../../../common/src/http/validation';

export class AddMemberDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'email must be an email address' })
  email!: string;

  @ApiProperty({ enum: ROLES, description: 'Admins may add any role but owner' })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({
    format: 'password',
    minLength: 12,
    maxLength: 1024,
    description:
      'Sets the password this membership signs in with (argon2id; never stored in the log). ' +
      'It opens this org only. Omit it for members who sign in through the OIDC issuer.',
  })
  @Omittable()
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  password?: string;

  @DisplayNameField() display_name?: string;

  @ToolScopeField() tool_scope?: string[] | null;
}
