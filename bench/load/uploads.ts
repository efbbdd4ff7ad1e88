// An upload as the web app does it: ticket from media, bytes straight to storage, then complete.
import { randomUUID } from 'node:crypto';
import type { UploadTicketAnswer } from './api-types';
import type { HttpRecorder } from './http-recorder';
import { expectThat, statusText } from './journey-log';

type UploadTicket = UploadTicketAnswer;

/** Uploads `bytes` and returns the media id once media accepted them (a cover is then `processing`). */
export async function upload(
  http: HttpRecorder,
  token: string,
  file: { purpose: 'course-cover' | 'lesson-video'; filename: string; contentType: string; bytes: Buffer },
): Promise<string> {
  const ticket = await http.api<UploadTicket>('POST', '/api/media/uploads', {
    token,
    body: { filename: file.filename, contentType: file.contentType, size: file.bytes.length, purpose: file.purpose },
    idempotencyKey: randomUUID(),
  });
  expectThat(ticket.status === 201 && ticket.json?.id && ticket.json.uploadUrl, statusText('upload ticket', ticket));
  const put = await http.storage(ticket.json.method ?? 'PUT', ticket.json.uploadUrl, {
    headers: ticket.json.headers ?? { 'content-type': file.contentType },
    body: new Uint8Array(file.bytes),
  });
  await put.body?.cancel();
  expectThat(put.ok, `PUT of ${file.filename} to storage → ${put.status}`);
  // Completing twice answers 409 (already processing): after a lost answer, the media's status says whether it took.
  let complete = await http.api<{ status?: string }>('POST', `/api/media/uploads/${ticket.json.id}/complete`, {
    token,
    repeatable: true,
  });
  if (complete.retried && complete.status === 409) {
    complete = await http.api<{ status?: string }>('GET', `/api/media/${ticket.json.id}`, { token });
  }
  expectThat(
    complete.status === 200 && ['processing', 'ready'].includes(String(complete.json?.status)),
    statusText('upload complete', complete),
  );
  return ticket.json.id;
}
