import type { CliContext } from '../context';
import { auditCheckpoint, auditVerify } from './audit.command';
import { auditExport } from './audit-export.command';
import { migrate } from './migrate.command';
import { rebuild } from './rebuild.command';
import { rotateMasterKey } from './rotate-master-key.command';

export type CliOptions = Record<string, string | boolean | undefined>;
export type Command = (context: CliContext, options: CliOptions) => Promise<number>;

export const commands = {
  migrate,
  'projections rebuild': rebuild,
  'audit verify': auditVerify,
  'audit checkpoint': auditCheckpoint,
  'audit export': auditExport,
  'rotate-master-key': rotateMasterKey,
} satisfies Record<string, Command>;

export type CommandName = keyof typeof commands;
