// `npm run chaos`: rollouts and crashes under load on a platform of its own; exit 1 listing what broke.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { OptionsError } from '../load/load-options';
import { chaosUsage, parseChaosOptions } from './chaos-options';
import { runChaos } from './run-chaos';

async function main(): Promise<number> {
  let options;
  try {
    options = parseChaosOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    console.error(`${error.message}\n\n${chaosUsage()}`);
    return 2;
  }
  if (options.help) {
    console.log(chaosUsage());
    return 0;
  }
  const loadAverageBefore = loadavg()[0];
  const result = await runChaos(options, (line) => console.log(line));
  if (result.broken.length > 0) console.log(`\nwhat broke:\n  - ${result.broken.join('\n  - ')}`);
  console.log(
    `\n${result.summaryLine} (of ${result.journeysPlanned} journeys; ${result.errorsDuringCrashes} of the errors in flight during a crash: a kill or terminated database connections)`,
  );
  const files = [
    ...(options.out ? [options.out] : []),
    ...(options.record ? [join(__dirname, '..', '..', 'results', `chaos-${result.startedAt.slice(0, 10)}.json`)] : []),
  ];
  for (const file of files) {
    mkdirSync(dirname(file), { recursive: true });
    const recorded = {
      benchmark: 'chaos',
      date: result.startedAt,
      cores: cpus().length,
      node: process.version,
      loadAverage1m: loadavg()[0],
      loadAverageBefore,
      options,
      ...result,
      // Per wave, the summary without its request-level lists.
      waves: result.waves.map(({ failedRequests, ...wave }) => ({ ...wave, failedRequests: failedRequests.length })),
    };
    writeFileSync(file, `${JSON.stringify(recorded, null, 2)}\n`);
    console.log(`recorded in ${file}`);
  }
  return result.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
