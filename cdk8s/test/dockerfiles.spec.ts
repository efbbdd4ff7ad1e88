import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  BACKEND_SERVICE_NAMES,
  BACKEND_SERVICES,
  SERVICE_ENTRY_POINTS,
  SERVICE_PROCESS_ENV,
  WEB_APP,
  webContentSecurityPolicy,
} from '@platform/contracts';
import { parseAllDocuments } from 'yaml';
import { readRepoFile, repoRoot } from './support';

/** The Node services share one Dockerfile parameterised by SERVICE and PORT; web has its own. */
const dockerfileOf = (name: string): string[] =>
  name === WEB_APP.name ? ['services', name, 'Dockerfile'] : ['services', 'node-service.Dockerfile'];

const skaffoldArtifacts = parseAllDocuments(readRepoFile('skaffold.yaml'))
  .map((document) => document.toJS())
  .flatMap((config) => config.build?.artifacts ?? []);

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Dockerfile instructions, continuation lines joined, comments and heredoc bodies dropped. */
function instructions(dockerfile: string): Instruction[] {
  const result: Instruction[] = [];
  const lines = dockerfile.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    while (line.endsWith('\\')) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    const heredoc = /<<'?(\w+)'?/.exec(line);
    if (heredoc) while (lines[i + 1] !== undefined && lines[++i]!.trim() !== heredoc[1]);
    const [keyword, ...rest] = line.split(/\s+/);
    result.push({ keyword: keyword!.toUpperCase(), args: rest.join(' ') });
  }
  return result;
}

function resolveArg(image: string, args: readonly Instruction[]): string {
  return image.replace(/\$\{(\w+)\}/g, (_m, name: string) => {
    const arg = args.find((a) => a.keyword === 'ARG' && a.args.startsWith(`${name}=`));
    if (!arg) throw new Error(`ARG ${name} has no default`);
    return arg.args.slice(name.length + 1);
  });
}

const images = [...BACKEND_SERVICE_NAMES, WEB_APP.name];

/** Every npm workspace folder (root package.json `workspaces`, globs expanded). */
function workspaceFolders(): string[] {
  const { workspaces } = JSON.parse(readRepoFile('package.json')) as { workspaces: string[] };
  return workspaces
    .flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(join(repoRoot, pattern.slice(0, -2)), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
        : [pattern],
    )
    .filter((folder) => existsSync(join(repoRoot, folder, 'package.json')))
    .sort();
}

/** The Node.js version CI installs (.ci/node: one binary package per platform, all of one version). */
function ciNodeRuntime(): { version: string; major: number } {
  const lock = JSON.parse(readRepoFile('.ci', 'node', 'package-lock.json')) as {
    packages: Record<string, { version?: string }>;
  };
  const versions = new Set(
    Object.entries(lock.packages)
      .filter(([path]) => /^node_modules\/node-linux-[a-z0-9]+$/.test(path))
      .map(([, entry]) => entry.version),
  );
  expect([...versions]).toHaveLength(1);
  const [version] = [...versions] as [string];
  return { version, major: Number(version.split('.')[0]) };
}

/** The instructions of one stage (from its FROM to the next). */
function stage(all: readonly Instruction[], name: string): Instruction[] {
  const start = all.findIndex((i) => i.keyword === 'FROM' && i.args.endsWith(` AS ${name}`));
  if (start < 0) throw new Error(`no stage ${name}`);
  const next = all.findIndex((i, index) => index > start && i.keyword === 'FROM');
  return all.slice(start, next < 0 ? undefined : next);
}

/** Sources of the COPY instructions that read the build context (not another stage). */
function contextSources(instructions: readonly Instruction[]): string[] {
  return instructions
    .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from=') && !i.args.startsWith('<<'))
    .flatMap((i) =>
      i.args
        .split(/\s+/)
        .filter((arg) => !arg.startsWith('--'))
        .slice(0, -1),
    );
}

