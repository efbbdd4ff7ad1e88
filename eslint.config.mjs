// Root ESLint config (flat). Module boundaries are real constraints over Nx tags (STYLE.md):
// apps use libs; libs never use apps; services never import each other; infrastructure code
// (cdk8s, pulumi) reads only the contracts.
import { readCachedProjectGraph } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// Without Nx's project graph the boundaries rule only warns and skips itself: refuse instead.
try {
  readCachedProjectGraph();
} catch {
  throw new Error(
    'ESLint needs the Nx project graph to check module boundaries: run `npx nx show projects` first (`npm run lint` does).',
  );
}

const DEP_CONSTRAINTS = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:lib', 'type:testing'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
  // scripts/: the local platform launcher, dev tools and the e2e suite (which runs bench's load generator).
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing', 'type:bench'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:identity', 'scope:shared'] },
  { sourceTag: 'scope:catalog', onlyDependOnLibsWithTags: ['scope:catalog', 'scope:shared'] },
  { sourceTag: 'scope:progress', onlyDependOnLibsWithTags: ['scope:progress', 'scope:shared'] },
  { sourceTag: 'scope:media', onlyDependOnLibsWithTags: ['scope:media', 'scope:shared'] },
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
  { sourceTag: 'scope:infra', onlyDependOnLibsWithTags: ['scope:infra', 'scope:shared'] },
  { sourceTag: 'scope:bench', onlyDependOnLibsWithTags: ['scope:bench', 'scope:shared'] },
  { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform', 'scope:bench', 'scope:shared'] },
];

// A lib is imported through its alias and index.ts, never by a path into it (STYLE.md).
const DEEP_IMPORTS = {
  patterns: [
    {
      regex: '^@platform/[a-z-]+/',
      message: 'Import the lib through its alias (@platform/<lib>) and its index.ts, not a path inside it.',
    },
  ],
};

// Tests may also use the testing lib (real databases, token issuer), which production code may not.
const TEST_DEP_CONSTRAINTS = DEP_CONSTRAINTS.map((constraint) =>
  ['type:lib', 'type:app'].includes(constraint.sourceTag)
    ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] }
    : constraint,
);

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '**/.nx/**',
      'cdk8s/imports/**',
      'charts/**',
      '**/migrations/**',
      'bench/results/**',
      'test-output/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // No consistent-type-imports: Nest's DI reads constructor parameter types from decorator
      // metadata, which a type-only import would erase.
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'no-restricted-imports': ['error', DEEP_IMPORTS],
      // em.create calls an entity's constructor by its parameters' names, read from the source,
      // which the service bundles minify (docs/decisions/service-bundles.md): construct entities.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='create']:matches([callee.object.name=/^(em|entityManager)$/], [callee.object.property.name=/^(em|entityManager)$/])",
          message: 'construct the entity (new Course(...)) instead: em.create maps constructor parameters by name',
        },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: DEP_CONSTRAINTS,
        },
      ],
    },
  },
  {
    // CLIs and scripts print to the terminal on purpose.
    files: [
      '**/migrate.ts',
      '**/seed.ts',
      '**/*-command.ts',
      '**/worker.ts',
      '**/cli/**/*.ts',
      'bench/**/*.ts',
      '**/scripts/**/*.ts',
      'cdk8s/src/main.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: TEST_DEP_CONSTRAINTS },
      ],
    },
  },
);
