import { startObjectStore, type TestObjectStore } from './media-test-kit';

/** The embedded object store (`npm start`'s s3rver) under what media does to it in a load run. */
describe('embedded object store', () => {
  let store: TestObjectStore;
  beforeAll(async () => {
    store = await startObjectStore('race-test');
  });
  afterAll(() => store.close());

  it('answers every PUT while the last object of the same folder is deleted beside it', async () => {
    const folder = `${store.endpoint}/race-test/incoming/lesson-video`;
    const body = Buffer.alloc(32 * 1024, 7);
    const statuses: number[] = [];
    // s3rver 3.7 removed the folder with its last object: the PUT beside it answered 500 or crashed the store.
    for (let index = 0; index < 60; index++) {
      await fetch(`${folder}/first-${index}.mp4`, { method: 'PUT', body });
      const [put] = await Promise.all([
        fetch(`${folder}/second-${index}.mp4`, { method: 'PUT', body }),
        fetch(`${folder}/first-${index}.mp4`, { method: 'DELETE' }),
      ]);
      statuses.push(put.status);
      await fetch(`${folder}/second-${index}.mp4`, { method: 'DELETE' });
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(store.process.exitCode).toBeNull();
  });

  it('forgets a deleted object, and lists only the objects left', async () => {
    const folder = `${store.endpoint}/race-test/covers`;
    await fetch(`${folder}/kept.png`, { method: 'PUT', body: 'kept' });
    await fetch(`${folder}/gone.png`, { method: 'PUT', body: 'gone' });
    expect((await fetch(`${folder}/gone.png`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${folder}/gone.png`)).status).toBe(404);
    const listing = await (await fetch(`${store.endpoint}/race-test?prefix=covers/`)).text();
    expect(listing).toContain('<Key>covers/kept.png</Key>');
    expect(listing).not.toContain('gone.png');
  });
});
