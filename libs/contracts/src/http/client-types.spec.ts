import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

describe('the generated HTTP client types', () => {
  it('are what openapi-typescript makes of the committed OpenAPI documents (npm run generate:contracts)', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    // The generator is an ES module (as openapi-typescript is): it checks in a process of its own.
    expect(() =>
      execFileSync(process.execPath, ['scripts/contracts/generate.mjs', '--check'], { cwd: root, stdio: 'pipe' }),
    ).not.toThrow();
  });
});
