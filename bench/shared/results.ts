import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * A run that is not of the code and settings as they ship says so (`probe`): one whose services ran
 * other V8 options, a profiled one, or one the caller marks with BENCH_PROBE=<what was varied>.
 * The latest table leaves probes out; their figures stay for the READMEs that compare them.
 */
export function probeOf(env: NodeJS.ProcessEnv): { probe?: string } {
  const reasons = [
    env.BENCH_PROBE,
    env.BENCH_SERVICE_NODE_OPTIONS && `services' NODE_OPTIONS ${env.BENCH_SERVICE_NODE_OPTIONS}`,
    env.BENCH_PROFILE === '1' && 'CPU profile',
  ].filter(Boolean);
  return reasons.length > 0 ? { probe: reasons.join('; ') } : {};
}

/**
 * Writes bench/results/<name>-<date>.json (<name>-<date>-<label>.json with BENCH_RESULT_LABEL, so
 * that runs of one day under different settings are all kept) with the machine's core count, and
 * prints the figures.
 */
export function recordResult(name: string, figures: Record<string, unknown>): void {
  const result = {
    benchmark: name,
    date: new Date().toISOString(),
    cores: cpus().length,
    node: process.version,
    ...probeOf(process.env),
    ...figures,
  };
  const folder = join(__dirname, '..', '..', 'results');
  mkdirSync(folder, { recursive: true });
  const label = process.env.BENCH_RESULT_LABEL?.replace(/[^\w.-]+/g, '-');
  const file = join(folder, `${name}-${result.date.slice(0, 10)}${label ? `-${label}` : ''}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  console.log(`recorded in ${file}`);
}
