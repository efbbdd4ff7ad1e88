// `npm run load`: N simulated learners and M instructors through the whole journey against a
// running platform (default: `npm start` on this machine); exit 1 if an invariant breaks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { redact } from './dead-letters';
import { OptionsError, parseLoadOptions, usage } from './load-options';
import { formatReport } from './report';
import { runLoad } from './run-load';

async function main(): Promise<number> {
  let options;
  try {
    options = parseLoadOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    console.error(`${error.message}\n\n${usage()}`);
    return 2;
  }
  if (options.help) {
    console.log(usage());
    return 0;
  }
  const loadAverageBefore = loadavg()[0];
  const summary = await runLoad(options, (line) => console.log(line));
  console.log(`\n${formatReport(summary)}`);
  const files = [
    ...(options.out ? [options.out] : []),
    ...(options.record ? [join(__dirname, '..', '..', 'results', `load-${summary.startedAt.slice(0, 10)}.json`)] : []),
  ];
  for (const file of files) {
    mkdirSync(dirname(file), { recursive: true });
    const recorded = {
      ...options,
      amqpUrl: options.amqpUrl && redact(options.amqpUrl),
      adminPassword: undefined,
      instructorPassword: undefined,
    };
    // The fields every bench/results file has (bench/README.md's table reads them), then the run's.
    const result = {
      benchmark: 'load',
      date: summary.startedAt,
      cores: cpus().length,
      node: process.version,
      loadAverage1m: loadavg()[0],
      loadAverageBefore,
      options: recorded,
      ...summary,
    };
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`recorded in ${file}`);
  }
  return summary.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
