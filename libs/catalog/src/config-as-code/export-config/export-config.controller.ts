import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { stringify } from 'yaml';
import { Database } from '../../../../database/src/database';
import { MemberRoute } from '../../../../identity/src/auth/admin-route.decorator';
import type { MemberPrincipal } from '../../../../identity/src/auth/member-principal';
import { CurrentMember } from '../../../../identity/src/auth/member.decorator';
import { currentCatalog, toDocument } from '../catalog-document';
import { ConfigDocumentDto } from '../config-document.dto';

export class ExportConfigQueryDto {
  @ApiPropertyOptional({ enum: ['yaml', 'json'], default: 'yaml' })
  @IsOptional()
  @IsIn(['yaml', 'json'])
  format?: 'yaml' | 'json';
}

@Controller('api/admin/config')
export class ExportConfigController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Get('export')
  @MemberRoute({
    operationId: 'exportConfig',
    summary:
      'The catalog as a document to keep in version control (tools, instructions, policies; never secrets)',
    action: 'export',
    subject: 'Config',
  })
  @ApiProduces('application/yaml', 'application/json')
  @ApiOkResponse({ type: ConfigDocumentDto })
  async export(
    @Query() query: ExportConfigQueryDto,
    @CurrentMember() member: MemberPrincipal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConfigDocumentDto | string> {
    const document = toDocument(await currentCatalog(this.db, member.orgId));
    void reply.header(
      'content-disposition',
      `attachment; filename="keyledger-catalog.${query.format ?? 'yaml'}"`,
    );
    if (query.format === 'json') return document;
    void reply.header('content-type', 'application/yaml; charset=utf-8');
    return stringify(document, { lineWidth: 0 });
  }
}
