// `npm run chaos`: rollouts and crashes under load on a platform of its own or a running `npm start`
// (--attach); exit 1 listing what broke, 2 for a usage error or no platform to attach to.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { OptionsError } from '../load/load-options';
import { chaosUsage, parseChaosOptions } from './chaos-options';
import { PlatformUnavailableError } from './chaos-platform';
import { runChaos } from './run-chaos';

/** `chaos-<date>.json`, or `chaos-<date>-run-<n>.json` with the first n free: earlier runs of the day are kept. */
function recordFile(folder: string, date: string): string {
  let file = join(folder, `chaos-${date}.json`);
  for (let run = 2; existsSync(file); run++) file = join(folder, `chaos-${date}-run-${run}.json`);
  return file;
}

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
  let result;
  try {
    result = await runChaos(options, (line) => console.log(line));
  } catch (error) {
    if (!(error instanceof PlatformUnavailableError)) throw error;
    console.error(error.message);
    return 2;
  }
  if (result.broken.length > 0) console.log(`\nwhat broke:\n  - ${result.broken.join('\n  - ')}`);
  console.log(
    `\n${result.summaryLine} (of ${result.journeysPlanned} journeys; ${result.errorsDuringCrashes} of the errors in flight during a crash: a kill or terminated database connections)`,
  );
  const files = [
    ...(options.out ? [options.out] : []),
    ...(options.record ? [recordFile(join(__dirname, '..', '..', 'results'), result.startedAt.slice(0, 10))] : []),
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
