// Maps the positions in a stack trace logged by a service's bundle back to the TypeScript sources,
// with the source map built beside the bundle (dist/<entry>.bundle.js.map). A bundle's positions are
// line and column of a few long lines, and its local names are short, so a frame from a pod reads
// `at xe.publish (/app/services/catalog/dist/main.bundle.js:1:123456)`; mapped, it names the file
// and line of the TypeScript source. A map fits only its own bundle: run it in the image, which
// carries both (docs/kubernetes.md), or in a built checkout of the commit the image was built from.
//
//   npm run map-stack-trace < stack.txt            (a stack, or log lines: JSON-escaped stacks too)
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUNDLE_POSITION = /(?:[^\s()"'\\]*\/)?services\/([\w-]+)\/dist\/([\w.-]+\.bundle\.js):(\d+):(\d+)/g;

/** Each bundle's map, read once; `undefined` when this checkout has no such build. */
function sourceMaps(repositoryRoot) {
  const maps = new Map();
  return (service, bundle) => {
    const key = `${service}/${bundle}`;
    if (!maps.has(key)) {
      const file = resolve(repositoryRoot, 'services', service, 'dist', `${bundle}.map`);
      maps.set(
        key,
        existsSync(file)
          ? { map: new SourceMap(JSON.parse(readFileSync(file, 'utf8'))), dir: dirname(file) }
          : undefined,
      );
    }
    return maps.get(key);
  };
}

/**
 * Replaces every `services/<service>/dist/<entry>.bundle.js:<line>:<column>` in `text` with the
 * source position it was built from, relative to the repository root; positions it cannot map are
 * left as they are, and listed in `unmapped`.
 */
export function mapStackTrace(text, repositoryRoot = root) {
  const mapOf = sourceMaps(repositoryRoot);
  const unmapped = [];
  const mapped = text.replace(BUNDLE_POSITION, (position, service, bundle, line, column) => {
    const entry = mapOf(service, bundle)?.map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry?.originalSource) {
      unmapped.push(position);
      return position;
    }
    const source = relative(repositoryRoot, resolve(mapOf(service, bundle).dir, entry.originalSource));
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
  return { mapped, unmapped };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { mapped, unmapped } = mapStackTrace(readFileSync(process.stdin.fd, 'utf8'));
  process.stdout.write(mapped);
  if (unmapped.length > 0) {
    process.stderr.write(
      `not mapped (no build of that bundle here, or a position outside it): ${[...new Set(unmapped)].join(', ')}\n`,
    );
    process.exitCode = 1;
  }
}
