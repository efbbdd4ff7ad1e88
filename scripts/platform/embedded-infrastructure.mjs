// The local stand-ins for what clusters provide: a mail catcher with a web inbox (maildev) and an
// S3 API (s3rver), both real servers speaking their real protocols. Each runs as a child process of
// `npm start` (embedded-server.mjs), supervised: a crash in one never takes the others down.
import { mkdirSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MailDev } from 'maildev';
import S3rver from 's3rver';

const BUCKET_CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

export async function startMailCatcher({ smtpPort, webPort }) {
  const maildev = new MailDev({ smtp: smtpPort, web: webPort, ip: '127.0.0.1', webIp: '127.0.0.1', silent: true });
  await maildev.start();
  return { port: webPort, close: () => maildev.stop() };
}

/** `port` 0 picks a free one; the answer says which. */
export async function startObjectStore({ port, directory, bucket }) {
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [BUCKET_CORS] }],
  });
  // Before s3rver's own middleware (which answers 405 to a GET with an uploadId).
  server.middleware.unshift(listPartsMiddleware(server.store));
  keepFoldersOnDelete(server.store);
  const address = await server.run();
  return { port: address.port, close: () => server.close() };
}

/**
 * s3rver removes a key's folder when its last object is deleted, racing a PUT into that folder: the
 * PUT answers 500 InternalError (ENOENT on its metadata) or its write stream's ENOENT goes uncaught
 * (media's complete deletes `incoming/<purpose>/<id>` while other uploads arrive there). S3 has no
 * folders to remove: delete the object's files and leave the (empty) folder, which listings skip.
 */
function keepFoldersOnDelete(store) {
  store.deleteObject = async (bucket, key) => {
    const files = ['object', 'object.md5', 'metadata.json'].map((type) => store.getResourcePath(bucket, key, type));
    await Promise.all(files.map((file) => rm(file, { force: true })));
  };
}

const escapeXml = (text) =>
  String(text).replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c],
  );

/**
 * ListParts (GET /bucket/key?uploadId=…), which s3rver 3 lacks and media relies on to check a
 * client's parts before completing a multipart upload. Read from s3rver's own upload folder
 * (`<uploadId>/<partNumber>` and its `.md5`), paginated as S3 does (max-parts, part-number-marker).
 */
function listPartsMiddleware(store) {
  return async (ctx, next) => {
    const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    const uploadId = ctx.query.uploadId;
    if (ctx.method !== 'GET' || !match || typeof uploadId !== 'string' || 'x-amz-copy-source' in ctx.headers)
      return next();
    const [, bucket, encodedKey] = match;
    const key = decodeURIComponent(encodedKey);
    const uploadDir = join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    const noSuchUpload = () => {
      ctx.status = 404;
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${escapeXml(uploadId)}</UploadId></Error>`;
    };
    if (!/^[0-9a-f]+$/i.test(uploadId)) return noSuchUpload();
    let storedKey;
    try {
      storedKey = (await readFile(join(uploadDir, 'key'))).toString();
    } catch {
      return noSuchUpload();
    }
    if (storedKey !== key) return noSuchUpload();
    const maxParts = Math.min(Math.max(Number(ctx.query['max-parts'] ?? 1000) || 1000, 1), 1000);
    const marker = Number(ctx.query['part-number-marker'] ?? 0) || 0;
    const numbers = (await readdir(uploadDir))
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((number) => number > marker)
      .sort((a, b) => a - b);
    const page = numbers.slice(0, maxParts);
    const parts = await Promise.all(
      page.map(async (number) => {
        const file = join(uploadDir, String(number));
        const [info, md5] = await Promise.all([stat(file), readFile(`${file}.md5`).catch(() => Buffer.from(''))]);
        return `<Part><PartNumber>${number}</PartNumber><LastModified>${info.mtime.toISOString()}</LastModified><ETag>"${escapeXml(md5.toString().trim())}"</ETag><Size>${info.size}</Size></Part>`;
      }),
    );
    const truncated = numbers.length > page.length;
    ctx.status = 200;
    ctx.type = 'application/xml';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${escapeXml(uploadId)}</UploadId><PartNumberMarker>${marker}</PartNumberMarker>${truncated ? `<NextPartNumberMarker>${page[page.length - 1]}</NextPartNumberMarker>` : ''}<MaxParts>${maxParts}</MaxParts><IsTruncated>${truncated}</IsTruncated>${parts.join('')}</ListPartsResult>`;
  };
}
