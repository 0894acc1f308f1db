import { Controller, Get, Header, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { Database } from '../../../database/src/database';
import { MemberRoute } from '../../../identity/src/auth/admin-route.decorator';
import { CurrentMember } from '../../../identity/src/auth/member.decorator';
import type { MemberPrincipal } from '../../../identity/src/auth/member-principal';
import { filtersOf } from '../list-events/audit-filters';
import { auditExport } from './audit-export.query';
import { ExportAuditEventsQueryDto } from './export-events.dto';
import { CONTENT_TYPES } from './export-format';

@Controller('api/audit/export')
export class ExportEventsController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Get()
  @MemberRoute({
    operationId: 'exportAuditEvents',
    summary: 'Export the org’s audit trail (NDJSON or CSV), streamed',
    description:
      'The same filters as listAuditEvents, every matching event in one download, streamed at ' +
      'constant memory. It covers the trail as it stood when the export began. A response cut ' +
      'short ends without its final chunk, so a client never takes a partial file for a whole one.',
    action: 'export',
    subject: 'AuditLog',
    tag: 'audit',
  })
  @ApiProduces(CONTENT_TYPES.ndjson, CONTENT_TYPES.csv)
  @ApiOkResponse({ description: 'The events, oldest first', schema: { type: 'string' } })
  @Header('cache-control', 'no-store')
  async export(
    @Query() q: ExportAuditEventsQueryDto,
    @CurrentMember() member: MemberPrincipal,
  ): Promise<StreamableFile> {
    const format = q.format ?? 'ndjson';
    const stream = await auditExport(this.db, member.orgId, filtersOf(q), format);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return new StreamableFile(stream, {
      type: CONTENT_TYPES[format],
      disposition: `attachment; filename="keyledger-audit-${stamp}.${format}"`,
    });
  }
}
