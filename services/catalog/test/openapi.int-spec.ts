import { openApiDocumentProblems } from '@platform/service-testing';
import { API, CatalogHarness } from './catalog-harness';

describe('catalog: the OpenAPI document it serves', () => {
  let harness: CatalogHarness;

  beforeAll(async () => {
    harness = await CatalogHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('passes the linter, refers to no `Object` schema and gives every client error the one error body', async () => {
    expect(await openApiDocumentProblems(harness.catalog.management, API)).toEqual([]);
  });
});
