// Two kinds of tests (STYLE.md): `*.spec.ts` next to the code need no I/O; `test/*.int-spec.ts`
// are black-box tests against the machine's real PostgreSQL, RabbitMQ, SMTP catcher and S3 API.
// Jest tries these in order: bench's door first, then every lib's index.
const moduleNameMapper = {
  '^@platform/bench$': '<rootDir>/bench/index.ts',
  '^@platform/([a-z-]+)$': '<rootDir>/libs/$1/src',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
};
const common = { rootDir: __dirname, testEnvironment: 'node', moduleNameMapper, transform };

/** @type {import('jest').Config} */
module.exports = {
  // Jest reads the timeout from the top level only; integration and browser tests start real servers.
  testTimeout: 120000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/*/src/**/*.spec.ts',
        '<rootDir>/services/*/src/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/libs/*/test/**/*.int-spec.ts', '<rootDir>/services/*/test/**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/scripts/e2e/**/*.e2e-spec.ts'],
    },
    {
      ...common,
      displayName: 'infra',
      testMatch: ['<rootDir>/cdk8s/test/**/*.spec.ts', '<rootDir>/pulumi/test/**/*.spec.ts'],
    },
    {
      // The web app in Debian's Chromium (playwright-core): its shell served statically, and the
      // user journeys against a whole platform started by the tests (services/web/test).
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/services/web/test/**/*.browser-spec.ts'],
    },
  ],
};
