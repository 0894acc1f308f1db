import { Query } from '@nestjs/cqrs';
import type { ToolDetailDto, ToolListDto } from '../tool.dto';
import type { ToolStatusFilter } from './list-tools.dto';

export class ListToolsQuery extends Query<ToolListDto> {
  constructor(
    readonly orgId: string,
    readonly status: ToolStatusFilter,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}

export class GetToolQuery extends Query<ToolDetailDto> {
  constructor(
    readonly orgId: string,
    readonly toolId: string,
  ) {
    super();
  }
}
