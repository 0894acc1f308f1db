import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../../common/src/request-context';
import type { ConfigDocumentDto, ConfigImportResultDto } from '../config-document.dto';

export class ImportConfigCommand extends Command<ConfigImportResultDto> {
  constructor(
    readonly document: ConfigDocumentDto,
    readonly options: { dryRun: boolean; prune: boolean },
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
