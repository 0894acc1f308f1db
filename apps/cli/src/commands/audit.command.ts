import { readFileSync, writeFileSync } from 'node:fs';
import { CheckpointSigner, type SignedCheckpoint } from '../../../../libs/event-store/src/checkpoint-signer';
import { Sealer } from '../../../../libs/event-store/src/sealer';
import { verifyLog } from '../../../../libs/event-store/src/verifier';
import type { CliContext } from '../context';
import type { CliOptions } from './index';

/** Exit code 0 when the log is intact, 3 when it is not (scripts and cron can alert on it). */
export async function auditVerify(context: CliContext, options: CliOptions): Promise<number> {
  await new Sealer(context.db).sealCommitted();
  const checkpoint =
    typeof options.checkpoint === 'string'
      ? (JSON.parse(readFileSync(options.checkpoint, 'utf8')) as SignedCheckpoint)
      : undefined;
  const result = await verifyLog(context.db, { checkpoint });
  context.out.write(JSON.stringify(result, null, 2) + '\n');
  return result.ok ? 0 : 3;
}

export async function auditCheckpoint(context: CliContext, options: CliOptions): Promise<number> {
  const signer = new CheckpointSigner(context.db, new Sealer(context.db), context.runtime.signingKeyPem);
  const checkpoint = await signer.signNow();
  const text = JSON.stringify(checkpoint, null, 2) + '\n';
  if (typeof options.out === 'string') writeFileSync(options.out, text);
  else context.out.write(text);
  return 0;
}
