import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { Omittable } from '../../common/src/http/validation';

/** `tool_scope` on add and update: a non-empty list of the org's tool ids, or null for every tool. */
export const ToolScopeField = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: [String],
      nullable: true,
      minItems: 1,
      maxItems: 500,
      description:
        'Limit an approver to these tools (ids of this org’s tools); null lifts the limit. ' +
        'Other roles ignore it.',
    }),
    IsOptional(),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(500),
    IsString({ each: true }),
    MaxLength(100, { each: true }),
  );

export const DisplayNameField = () =>
  applyDecorators(
    ApiPropertyOptional({ minLength: 1, maxLength: 100, example: 'Ada Lovelace' }),
    Omittable(),
    IsString(),
    Length(1, 100),
  );
