import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '../../../database/src/database';
import type { ToolDetailDto, ToolListDto } from '../tool.dto';
import { findTool, TOOL_COLUMNS, type ToolRow, toToolDto } from '../tool.read';
import { GetToolQuery, ListToolsQuery } from './list-tools.query';
import { decodeCursor, encodeCursor } from './tool-cursor';

/** One index range scan per page: (org_id, status, name, id), or (org_id, name, id) for 'all'. */
@QueryHandler(ListToolsQuery)
export class ListToolsHandler implements IQueryHandler<ListToolsQuery> {
  constructor(@Inject(Database) private readonly db: Database) {}

  async execute({ orgId, status, limit, cursor }: ListToolsQuery): Promise<ToolListDto> {
    const params: unknown[] = [orgId];
    const where = ['org_id = $1'];
    if (status !== 'all') where.push(`status = $${params.push(status)}`);
    if (cursor) {
      const after = decodeCursor(cursor);
      where.push(`(name, id) > ($${params.push(after.name)}, $${params.push(after.id)})`);
    }
    const rows = await this.db.query<ToolRow>(
      `SELECT ${TOOL_COLUMNS} FROM tools WHERE ${where.join(' AND ')} ORDER BY name, id LIMIT $${params.push(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const now = new Date();
    return {
      tools: page.map((row) => toToolDto(row, now)),
      next_cursor: rows.length > limit ? encodeCursor(last.name, last.id) : null,
    };
  }
}

@QueryHandler(GetToolQuery)
export class GetToolHandler implements IQueryHandler<GetToolQuery> {
  constructor(@Inject(Database) private readonly db: Database) {}

  async execute({ orgId, toolId }: GetToolQuery): Promise<ToolDetailDto> {
    const row = await findTool(this.db, orgId, toolId);
    const history = await this.db.query<{ version: number; created_at: Date; created_by: string }>(
      'SELECT version, created_at, created_by FROM tool_instructions WHERE tool_id = $1 ORDER BY version DESC',
      [toolId],
    );
    return {
      ...toToolDto(row),
      instructions_history: history.map((h) => ({
        version: h.version,
        created_at: h.created_at.toISOString(),
        created_by: h.created_by,
      })),
    };
  }
}
