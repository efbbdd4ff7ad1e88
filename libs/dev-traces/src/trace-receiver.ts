import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeTraceExport, InvalidOtlpRequestError } from './otlp-trace-decoder';
import { traceListPage, tracePage } from './trace-pages';
import { TraceStore } from './trace-store';

/** Largest export accepted: the SDK's batches are far smaller. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const TRACE_ID = /^[0-9a-f]{32}$/;

export interface TraceReceiver {
  /** Base URL: OTEL_EXPORTER_OTLP_ENDPOINT for the processes, and the trace view in a browser. */
  readonly url: string;
  readonly store: TraceStore;
  close(): Promise<void>;
}

export interface TraceReceiverOptions {
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Traces kept in memory. @default 500 */
  readonly maxTraces?: number;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new InvalidOtlpRequestError(`body larger than ${MAX_BODY_BYTES} bytes`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
}

/**
 * An OTLP/HTTP trace receiver with a small trace view, for a developer's machine and for tests:
 * processes export to `<url>/v1/traces` (OTLP/HTTP, protobuf or JSON), a browser lists the latest
 * traces at `<url>/` and shows one as a waterfall at `<url>/traces/<id>`; `/api/traces[/<id>]`
 * serves the same as JSON. Local only: it binds to the loopback address unless told otherwise.
 */
export async function startTraceReceiver(options: TraceReceiverOptions = {}): Promise<TraceReceiver> {
  const store = new TraceStore(options.maxTraces);
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    if (request.method === 'POST' && path === '/v1/traces') {
      readBody(request)
        .then((body) => {
          store.add(
            decodeTraceExport(
              body,
              String(request.headers['content-type'] ?? ''),
              request.headers['content-encoding'] as string | undefined,
            ),
          );
          // An empty ExportTraceServiceResponse: an empty protobuf message, or `{}` in JSON.
          const json = String(request.headers['content-type']).startsWith('application/json');
          send(response, 200, json ? 'application/json' : 'application/x-protobuf', json ? '{}' : Buffer.alloc(0));
        })
        .catch((error: unknown) =>
          send(
            response,
            400,
            'application/json',
            JSON.stringify({ statusCode: 400, error: 'Bad Request', message: String((error as Error).message) }),
          ),
        );
      return;
    }
    if (request.method !== 'GET') return send(response, 405, 'text/plain', 'method not allowed');
    const [, first, second, third] = path.split('/');
    if (first === '' || first === undefined)
      return send(response, 200, 'text/html; charset=utf-8', traceListPage(store.summaries()));
    if (first === 'traces' && TRACE_ID.test(second ?? '') && third === undefined)
      return send(response, 200, 'text/html; charset=utf-8', tracePage(second, store.spans(second)));
    if (first === 'api' && second === 'traces' && third === undefined)
      return send(response, 200, 'application/json', JSON.stringify(store.summaries()));
    if (first === 'api' && second === 'traces' && TRACE_ID.test(third ?? ''))
      return send(response, 200, 'application/json', JSON.stringify(store.spans(third)));
    send(response, 404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host === '0.0.0.0' ? 'localhost' : (options.host ?? '127.0.0.1')}:${port}`,
    store,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
