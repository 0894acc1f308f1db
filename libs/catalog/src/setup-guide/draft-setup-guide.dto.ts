import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Length, MaxLength } from 'class-validator';
import { FieldErrorDto } from '../../../common/src/http/problem.dto';
import { LIMITS } from '../tool.fields';
import { GUIDE_KINDS, type GuideKind } from './setup-guide.events';
import { ToolDraftDto } from './tool-draft';

export class DraftSetupGuideDto {
  @ApiProperty({
    format: 'uri',
    maxLength: LIMITS.url,
    example: 'https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api',
    description: 'The product’s documentation page about API keys or authentication',
  })
  @IsString()
  @MaxLength(LIMITS.url)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'docs_url must be an http or https URL' },
  )
  docs_url!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: LIMITS.name, example: 'GitHub' })
  @IsOptional()
  @IsString()
  @Length(1, LIMITS.name)
  tool_name?: string;

  @ApiPropertyOptional({
    description:
      'Draft for this open suggestion: its backers’ reasons go to the provider too (as untrusted text), ' +
      'so the guide picks the scopes the agents need',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  suggestion_id?: string;
}

/** `event: source`: the page that was read. */
export class SetupGuideSourceDto {
  @ApiProperty({ description: 'The URL asked for' }) url!: string;
  @ApiProperty({ description: 'Where the page was read, after redirects' }) final_url!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Size of the page as fetched' }) bytes!: number;
  @ApiProperty({
    enum: GUIDE_KINDS,
    description: 'ai: written by the configured model; extracted: the page’s own sections, no model',
  })
  guide!: GuideKind;
  @ApiProperty({ type: String, nullable: true, description: 'The provider’s host; null when extracted' })
  provider!: string | null;
  @ApiProperty({ type: String, nullable: true }) model!: string | null;
}

/** `event: delta`: the next piece of the guide's markdown, as it is written. */
export class SetupGuideDeltaDto {
  @ApiProperty({ description: 'Markdown to append to what came before' }) text!: string;
}

/** `event: fields`: a draft of the tool, each field valid for POST /api/admin/tools. */
export class SetupGuideFieldsDto {
  @ApiProperty({ type: ToolDraftDto }) draft!: ToolDraftDto;
  @ApiProperty({ type: [String], description: 'Scopes or permissions the guide suggests selecting' })
  scopes!: string[];
  @ApiProperty({
    type: [FieldErrorDto],
    description: 'What the writer proposed that a tool may not hold; left out of the draft',
  })
  dropped!: FieldErrorDto[];
}

/** `event: done`: the last event of a guide that completed. */
export class SetupGuideDoneDto {
  @ApiProperty({ description: 'The guide’s id: its events are on stream setup-guide-{id}' })
  guide_id!: string;
  @ApiProperty({ enum: GUIDE_KINDS }) guide!: GuideKind;
  @ApiProperty({ type: String, nullable: true }) provider!: string | null;
  @ApiProperty({ type: String, nullable: true }) model!: string | null;
  @ApiProperty({ type: Number, nullable: true }) tokens_in!: number | null;
  @ApiProperty({ type: Number, nullable: true }) tokens_out!: number | null;
  @ApiProperty() duration_ms!: number;
}
