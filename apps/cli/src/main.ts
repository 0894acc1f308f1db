import { parseArgs } from 'node:util';
import { loadConfig } from '../../../libs/config/src/config';
import { startupFailureMessage } from '../../../libs/common/src/startup-error';
import { commands, type CommandName } from './commands';
import { openContext } from './context';

const USAGE = `keyledger <command> [options]

  migrate                          apply pending migrations
  projections rebuild              empty every read model and replay the log into it
  audit verify [--checkpoint F [--public-key K]] [--incremental]
                                   verify the log from genesis (or from the last verified head);
                                   hold it to a saved checkpoint, signed by K (a key or its file)
  audit checkpoint [--out F]       seal, sign and print (or save) the current head
  audit export [--format ndjson|csv] [--out F] [filters]   stream the audit log
  rotate-master-key                re-wrap every data key under the newest master key

Configuration comes from the same environment variables as the service.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      checkpoint: { type: 'string' },
      'public-key': { type: 'string' },
      incremental: { type: 'boolean' },
      out: { type: 'string' },
      format: { type: 'string' },
      type: { type: 'string' },
      'agent-id': { type: 'string' },
      'tool-id': { type: 'string' },
      'org-id': { type: 'string' },
      'actor-type': { type: 'string' },
      'actor-id': { type: 'string' },
      'stream-id': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const name = positionals.slice(0, 2).join(' ');
  const command = (commands[name as CommandName] ?? commands[positionals[0] as CommandName]) as
    (typeof commands)[CommandName] | undefined;
  if (values.help || !command) {
    process.stdout.write(USAGE + '\n');
    return values.help ? 0 : 64;
  }
  const context = await openContext(loadConfig());
  try {
    return await command(context, values);
  } finally {
    await context.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`keyledger: ${startupFailureMessage(error)}\n`);
    process.exit(1);
  },
);
