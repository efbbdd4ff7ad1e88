// Bundles each backend service's entry points (tsc's dist/ output, so decorator metadata is kept)
// into one file each: dist/<entry>.bundle.js beside dist/<entry>.js, which is what the images,
// `npm start`, the process tests and the benchmarks run (libs/contracts SERVICE_ENTRY_POINTS).
// Loading one file instead of ~2,500 modules is most of a service's start-up CPU (bench/README.md,
// docs/decisions/service-bundles.md). Run by `npm run build` after tsc; `node scripts/build/bundle-services.mjs [service...]`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { mikroOrmEntityOrderWithoutCollator, nestDateFormatterOnFirstUse } from './icu-free-start-up.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Each service's entry points (dist/<name>.js → dist/<name>.bundle.js). */
const SERVICES = {
  identity: ['main', 'migrate'],
  catalog: ['main', 'migrate'],
  progress: ['main', 'migrate'],
  media: ['main', 'migrate', 'worker'],
};

/**
 * The tracing SDK, which libs/telemetry requires only when an OTLP endpoint is configured: code a
 * service without one would carry in its bundle for nothing. @opentelemetry/api
 * stays bundled; the SDK's own copy from disk shares its global registration (same version).
 */
const TRACING_SDK = [
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/resources',
  '@opentelemetry/instrumentation',
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-pg',
  '@opentelemetry/instrumentation-nestjs-core',
  '@opentelemetry/exporter-trace-otlp-proto',
];

/**
 * Loaded from node_modules at run time, not bundled: native addons (argon2, sharp); packages that
 * serve files found next to their own code (swagger-ui-dist's assets); and pg, which the tracing
 * SDK patches as Node's loader requires it (Nest's core, bundled, is patched through
 * TRACED_IN_BUNDLE instead: libs/telemetry).
 */
const EXTERNAL = ['argon2', 'sharp', 'swagger-ui-dist', 'pg', 'pg-pool', ...TRACING_SDK];

/**
 * Code an entry point's process never runs, left on disk so that its source is not held in every
 * process's heap (a bundle's source stays in memory as one string):
 * gRPC, which @nestjs/microservices requires only for its gRPC transport, and the migrator (umzug and
 * its command-line tooling), which only the migrate entry runs. Were one required after all, Node
 * would load it from node_modules, and the requires below would still give it the bundle's copies.
 */
const NOT_RUN_BY = {
  main: ['@grpc/grpc-js', '@grpc/proto-loader', '@mikro-orm/migrations'],
  worker: ['@grpc/grpc-js', '@grpc/proto-loader', '@mikro-orm/migrations'],
  migrate: ['@grpc/grpc-js', '@grpc/proto-loader'],
};

/**
 * Code a process loads only when a rarely used feature first asks for it, left on disk for the same
 * reason: identity's password dictionaries (zxcvbn-ts, the largest part of its bundle), which only choosing a
 * password loads (sign-up, password change or reset); a process serving sign-ins never does.
 */
const LOADED_ON_FIRST_USE = ['@zxcvbn-ts/core', '@zxcvbn-ts/language-common', '@zxcvbn-ts/language-en'];

/**
 * Packages some code requires under a computed name (`require(name)`), which a bundle leaves to
 * Node: @mikro-orm/nestjs finds @mikro-orm/knex so, MikroORM its Migrator, and the compiled
 * migrations (files of their own) require @mikro-orm/migrations. Without this they would load a
 * second copy from disk whose classes the bundled code does not recognise; the bundle answers such
 * requires with its own copy when it has one.
 */
const SHARED_WITH_DYNAMIC_REQUIRES = {
  main: ['@mikro-orm/core', '@mikro-orm/knex', '@mikro-orm/postgresql'],
  worker: ['@mikro-orm/core', '@mikro-orm/knex', '@mikro-orm/postgresql'],
  migrate: ['@mikro-orm/core', '@mikro-orm/knex', '@mikro-orm/postgresql', '@mikro-orm/migrations'],
};

/** Bundled modules the tracing SDK's instrumentations patch: handed to libs/telemetry by name. */
const TRACED_IN_BUNDLE = [
  '@nestjs/core',
  '@nestjs/core/package.json',
  '@nestjs/core/nest-factory.js',
  '@nestjs/core/router/router-execution-context.js',
];

/**
 * Resolves what stays outside the bundle. An external is required from the bundle's folder at run
 * time, which may find another version than its importer did (the libs' own node_modules, e.g.
 * libs/telemetry's OpenTelemetry 2.x under a hoisted 1.x): such a require names the importer's
 * copy by a path relative to the bundle. Optional peers that are not installed (other databases'
 * drivers, other transports) are left to a runtime require, which fails as it would without a bundle.
 */
