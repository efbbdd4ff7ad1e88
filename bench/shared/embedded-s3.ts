import { startEmbeddedObjectStore } from '@platform/testing';

export interface EmbeddedS3 {
  /** `http://127.0.0.1:<port>`: the S3_ENDPOINT of the services under benchmark. */
  readonly endpoint: string;
  close(): Promise<void>;
}

/** `npm start`'s object store on a free loopback port with one bucket, its objects kept in `directory` (the benchmark's scratch folder). */
export async function startEmbeddedS3(directory: string, bucket: string): Promise<EmbeddedS3> {
  const store = await startEmbeddedObjectStore(directory, bucket);
  return { endpoint: store.endpoint, close: () => store.close() };
}
