import { Body, Controller, Inject, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { parse } from 'yaml';
import { DomainError } from '../../../../common/src/domain-error';
import { assertStorableInput } from '../../../../common/src/http/input-rules';
import { Ctx } from '../../../../common/src/http/request-context.decorator';
import { validationPipe } from '../../../../common/src/http/validation';
import type { RequestContext } from '../../../../common/src/request-context';
import { MemberRoute } from '../../../../identity/src/auth/admin-route.decorator';
import { ConfigDocumentDto, ConfigImportResultDto } from '../config-document.dto';
import { ImportConfigCommand } from './import-config.command';

export class ImportConfigQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'Show the changes, apply none',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  dry_run?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'Retire tools the document omits',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  prune?: 'true' | 'false';
}

@Controller('api/admin/config')
export class ImportConfigController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Put('import')
  @MemberRoute({
    operationId: 'importConfig',
    summary: 'Make the catalog match a document (JSON, or YAML as application/yaml)',
    description: 'Tools are matched by name. `dry_run=true` answers the changes without making them.',
    action: 'update',
    subject: 'Config',
  })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ type: ConfigDocumentDto })
  @ApiOkResponse({ type: ConfigImportResultDto })
  async import(
    @Body() raw: unknown,
    @Query() query: ImportConfigQueryDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ConfigImportResultDto> {
    // The body is validated here rather than by its parameter type, so YAML gets the same checks.
    const document = (await validationPipe.transform(typeof raw === 'string' ? parseYaml(raw) : raw, {
      type: 'body',
      metatype: ConfigDocumentDto,
    })) as ConfigDocumentDto;
    const options = { dryRun: query.dry_run === 'true', prune: query.prune === 'true' };
    return this.commands.execute(new ImportConfigCommand(document, options, ctx));
  }
}

/** YAML arrives as text, past the input rules the JSON body met at the boundary: they apply here. */
function parseYaml(text: string): unknown {
  let document: unknown;
  try {
    document = parse(text, { maxAliasCount: 0 }) as unknown;
  } catch (error) {
    const message = `not a YAML document: ${(error as Error).message.split('\n')[0]}`;
    throw new DomainError('invalid', 'validation', message, { errors: [{ field: 'body', message }] });
  }
  assertStorableInput(document, 'body');
  return document;
}
