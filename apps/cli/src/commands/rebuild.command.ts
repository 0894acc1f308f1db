import { SingleBar, Presets } from 'cli-progress';
import { rebuildProjections } from '../../../../libs/event-store/src/rebuild';
import type { CliContext } from '../context';

export async function rebuild(context: CliContext): Promise<number> {
  const bar = new SingleBar(
    {
      format: 'rebuilding read models [{bar}] {percentage}% | {value}/{total} events | {rate} events/s',
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  const started = process.hrtime.bigint();
  let barStarted = false;
  const result = await rebuildProjections(context.db, context.store, context.registry, ({ done, total }) => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    if (!barStarted) {
      bar.start(total, done, { rate });
      barStarted = true;
    } else bar.update(done, { rate });
  });
  bar.stop();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  context.out.write(
    `rebuilt ${context.registry.all().length} projections from ${result.done} events in ${seconds.toFixed(2)} s ` +
      `(${Math.round(result.done / Math.max(seconds, 1e-9))} events/s)\n`,
  );
  return 0;
}
