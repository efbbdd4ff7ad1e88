import type { ChildProcess } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, createDeflate } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BACKEND_SERVICES } from '@platform/contracts';
import { connectEventConsumer, consumerTopology, topologyQueues } from '@platform/messaging';
import { createServiceApp, loadConfig } from '@platform/service-kit';
import { TestEventBroker } from '@platform/service-testing';
import { startEmbeddedObjectStore, testEnvironment } from '@platform/testing';
import { MediaConfig, mediaQueues } from '../src/config/media.config';
import { WorkerModule } from '../src/worker.module';

export interface TestObjectStore {
  readonly endpoint: string;
  /** Env of a media service using this store. */
  readonly env: Record<string, string>;
  /** The store's process (it can be killed, as a crash would end it). */
  readonly process: ChildProcess;
  close(): Promise<void>;
}

/** The embedded object store (`npm start`'s) in a temporary folder, with the env of a media service using it. */
export async function startObjectStore(bucket = 'media-test'): Promise<TestObjectStore> {
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  const store = await startEmbeddedObjectStore(directory, bucket);
  return {
    endpoint: store.endpoint,
    process: store.process,
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: store.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    },
    close: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A TCP proxy in front of the object store that a test can cut, as a network outage would. */
export interface FaultyLink {
  readonly endpoint: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startFaultyLink(target: string): Promise<FaultyLink> {
  const { hostname, port } = new URL(target);
  let broken = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (broken) return client.destroy();
    const upstream = createConnection({ host: hostname, port: Number(port) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    cut: () => {
      broken = true;
      for (const socket of sockets) socket.destroy();
    },
    restore: () => {
      broken = false;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The media worker, in-process but wired exactly as `node dist/worker.js` (its own Nest app, queue
 * and HTTP port for health/metrics), sharing the service's database and exchange.
 */
export async function startWorker(
  serviceConfig: MediaConfig,
  env: Record<string, string>,
): Promise<NestFastifyApplication> {
  const config = loadConfig(
    MediaConfig,
    testEnvironment({
      ...env,
      DATABASE_NAME: serviceConfig.DATABASE_NAME,
      EVENTS_EXCHANGE: serviceConfig.EVENTS_EXCHANGE,
    }),
  );
  const worker = await createServiceApp(WorkerModule.forRoot(config), {
    routePrefix: `${BACKEND_SERVICES.media.routePrefix}-worker`,
    title: 'media-worker',
    config,
  });
  connectEventConsumer(worker);
  await worker.startAllMicroservices();
  await worker.listen(0, '127.0.0.1');
  return worker;
}

/** Removes what a test run declared on the broker: its exchange and media's queues on it. */
export async function deleteBrokerTopology(config: MediaConfig, workerConfig = config): Promise<void> {
  const queues = mediaQueues(config);
  const topologies = [
    consumerTopology(queues.service, 5, 1000),
    consumerTopology(queues.worker, workerConfig.WORKER_MAX_ATTEMPTS, workerConfig.WORKER_RETRY_BASE_MS),
  ];
  const broker = await TestEventBroker.connect(config.EVENTS_EXCHANGE);
  try {
    await broker.removeTopology(topologies.flatMap(topologyQueues));
  } finally {
    await broker.close();
  }
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, checksum]);
}

/**
 * A real decompression bomb: a valid greyscale PNG of width × height black pixels whose rows
 * deflate to almost nothing (20000 × 20000 is ~380 KiB on disk, 400 MB once decoded).
 */
export async function decompressionBomb(width: number, height: number): Promise<Buffer> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const deflate = createDeflate({ level: 9 });
  const compressed: Buffer[] = [];
  deflate.on('data', (data: Buffer) => compressed.push(data));
  const finished = new Promise((resolve) => deflate.on('end', resolve));
  const row = Buffer.alloc(width + 1); // filter byte + pixels
  for (let y = 0; y < height; y++) {
    if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await finished;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', Buffer.concat(compressed)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const encode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Checks a presigned S3 URL (SigV4 query signing) the way S3 and MinIO do, for one HTTP method and
 * header values: s3rver accepts any V4 signature, so the tests verify them independently here.
 */
export function presignedUrlAllows(
  url: string,
  method: string,
  secretAccessKey: string,
  headers: Record<string, string> = {},
): boolean {
  const parsed = new URL(url);
  const query = parsed.searchParams;
  const signedHeaders = (query.get('X-Amz-SignedHeaders') ?? '').split(';');
  const values: Record<string, string> = { host: parsed.host, ...headers };
  const canonicalQuery = [...query.entries()]
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => `${encode(key)}=${encode(value)}`)
    .sort()
    .join('&');
  const canonicalRequest = [
    method,
    parsed.pathname,
    canonicalQuery,
    ...signedHeaders.map((name) => `${name}:${(values[name] ?? '').trim()}`),
    '',
    signedHeaders.join(';'),
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const [accessKey, date, region, service] = (query.get('X-Amz-Credential') ?? '').split('/');
  void accessKey;
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', query.get('X-Amz-Date'), scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
  return hmac(signingKey, stringToSign).toString('hex') === query.get('X-Amz-Signature');
}

/** An MP4 whose top-level boxes hold up (ftyp, a small moov, an mdat with the rest): `size` bytes, at least 48. */
export function mp4File(size: number, fill = 1): Buffer {
  const box = (type: string, body: Buffer): Buffer => {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(8 + body.length);
    header.write(type, 4, 'latin1');
    return Buffer.concat([header, body]);
  };
  const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isommp41', 'latin1'));
  const moov = box('moov', Buffer.alloc(8));
  return Buffer.concat([ftyp, moov, box('mdat', Buffer.alloc(size - ftyp.length - moov.length - 8, fill))]);
}