function externals(distDir, entry) {
  const fromBundle = createRequire(join(distDir, 'index.js'));
  const resolvedFrom = (resolve, request) => {
    try {
      return resolve(request);
    } catch {
      return undefined;
    }
  };
  const isExternal = (request) =>
    [...EXTERNAL, ...NOT_RUN_BY[entry], ...LOADED_ON_FIRST_USE].some(
      (name) => request === name || request.startsWith(`${name}/`),
    );
  return {
    name: 'externals',
    setup(bundler) {
      bundler.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind !== 'require-call' && args.kind !== 'import-statement' && args.kind !== 'dynamic-import')
          return undefined;
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        const fromImporter = resolvedFrom(createRequire(join(args.resolveDir, 'index.js')).resolve, args.path);
        if (!fromImporter) return { path: args.path, external: true };
        if (!isExternal(args.path)) return undefined;
        if (resolvedFrom(fromBundle.resolve, args.path) === fromImporter) return { path: args.path, external: true };
        return { path: `./${relative(distDir, fromImporter)}`, external: true };
      });
    },
  };
}

/**
 * One copy of each package version: npm installs the same version once per workspace that cannot
 * share the hoisted one (zod 4 sits in libs/contracts, libs/service-kit and each service, under a
 * hoisted zod 3), and Node loads each copy; the bundle keeps the first one it meets and points the
 * others' importers at it.
 */
function samePackageVersionOnce() {
  const firstRoot = new Map();
  return {
    name: 'same-package-version-once',
    setup(bundler) {
      bundler.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.resolvingOnce) return undefined;
        const { kind, resolveDir, importer } = args;
        const result = await bundler.resolve(args.path, {
          kind,
          resolveDir,
          importer,
          pluginData: { resolvingOnce: true },
        });
        if (result.errors.length > 0 || result.external) return undefined;
        const root = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(result.path)?.[1];
        if (!root || !existsSync(join(root, 'package.json')))
          return { path: result.path, sideEffects: result.sideEffects };
        const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
        const key = `${name}@${version}`;
        if (!firstRoot.has(key)) firstRoot.set(key, root);
        return { path: join(firstRoot.get(key), relative(root, result.path)), sideEffects: result.sideEffects };
      });
    },
  };
}

function entrySource(entry) {
  const table = (names) =>
    names.map((name) => `  ${JSON.stringify(name)}: () => require(${JSON.stringify(name)}),`).join('\n');
  return `const Module = require('node:module');
const shared = {
${table(SHARED_WITH_DYNAMIC_REQUIRES[entry] ?? [])}
};
const traced = {
${table(TRACED_IN_BUNDLE)}
};
globalThis[Symbol.for('platform.bundled-modules')] = (name) => (Object.hasOwn(traced, name) ? traced[name]() : undefined);
const load = Module._load;
Module._load = function loadBundledCopy(request, parent, isMain) {
  return Object.hasOwn(shared, request) ? shared[request]() : load.call(this, request, parent, isMain);
};
require('./${entry}.js');
`;
}

/**
 * Escapes what esbuild leaves unescaped (non-ASCII characters in regular expression literals, e.g.
 * validator's alphabets): one such character makes V8 hold the whole bundle's source as a two-byte
 * string, twice its size in memory. \uXXXX means the same code unit in strings, templates and
 * regular expressions, with or without the u flag.
 */
function asciiOnly(code) {
  return code.replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

async function bundle(service, entry) {
  const distDir = join(root, 'services', service, 'dist');
  if (!existsSync(join(distDir, `${entry}.js`)))
    throw new Error(`${service}: dist/${entry}.js missing: run tsc -b first`);
  const outfile = join(distDir, `${entry}.bundle.js`);
  const result = await build({
    stdin: { contents: entrySource(entry), resolveDir: distDir, sourcefile: `${entry}.bundle-entry.js`, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    outfile,
    // tsc's JavaScript, never the libs' TypeScript sources that tsconfig's `paths` point to
    // (esbuild would compile those without decorator metadata, and Nest could not inject).
    tsconfigRaw: '{}',
    // CommonJS builds only: an ESM wrapper (index.mjs) of a CommonJS package would load a second copy.
    mainFields: ['main'],
    conditions: ['require', 'node'],
    // Class and function names stay: Nest's injection tokens and MikroORM's entity names are them.
    keepNames: true,
    minifyWhitespace: true,
    minifySyntax: true,
    // Short local names: the source is held in every process's heap, and names were much of it.
    // A stack frame's class then reads as its short name (`at xe.publish`); the bundle's map has the
    // original (`npm run map-stack-trace`).
    minifyIdentifiers: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    charset: 'ascii',
    logLevel: 'error',
    metafile: true,
    write: false,
    plugins: [
      externals(distDir, entry),
      samePackageVersionOnce(),
      nestDateFormatterOnFirstUse(),
      mikroOrmEntityOrderWithoutCollator(),
    ],
  });
  for (const file of result.outputFiles) {
    writeFileSync(file.path, file.path.endsWith('.js') ? asciiOnly(file.text) : file.contents);
  }
  const bytes = Object.values(result.metafile.outputs).find((output) => output.entryPoint !== undefined)?.bytes ?? 0;
  console.log(
    `${relative(root, outfile)}: ${(bytes / 1e6).toFixed(1)} MB, ${Object.keys(result.metafile.inputs).length} modules`,
  );
}

const requested = process.argv.slice(2);
const services = requested.length > 0 ? requested : Object.keys(SERVICES);
for (const service of services) {
  if (!SERVICES[service]) throw new Error(`unknown service ${service}; one of ${Object.keys(SERVICES).join(', ')}`);
  await Promise.all(SERVICES[service].map((entry) => bundle(service, entry)));
}