describe.each(images)('the Dockerfile of %s', (name) => {
  const dockerfile = readRepoFile(...dockerfileOf(name));
  const all = instructions(dockerfile);
  const stages = all.filter((i) => i.keyword === 'FROM');
  const runtimeStart = all.lastIndexOf(stages[stages.length - 1]!);
  const runtime = all.slice(runtimeStart);

  it('is multi-stage, the runtime stage last (the default target)', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(stages[stages.length - 1]!.args).toMatch(/ AS runtime$/);
  });

  it('pins every base image by an exact version', () => {
    const external = stages
      .map((from) => from.args.split(' ').find((arg) => !arg.startsWith('--'))!)
      .filter((base) => !/^[a-z]+$/.test(base));
    expect(external.length).toBeGreaterThan(0);
    for (const base of external) {
      const image = resolveArg(base, all);
      expect(image).toMatch(/:[^:]*\d+\.\d+\.\d+[^:]*$/);
      expect(image).not.toMatch(/:latest|:lts|:current/);
    }
  });

  // One runtime everywhere: the images run the Node.js version CI tests with (.ci/node's lock),
  // package.json's engines names and @types/node describes (bench/README.md has the figures it was chosen by).
  it('builds on the Node LTS image of the version CI runs and engines names', () => {
    const node = resolveArg('${NODE_IMAGE}', all);
    const { version, major } = ciNodeRuntime();
    expect(node).toMatch(/^node:\d+\.\d+\.\d+-(bookworm|trixie)-slim$/);
    expect(node).toBe(`node:${version}-${/-(bookworm|trixie)-slim$/.exec(node)![1]}-slim`);
    const { engines, devDependencies } = JSON.parse(readRepoFile('package.json')) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
    };
    expect(engines.node).toBe(`>=${major}`);
    // The types the code is checked against describe the same runtime.
    expect(devDependencies['@types/node']).toMatch(new RegExp(`^${major}\\.`));
  });

  // skaffold hashes (inputDigest) and watches exactly the files COPY names: with `COPY . .` any saved
  // file rebuilt all five images, and the migration Jobs re-ran with the new tags.
  it('gives npm ci the lock file and every workspace’s package.json, and nothing else of the context', () => {
    expect(contextSources(all)).not.toContain('.');
    const manifests = stage(all, 'manifests');
    expect(manifests[0]!.args).toBe('scratch AS manifests');
    const copied = contextSources(manifests);
    expect(copied.every((source) => /(^|\/)package(-lock)?\.json$/.test(source))).toBe(true);
    expect(copied.sort()).toEqual(
      ['package.json', 'package-lock.json', ...workspaceFolders().map((folder) => `${folder}/package.json`)].sort(),
    );
    const firstInstall = all.findIndex((i) => i.keyword === 'RUN' && i.args.includes('npm ci'));
    const sourcesBefore = contextSources(all.slice(0, firstInstall).filter((i) => !manifests.includes(i)));
    expect(sourcesBefore).toEqual([]);
  });

  it('installs from the lock file with npm ci', () => {
    const installs = all.filter((i) => i.keyword === 'RUN' && /\bnpm (install|i)\b/.test(i.args));
    expect(installs).toEqual([]);
    expect(all.some((i) => i.keyword === 'RUN' && i.args.includes('npm ci'))).toBe(true);
  });

  it('runs as a non-root user', () => {
    const users = runtime.filter((i) => i.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1]!.args.split(':')[0]!;
    expect(['root', '0']).not.toContain(user);
    expect(Number(user)).toBeGreaterThan(0);
  });

  if (name !== WEB_APP.name) {
    const service = BACKEND_SERVICES[name as keyof typeof BACKEND_SERVICES];

    it('runtime: production dependencies only, no npm left, entry point the server’s bundle in services/<name>', () => {
      const install = runtime.find((i) => i.keyword === 'RUN' && i.args.includes('npm ci'))!;
      expect(install.args).toContain('--omit=dev');
      expect(install.args).toContain('--workspace services/${SERVICE}');
      expect(install.args).toMatch(/rm -rf \/usr\/local\/lib\/node_modules\/npm/);
      expect(runtime.filter((i) => i.keyword === 'WORKDIR').pop()!.args).toBe('/app/services/${SERVICE}');
      expect(runtime.find((i) => i.keyword === 'CMD')!.args).toBe(`["node", "${SERVICE_ENTRY_POINTS.server}"]`);
      expect(runtime.find((i) => i.keyword === 'EXPOSE')!.args).toBe('${PORT}');
      expect(runtime.find((i) => i.keyword === 'ENV')!.args).toBe('NODE_ENV=production');
    });

    it('runtime: sets the contracts’ SERVICE_PROCESS_ENV, which npm start and the benchmarks use too', () => {
      // ENV key=value pairs, unquoted (the values have no spaces).
      const set = runtime.filter((i) => i.keyword === 'ENV').flatMap((i) => i.args.split(/\s+/));
      for (const [key, value] of Object.entries(SERVICE_PROCESS_ENV)) {
        expect(value).not.toMatch(/\s/);
        expect(set).toContain(`${key}=${value}`);
      }
    });

    it('listens on every interface of its pod (the default outside containers is loopback)', () => {
      const dev = all.slice(
        all.findIndex((i) => i.keyword === 'FROM' && i.args === 'build AS dev'),
        runtimeStart,
      );
      for (const stage of [dev, runtime]) {
        expect(stage.filter((i) => i.keyword === 'ENV').map((i) => i.args)).toContain('HOST=0.0.0.0');
      }
    });

    it('compiles with tsc -b, bundles each entry point and copies only dist folders into the runtime', () => {
      const build = stage(all, 'build').find(
        (i) => i.keyword === 'RUN' && i.args.includes('npx tsc -b services/${SERVICE}'),
      );
      expect(build?.args).toContain('node scripts/build/bundle-services.mjs ${SERVICE}');
      // The bundler's own modules (its plugins) must be in the build stage too.
      const bundlerImports = [
        ...readRepoFile('scripts/build/bundle-services.mjs').matchAll(/^import .* from '\.\/([^']+)';$/gm),
      ].map((match) => `scripts/build/${match[1]}`);
      expect(bundlerImports.length).toBeGreaterThan(0);
      expect(contextSources(stage(all, 'build'))).toEqual(expect.arrayContaining(bundlerImports));
      const copies = runtime.filter((i) => i.keyword === 'COPY');
      expect(copies.map((c) => c.args)).toEqual([
        '--from=manifests / ./',
        '--from=build /out/ ./',
        'scripts/build/warm-compile-cache.mjs /app/scripts/build/',
        // with the bundles' maps (in dist/), what an SRE maps a logged stack trace with
        'scripts/ops/map-stack-trace.mjs /app/scripts/ops/',
      ]);
    });

    // Node keeps one compile cache per uid: the cache is written at build time by the user the pods
    // run as, after the bundles are in place, then owned by root so that the service only reads it.
    it('runtime: compiles the bundles into Node’s compile cache at build time, as the pods’ user, read-only to them', () => {
      const cacheDir = runtime.find((i) => i.keyword === 'ENV' && i.args.startsWith('NODE_COMPILE_CACHE='))?.args;
      expect(cacheDir).toBe('NODE_COMPILE_CACHE=/app/node-compile-cache');
      const index = (predicate: (i: Instruction) => boolean) => runtime.findIndex(predicate);
      const bundlesIn = index((i) => i.keyword === 'COPY' && i.args === '--from=build /out/ ./');
      const owned = index((i) => i.keyword === 'RUN' && i.args.includes('chown 1000:1000 "$NODE_COMPILE_CACHE"'));
      const user = index((i) => i.keyword === 'USER' && i.args === '1000:1000');
      const warm = index((i) => i.keyword === 'RUN' && i.args === 'node /app/scripts/build/warm-compile-cache.mjs .');
      const handedToRoot = index(
        (i) =>
          i.keyword === 'RUN' &&
          i.args === 'chown -R root:root "$NODE_COMPILE_CACHE" && chmod -R a+rX,go-w "$NODE_COMPILE_CACHE"',
      );
      const users = runtime.filter((i) => i.keyword === 'USER').map((i) => i.args);
      expect(bundlesIn).toBeGreaterThan(-1);
      expect(owned).toBeGreaterThan(bundlesIn);
      expect(user).toBeGreaterThan(owned);
      expect(warm).toBeGreaterThan(user);
      expect(handedToRoot).toBeGreaterThan(warm);
      expect(users).toEqual(['1000:1000', 'root', '1000:1000']);
    });

    it('reads from the context only the service’s own folder, the libs, the build scripts, the dev compiler and the stack mapper', () => {
      expect(contextSources(all.filter((i) => !stage(all, 'manifests').includes(i))).sort()).toEqual(
        [
          'libs/',
          'scripts/build/bundle-services.mjs',
          'scripts/build/icu-free-start-up.mjs',
          'scripts/build/warm-compile-cache.mjs',
          'scripts/dev/transpile-on-change.mjs',
          'scripts/ops/map-stack-trace.mjs',
          'services/${SERVICE}/',
          'tsconfig.base.json',
        ].sort(),
      );
    });

    // tsc -b --watch held ~430 MiB for catalog and its libs, in containers limited to 256-320 MiB.
    it('dev target: transpiles each synced file alone and restarts with node --watch, no tsc --watch', () => {
      const dev = stage(all, 'dev');
      const [shell, flag, command] = JSON.parse(dev.find((i) => i.keyword === 'CMD')!.args) as string[];
      expect([shell, flag]).toEqual(['sh', '-c']);
      expect(command).not.toMatch(/tsc/);
      expect(command).toContain('node /app/scripts/dev/transpile-on-change.mjs "$SERVICE_DIR" /app/libs');
      expect(command).toContain('exec node --watch "$DEV_ENTRY"');
      expect(dev.find((i) => i.keyword === 'USER')!.args).toBe('node');
    });

    it('compiles on the builder’s own platform; the runtime stage is the target platform’s', () => {
      expect(stage(all, 'build')[0]!.args).toMatch(/^--platform=\$BUILDPLATFORM /);
      expect(runtime[0]!.args).not.toMatch(/--platform/);
    });

    it('is built by skaffold with this service as SERVICE and its port from libs/contracts as PORT', () => {
      const artifacts = skaffoldArtifacts.filter((artifact: any) => artifact.image.endsWith(`/${name}`));
      expect(artifacts.length).toBeGreaterThan(0);
      for (const artifact of artifacts) {
        expect(artifact.docker.dockerfile).toBe(dockerfileOf(name).join('/'));
        expect(artifact.docker.buildArgs).toEqual({ SERVICE: name, PORT: String(service.port) });
      }
    });

    it('refuses to build without SERVICE', () => {
      expect(all.some((i) => i.keyword === 'RUN' && i.args.startsWith('test -n "$SERVICE"'))).toBe(true);
    });

    it('has a dev target for skaffold file sync', () => {
      expect(stages.some((stage) => stage.args === 'build AS dev')).toBe(true);
    });
  } else {
    it('serves the built app with an unprivileged nginx on the web port, with an SPA fallback', () => {
      expect(resolveArg(stages[stages.length - 1]!.args.split(' ')[0]!, all)).toMatch(
        /^nginxinc\/nginx-unprivileged:\d+\.\d+\.\d+-alpine$/,
      );
      expect(all.some((i) => i.keyword === 'RUN' && i.args.includes('npm run build -w services/web'))).toBe(true);
      expect(dockerfile).toContain(`listen ${WEB_APP.port};`);
      expect(dockerfile).toContain('try_files $uri $uri/ /index.html;');
    });

    it('answers its health probe on the management port only (no Ingress routes it)', () => {
      const servers = dockerfile.split(/^server \{$/m).slice(1);
      const publicServer = servers.find((server) => server.includes(`listen ${WEB_APP.port};`))!;
      const management = servers.find((server) => server.includes(`listen ${WEB_APP.managementPort};`))!;
      expect(publicServer).not.toContain('/healthz');
      expect(management).toContain('location = /healthz');
      expect(management).not.toContain('root ');
    });

    it('installs the web app’s dependencies and its tests’ only, not the infrastructure workspaces', () => {
      const install = all.find((i) => i.keyword === 'RUN' && i.args.includes('npm ci'))!;
      expect(install.args).toContain('--workspace services/web');
      expect(install.args).not.toMatch(/cdk8s|pulumi|bench/);
    });

    it('sends the app’s Content-Security-Policy, media origins filled in at start from platform-config', () => {
      const [, policy] = /add_header Content-Security-Policy "([^"]+)" always;/.exec(dockerfile)!;
      expect(policy).toBe(webContentSecurityPolicy(['${CSP_MEDIA_SOURCES}']));
      expect(policy).not.toContain('unsafe-inline');
      expect(dockerfile).toContain("COPY --chmod=755 <<'SH' /docker-entrypoint.d/15-media-sources.envsh");
      expect(dockerfile).toContain('ENV NGINX_ENVSUBST_OUTPUT_DIR=/tmp');
      expect(dockerfile).toContain('include /tmp/web/*.conf;');
    });
  }
});

describe('runtime images', () => {
  const lock = JSON.parse(readRepoFile('package-lock.json')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };

  // `npm ci --omit=dev --workspace services/<name>` installs every package the lock file does not
  // flag dev that the service's dependency tree reaches, through dev edges too: s3rver, a production
  // dependency of bench, landed in media's runtime image.
  it.each(['s3rver', '@types/s3rver', 'jest', 'supertest', 'aws-cdk-lib', 'autocannon'])(
    '%s is flagged dev in the lock file, so no runtime image installs it',
    (name) => {
      const entry = lock.packages[`node_modules/${name}`];
      expect(entry).toBeDefined();
      expect({ name, dev: entry!.dev ?? false }).toEqual({ name, dev: true });
    },
  );

  it('bench ships nowhere: it has no production dependencies', () => {
    expect(JSON.parse(readRepoFile('bench', 'package.json')).dependencies).toBeUndefined();
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, build output, git and local state out of the build context', () => {
    const ignored = readRepoFile('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '.git', '.platform', '.env']) expect(ignored).toContain(entry);
    // Tests are no input of a Node service image: saving one must not rebuild it.
    for (const entry of ['libs/*/test', 'services/*/test', '**/*.spec.ts']) expect(ignored).toContain(entry);
  });
});
