#!/usr/bin/env node
// `npm run generate:contracts`: rewrites the committed documents generated from libs/contracts (the
// events' AsyncAPI document) from the built lib. A test fails while a committed one is stale.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
execFileSync('npx', ['tsc', '-b', 'libs/contracts'], { cwd: root, stdio: 'inherit' });
const contracts = createRequire(import.meta.url)(join(root, 'libs/contracts/dist/index.js'));
const target = join(root, contracts.ASYNCAPI_DOCUMENT_PATH);
writeFileSync(target, `${JSON.stringify(contracts.buildAsyncApiDocument(), null, 2)}\n`);
execFileSync('npx', ['prettier', '--write', '--log-level', 'warn', target], { cwd: root, stdio: 'inherit' });
console.log(`wrote ${contracts.ASYNCAPI_DOCUMENT_PATH}`);
