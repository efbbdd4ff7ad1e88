import { COPY_OBJECT_MAX_BYTES } from '../storage/object-storage';
import { UPLOAD_POLICY } from './upload-policy';

describe('UPLOAD_POLICY', () => {
  // `complete` moves a checked file to its final key with one CopyObject (ObjectStorage.copy): a
  // purpose allowing larger files would need a multipart copy (UploadPartCopy) first.
  it('allows no file larger than one server-side copy can move', () => {
    for (const [purpose, policy] of Object.entries(UPLOAD_POLICY)) {
      expect([purpose, policy.maxBytes <= COPY_OBJECT_MAX_BYTES]).toEqual([purpose, true]);
    }
  });
});
