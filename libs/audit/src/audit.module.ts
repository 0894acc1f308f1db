import { Logger, Module } from '@nestjs/common';
import type { KeyledgerConfig } from '../../config/src/config';
import { CONFIG } from '../../common/src/tokens';
import { Database } from '../../database/src/database';
import { CheckpointSigner } from '../../event-store/src/checkpoint-signer';
import { LogMac } from '../../event-store/src/log-mac';
import { Sealer } from '../../event-store/src/sealer';
import { checkpointGraceMs } from '../../event-store/src/verifier';
import { AccessAtController } from './access-at/access-at.controller';
import { ActivityController } from './activity/activity.controller';
import { ExportEventsController } from './export-events/export-events.controller';
import { ListEventsController } from './list-events/list-events.controller';
import { StreamHistoryController } from './stream-history/stream-history.controller';
import { VerificationRunner } from './verify-log/verification.runner';
import { VerificationsController } from './verify-log/verifications.controller';
import { VerifyLogController } from './verify-log/verify-log.controller';

/** Auditors' queries: read models and the log only; nothing here appends to the log. */
const controllers = [
  ListEventsController,
  StreamHistoryController,
  ExportEventsController,
  VerifyLogController,
  VerificationsController,
  AccessAtController,
  ActivityController,
];

const providers = [
  {
    provide: VerificationRunner,
    inject: [Database, Sealer, CheckpointSigner, LogMac, CONFIG],
    useFactory: (
      db: Database,
      sealer: Sealer,
      signer: CheckpointSigner,
      mac: LogMac,
      config: KeyledgerConfig,
    ) =>
      new VerificationRunner(
        db,
        sealer,
        signer,
        mac,
        checkpointGraceMs(config.checkpointIntervalSeconds),
        (m) => new Logger('Verification').warn(m),
      ),
  },
];

@Module({ controllers, providers })
export class AuditModule {}
