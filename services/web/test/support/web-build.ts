// The browser tests run the built app (as the ingress serves it): build it when dist/ is missing or
// older than the sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './browser';

export const WEB_ROOT = join(REPOSITORY_ROOT, 'services', 'web');
export const WEB_DIST = join(WEB_ROOT, 'dist');

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), stat.mtimeMs);
}

export function ensureWebBuild(): void {
  const index = join(WEB_DIST, 'index.html');
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(WEB_ROOT, p));
  const sourceTime = Math.max(...sources.filter(existsSync).map(newestChange));
  if (existsSync(index) && statSync(index).mtimeMs >= sourceTime) return;
  const result = spawnSync('npm', ['run', 'build', '--workspace', 'services/web'], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
}
