import { ApiProperty } from '@nestjs/swagger';

export class InstructionSuggestionBackerDto {
  @ApiProperty() agent_id!: string;
  @ApiProperty() agent_name!: string;
  @ApiProperty({ description: "This agent's latest explanation" }) why!: string;
  @ApiProperty({ format: 'date-time' }) backed_at!: string;
}

export class InstructionSuggestionDto {
  @ApiProperty() id!: string;
  @ApiProperty() tool_id!: string;
  @ApiProperty({ description: 'What the agent learned, as it proposes adding it to the instructions' })
  learned!: string;
  @ApiProperty({ enum: ['open', 'accepted', 'dismissed'] }) status!: 'open' | 'accepted' | 'dismissed';
  @ApiProperty() backer_count!: number;
  @ApiProperty({ type: [InstructionSuggestionBackerDto] }) backers!: InstructionSuggestionBackerDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'The instructions version that took it in' })
  instructions_version!: number | null;
  @ApiProperty({ type: String, nullable: true }) decision_reason!: string | null;
  @ApiProperty({ type: String, nullable: true }) decided_by!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decided_at!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class InstructionSuggestionResponseDto {
  @ApiProperty({ type: InstructionSuggestionDto }) instruction_suggestion!: InstructionSuggestionDto;
}

export class InstructionSuggestionListDto {
  @ApiProperty({ type: [InstructionSuggestionDto], description: 'Most backed first' })
  instruction_suggestions!: InstructionSuggestionDto[];
  @ApiProperty({ type: String, nullable: true }) next_cursor!: string | null;
}
