import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ROLES, type Role } from '../identity.events';
import { DisplayNameField, ToolScopeField } from '../member.fields';
import { Omittable } from '../../../common/src/http/validation';

export class UpdateMemberDto {
  @ApiPropertyOptional({
    enum: ROLES,
    description: 'Admins cannot make anyone an owner; nobody can demote the last owner',
  })
  @Omittable()
  @IsIn(ROLES)
  role?: Role;

  @DisplayNameField() display_name?: string;

  @ToolScopeField() tool_scope?: string[] | null;
}
