#!/usr/bin/env node
// The `dev` image target's compiler (skaffold file sync): transpiles each synced .ts file into its
// project's dist/, where `node --watch` restarts the service. Not `tsc -b --watch`, which outgrows
// the container's memory limit; not esbuild/swc, whose decorator metadata differs from TypeScript's
// (Nest's injection reads it). isolatedModules makes one file emit what the whole program would.
//
// Usage: node transpile-on-change.mjs <folder>...  (watched recursively; each .ts under a src/
// folder next to a tsconfig.json is compiled to that project's outDir)
import { existsSync, mkdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const ts = createRequire(import.meta.url)('typescript');
const projects = new Map();

/** The project (folder with tsconfig.json) a source file belongs to, with its compiler options. */
function projectOf(file) {
  const marker = `${sep}src${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return undefined;
  const root = file.slice(0, at);
  if (!projects.has(root)) {
    const configFile = join(root, 'tsconfig.json');
    const parsed = existsSync(configFile)
      ? ts.getParsedCommandLineOfConfigFile(
          configFile,
          {},
          { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
        )
      : undefined;
    projects.set(root, parsed && { root, options: parsed.options });
  }
  return projects.get(root);
}

function isSource(file) {
  return file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.spec.ts');
}

function writeIfChanged(file, content) {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return false;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return true;
}

/** Transpiles (or, once deleted, removes the output of) one source file; answers what it did. */
export function compileFile(file) {
  const project = projectOf(file);
  if (!project || !isSource(file)) return 'ignored';
  const { options } = project;
  const rootDir = options.rootDir ?? join(project.root, 'src');
  const outDir = options.outDir ?? join(project.root, 'dist');
  const output = join(outDir, relative(rootDir, file)).replace(/\.ts$/, '.js');
  if (!existsSync(file)) {
    rmSync(output, { force: true });
    rmSync(`${output}.map`, { force: true });
    return 'removed';
  }
  const result = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: { ...options, declaration: false, declarationMap: false, composite: false, incremental: false },
    fileName: file,
    reportDiagnostics: true,
  });
  for (const diagnostic of result.diagnostics ?? []) {
    console.error(`${relative(process.cwd(), file)}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
  }
  const changed = writeIfChanged(output, result.outputText);
  if (result.sourceMapText) writeIfChanged(`${output}.map`, result.sourceMapText);
  return changed ? 'compiled' : 'unchanged';
}

export function watchFolders(folders, log = (line) => console.log(line)) {
  const watchers = folders.map((folder) =>
    watch(resolve(folder), { recursive: true }, (_event, name) => {
      if (!name || !String(name).endsWith('.ts')) return;
      const file = join(resolve(folder), String(name));
      try {
        const outcome = compileFile(file);
        if (outcome === 'compiled' || outcome === 'removed') log(`${outcome} ${relative(process.cwd(), file)}`);
      } catch (error) {
        console.error(`${file}: ${error instanceof Error ? error.message : error}`);
      }
    }),
  );
  return { close: () => watchers.forEach((watcher) => watcher.close()) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const folders = process.argv.slice(2);
  if (folders.length === 0) {
    console.error('usage: transpile-on-change.mjs <folder>...');
    process.exit(2);
  }
  watchFolders(folders);
  console.log(`transpiling saved TypeScript under ${folders.join(', ')}`);
}
