import S3rver from 's3rver';

export interface EmbeddedS3 {
  /** `http://127.0.0.1:<port>`: the S3_ENDPOINT of the services under benchmark. */
  readonly endpoint: string;
  close(): Promise<void>;
}

/** s3rver on a free loopback port with one bucket, its objects kept in `directory` (the benchmark's scratch folder). */
export async function startEmbeddedS3(directory: string, bucket: string): Promise<EmbeddedS3> {
  const s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = (await s3.run()) as unknown as { port: number };
  return { endpoint: `http://127.0.0.1:${port}`, close: () => s3.close() };
}
