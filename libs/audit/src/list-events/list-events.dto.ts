import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ActorIdFilter, IdFilter, StreamIdFilter } from '../../../common/src/http/id-filters';

const TYPE_LIST = /^[A-Za-z][A-Za-z0-9]{0,63}(,[A-Za-z][A-Za-z0-9]{0,63}){0,19}$/;

/** The filters the list and the export share (DESIGN.md, Audit API). */
export class AuditFiltersDto {
  @ApiPropertyOptional({
    description: 'An event type, or up to 20 separated by commas',
    example: 'AccessApproved,GrantRevoked',
  })
  @IsOptional()
  @Matches(TYPE_LIST, { message: 'must be event type names separated by commas' })
  type?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Events about this agent, or done by it' })
  @IsOptional()
  @IdFilter()
  agent_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Events about this tool' })
  @IsOptional()
  @IdFilter()
  tool_id?: string;

  @ApiPropertyOptional({ enum: ['agent', 'member', 'system'] })
  @IsOptional()
  @IsIn(['agent', 'member', 'system'])
  actor_type?: string;

  @ApiPropertyOptional({ description: 'The member, agent or system job that acted' })
  @IsOptional()
  @ActorIdFilter()
  actor_id?: string;

  @ApiPropertyOptional({ description: 'One aggregate, e.g. `access-<grant id>`' })
  @IsOptional()
  @StreamIdFilter()
  stream_id?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events that occurred at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events that occurred before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class ListAuditEventsQueryDto extends AuditFiltersDto {
  @ApiPropertyOptional({
    enum: ['asc', 'desc'],
    default: 'asc',
    description: 'asc: oldest first, in commit order (for tailing); desc: newest first (for reading)',
  })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ description: 'The `next_cursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class AuditActorDto {
  @ApiProperty({ enum: ['agent', 'member', 'system'] }) type!: string;
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

/** Who, from where, and why: every field recorded with the event except its org. */
export class AuditMetadataDto {
  @ApiProperty({ type: AuditActorDto }) actor!: AuditActorDto;
  @ApiProperty({ description: 'One per HTTP request or job' }) correlation_id!: string;
  @ApiProperty({ nullable: true, type: String }) causation_id!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The client IP' }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) user_agent!: string | null;
  @ApiPropertyOptional({ enum: ['http', 'mcp', 'cli', 'system'], description: 'How the command arrived' })
  channel?: string;
}

export class AuditEventDto {
  @ApiProperty({ description: 'The global log position', example: '1042' }) position!: string;
  @ApiProperty({ example: 'access-5d1f…' }) stream_id!: string;
  @ApiProperty() stream_version!: number;
  @ApiProperty({ example: 'AccessApproved' }) type!: string;
  @ApiProperty({ description: 'The schema version `data` was recorded in' }) event_version!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The fact exactly as recorded: the content the hash chain binds',
  })
  data!: Record<string, unknown>;
  @ApiProperty({ type: AuditMetadataDto }) metadata!: AuditMetadataDto;
  @ApiProperty({ format: 'date-time' }) occurred_at!: string;
}

export class AuditEventListDto {
  @ApiProperty({ type: [AuditEventDto], description: 'In the order the log committed them' })
  events!: AuditEventDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Null when no more events match now' })
  next_cursor!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Where to resume later for events committed after this page (for tailing)',
  })
  resume_cursor!: string | null;
}
