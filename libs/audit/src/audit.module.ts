import { Module } from '@nestjs/common';
import { AccessAtController } from './access-at/access-at.controller';
import { ExportEventsController } from './export-events/export-events.controller';
import { ListEventsController } from './list-events/list-events.controller';
import { StreamHistoryController } from './stream-history/stream-history.controller';
import { VerifyLogController } from './verify-log/verify-log.controller';

/** Auditors' queries: read models and the log only, nothing here appends. */
const controllers = [
  ListEventsController,
  StreamHistoryController,
  ExportEventsController,
  VerifyLogController,
  AccessAtController,
];

@Module({ controllers })
export class AuditModule {}
