// The local stand-ins for what clusters provide: a mail catcher with a web inbox (maildev) and an
// S3 API (s3rver), both in this process, both real servers speaking their real protocols.
import { mkdirSync } from 'node:fs';
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
  return { close: () => maildev.stop() };
}

export async function startObjectStore({ port, stateDir, bucket }) {
  const directory = join(stateDir, 's3');
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [BUCKET_CORS] }],
  });
  await server.run();
  return { close: () => server.close() };
}
