import { ApiProperty } from '@nestjs/swagger';

export class SuggestionBackerDto {
  @ApiProperty() agent_id!: string;
  @ApiProperty({ description: "The agent's current name" }) agent_name!: string;
  @ApiProperty({ description: "This agent's latest reason" }) reason!: string;
  @ApiProperty({ format: 'date-time' }) backed_at!: string;
}

export class SuggestionDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The name the first agent used' }) name!: string;
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
  @ApiProperty({ description: 'The normalised domain, else the normalised name: one open suggestion each' })
  normalized_key!: string;
  @ApiProperty({ enum: ['open', 'accepted', 'dismissed'] }) status!: 'open' | 'accepted' | 'dismissed';
  @ApiProperty() backer_count!: number;
  @ApiProperty({ type: [SuggestionBackerDto], description: 'Earliest backer first' })
  backers!: SuggestionBackerDto[];
  @ApiProperty({ type: String, nullable: true, description: 'The tool created on acceptance' })
  tool_id!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was dismissed' })
  decision_reason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decided_at!: string | null;
  @ApiProperty({ type: String, nullable: true }) decided_by!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'After a dismissal: the same tool cannot be suggested again before this',
  })
  cooldown_until!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class SuggestionResponseDto {
  @ApiProperty({ type: SuggestionDto }) suggestion!: SuggestionDto;
}

export class SuggestionListDto {
  @ApiProperty({ type: [SuggestionDto], description: 'Most backers first' }) suggestions!: SuggestionDto[];
  @ApiProperty({ type: String, nullable: true }) next_cursor!: string | null;
}
