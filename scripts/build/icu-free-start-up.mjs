// esbuild plugins for the service bundles (bundle-services.mjs): two things every service did at
// start that made it read megabytes of the ICU data inside the node binary, resident for the
// process's life (bench/README.md "Where the idle memory is after the release"). Each plugin fails
// the build if the code it expects is gone, so a dependency's upgrade cannot drop it silently.
import { readFileSync } from 'node:fs';

/**
 * One onLoad plugin that rewrites one exact piece of a dependency's file, or fails the build.
 * `appended` goes after the module's code: a function declaration is hoisted from there, where
 * before the code it would displace a 'use strict' directive.
 */
function rewrite(name, filter, pattern, replacement, appended = '') {
  return {
    name,
    setup(bundler) {
      bundler.onLoad({ filter }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const found = pattern.exec(source);
        if (!found || pattern.test(source.slice(found.index + found[0].length)))
          throw new Error(
            `${args.path}: the code ${name} rewrites is not there once; update scripts/build/icu-free-start-up.mjs`,
          );
        // Spliced, not String#replace: a `$` in the replacement must stay a `$`.
        const rewritten =
          source.slice(0, found.index) + replacement(found) + source.slice(found.index + found[0].length);
        return { contents: `${rewritten}\n${appended}`, loader: 'js' };
      });
    },
  };
}

/**
 * Nest's logger and console logger each build an `Intl.DateTimeFormat` when their modules load,
 * which every service does and none uses (they log through pino). In the bundle each is built with
 * the first line Nest's own loggers format.
 */
export function nestDateFormatterOnFirstUse() {
  return rewrite(
    'nest-date-formatter-on-first-use',
    /[\\/]@nestjs[\\/]common[\\/]services[\\/](console-)?logger\.service\.js$/,
    /const dateTimeFormatter = new Intl\.DateTimeFormat\(([^;]*?)\);/,
    ([, options]) => `let dateTimeFormatterCreated;
const dateTimeFormatter = { format: (time) => (dateTimeFormatterCreated ??= new Intl.DateTimeFormat(${options})).format(time) };`,
  );
}

/**
 * The order `String.prototype.localeCompare` gives, in the default locale, to names made of ASCII
 * letters, digits, `_` and `$` (class names): case-insensitive first, `_` before `$` before digits
 * before letters, shorter first; then, at the first difference of case, lower case first. Other
 * characters sort by code unit after those (not what ICU would do: no entity name has them).
 */
export function compareNamesLikeLocale(a, b) {
  const weight = (code) => {
    if (code === 95) return 1;
    if (code === 36) return 2;
    if (code >= 48 && code <= 57) return code - 45;
    if (code >= 65 && code <= 90) return code - 52;
    if (code >= 97 && code <= 122) return code - 84;
    return code + 100;
  };
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const difference = weight(a.charCodeAt(index)) - weight(b.charCodeAt(index));
    if (difference !== 0) return Math.sign(difference);
  }
  if (a.length !== b.length) return Math.sign(a.length - b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return x > y ? -1 : 1;
  }
  return 0;
}

/**
 * MikroORM sorts the discovered entities by name with `localeCompare`, which builds the default
 * collator: in the bundle it compares with compareNamesLikeLocale, the same order for class names.
 */
export function mikroOrmEntityOrderWithoutCollator() {
  return rewrite(
    'mikro-orm-entity-order-without-collator',
    /[\\/]@mikro-orm[\\/]core[\\/]metadata[\\/]MetadataDiscovery\.js$/,
    /b\.root\.name\.localeCompare\(a\.root\.name\)/,
    () => 'compareNamesLikeLocale(b.root.name, a.root.name)',
    compareNamesLikeLocale.toString(),
  );
}
