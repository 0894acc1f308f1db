import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from './identity.events';

export class MemberDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'ada@example.com' }) email!: string;
  @ApiProperty({ example: 'Ada Lovelace' }) display_name!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'Approvers may approve, deny and revoke only for these tools; null means every tool',
  })
  tool_scope!: string[] | null;
  @ApiProperty({ enum: ['active', 'removed'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class MemberResponseDto {
  @ApiProperty({ type: MemberDto }) member!: MemberDto;
}

export class MemberListResponseDto {
  @ApiProperty({ type: [MemberDto] }) members!: MemberDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}
