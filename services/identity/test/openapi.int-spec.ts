import { openApiDocumentProblems } from '@platform/service-testing';
import { API, IdentityHarness } from './identity-harness';

describe('identity: the OpenAPI document it serves', () => {
  let harness: IdentityHarness;

  beforeAll(async () => {
    harness = await IdentityHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('passes the linter, refers to no `Object` schema and gives every client error the one error body', async () => {
    expect(await openApiDocumentProblems(harness.identity.management, API)).toEqual([]);
  });
});
