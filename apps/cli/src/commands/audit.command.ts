import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { VerificationRunner } from '../../../../libs/audit/src/verify-log/verification.runner';
import { CheckpointSigner } from '../../../../libs/event-store/src/checkpoint-signer';
import type { SignedCheckpoint } from '../../../../libs/event-store/src/checkpoint-trust';
import { Sealer } from '../../../../libs/event-store/src/sealer';
import { checkpointGraceMs } from '../../../../libs/event-store/src/verifier';
import type { CliContext } from '../context';
import type { CliOptions } from './index';

function signer(context: CliContext): CheckpointSigner {
  const sealer = new Sealer(context.db, context.mac, (r) =>
    context.err.write(`keyledger: not sealing position ${r.position}: ${r.reason}\n`),
  );
  return new CheckpointSigner(
    context.db,
    sealer,
    context.runtime.signingKeyPem,
    context.mac,
    context.config.signingKeyHistory,
  );
}

/** A key given inline (base64 DER or PEM) or as a file holding it. */
function keyArgument(value: string | boolean | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return existsSync(value) ? readFileSync(value, 'utf8') : value;
}

/**
 * Walks the whole log from genesis (or, with --incremental, from the head the last intact
 * verification proved), for every org, and prints the installation-wide answer. With a saved
 * checkpoint (and the public key you hold for it), also proves the log still extends it.
 * Exit code 0 when the log is intact, 3 when it is not (scripts and cron can alert on it).
 */
export async function auditVerify(context: CliContext, options: CliOptions): Promise<number> {
  const s = signer(context);
  const runner = new VerificationRunner(
    context.db,
    new Sealer(context.db, context.mac),
    s,
    context.mac,
    checkpointGraceMs(context.config.checkpointIntervalSeconds),
    (m) => context.err.write(`keyledger: ${m}\n`),
  );
  const checkpoint =
    typeof options.checkpoint === 'string'
      ? (JSON.parse(readFileSync(options.checkpoint, 'utf8')) as SignedCheckpoint)
      : undefined;
  const run = await runner.run({
    orgId: null,
    full: options.incremental !== true,
    auditorCheckpoint: checkpoint && { checkpoint, publicKey: keyArgument(options['public-key']) },
  });
  const r = run.result;
  const report = r
    ? {
        ok: r.ok,
        mode: run.kind,
        from_position: r.from_position,
        checked_through: r.through_position,
        sealed_events: r.sealed_events,
        unsealed_events: r.unsealed_events,
        first_bad_position: r.failure?.position ?? null,
        first_bad_org_id: r.failure?.org_id ?? null,
        reason: r.failure?.reason ?? null,
        checkpoint: r.checkpoint,
      }
    : { ok: false, mode: run.kind, error: run.error };
  context.out.write(JSON.stringify(report, null, 2) + '\n');
  return r?.ok ? 0 : 3;
}

export async function auditCheckpoint(context: CliContext, options: CliOptions): Promise<number> {
  const checkpoint = await signer(context).signNow();
  const text = JSON.stringify(checkpoint, null, 2) + '\n';
  if (typeof options.out === 'string') writeFileSync(options.out, text);
  else context.out.write(text);
  return 0;
}
