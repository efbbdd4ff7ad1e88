import { openApiDocumentProblems } from '@platform/service-testing';
import { API, ProgressHarness } from './progress-harness';

describe('progress: the OpenAPI document it serves', () => {
  let harness: ProgressHarness;

  beforeAll(async () => {
    harness = await ProgressHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('passes the linter, refers to no `Object` schema and gives every client error the one error body', async () => {
    expect(await openApiDocumentProblems(harness.progress.management, API)).toEqual([]);
  });
});
