import { ApiProperty } from '@nestjs/swagger';

const ACCESS = ['none', 'pending', 'approved', 'denied', 'revoked', 'expired'];

export class AgentToolDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'GitHub' }) name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String, example: 'https://api.github.com' }) url!: string | null;
  @ApiProperty({ example: 'bearer_token' }) auth_type!: string;
  @ApiProperty({ enum: ['shared', 'per_agent'] }) credential_mode!: string;
  @ApiProperty({ enum: ACCESS, description: 'Your access to this tool right now' }) your_access!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Your latest request for this tool' })
  request_id!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why you were denied or revoked' })
  denial_reason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expires_at!: string | null;
}

export class AgentToolDetailDto extends AgentToolDto {
  @ApiProperty({ description: 'How to use the tool (markdown)' }) instructions!: string;
  @ApiProperty() instructions_version!: number;
}

export class AgentToolListDto {
  @ApiProperty({ type: [AgentToolDto] }) tools!: AgentToolDto[];
}

export class AgentToolRefDto {
  @ApiProperty() tool_id!: string;
  @ApiProperty() name!: string;
}

export class ApprovedToolDto extends AgentToolRefDto {
  @ApiProperty() grant_id!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expires_at!: string | null;
}

export class PendingToolDto extends AgentToolRefDto {
  @ApiProperty() request_id!: string;
}

export class DeniedToolDto extends AgentToolRefDto {
  @ApiProperty({ enum: ['denied', 'revoked', 'expired'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
}

export class MeDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ['active'] }) status!: string;
  @ApiProperty() org_id!: string;
  @ApiProperty({ type: [ApprovedToolDto] }) approved!: ApprovedToolDto[];
  @ApiProperty({ type: [PendingToolDto] }) pending!: PendingToolDto[];
  @ApiProperty({ type: [DeniedToolDto], description: 'Denied, revoked or expired, with the reason' })
  denied!: DeniedToolDto[];
  @ApiProperty({ type: [AgentToolRefDto], description: 'Tools you may request' })
  available!: AgentToolRefDto[];
}
