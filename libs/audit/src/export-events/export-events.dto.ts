import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AuditFiltersDto } from '../list-events/list-events.dto';

export class ExportAuditEventsQueryDto extends AuditFiltersDto {
  @ApiPropertyOptional({
    enum: ['ndjson', 'csv'],
    default: 'ndjson',
    description:
      'ndjson: one event per line, shaped as in listAuditEvents. csv: one row per event, `data` as ' +
      "JSON; a text cell starting with = + - @ is prefixed with ' so spreadsheets do not run it.",
  })
  @IsOptional()
  @IsIn(['ndjson', 'csv'])
  format?: 'ndjson' | 'csv';
}
