const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The WebVTT signature as its specification has it: an optional UTF-8 BOM, `WEBVTT`, then a space,
 * a tab, a line break or the end of the file (`WEBVTTX` is not one).
 */
export function isWebVttHeader(head: Buffer): boolean {
  const body = head.subarray(0, 3).equals(UTF8_BOM) ? head.subarray(3) : head;
  if (body.subarray(0, 6).toString('latin1') !== 'WEBVTT') return false;
  return body.length === 6 || [0x20, 0x09, 0x0a, 0x0d].includes(body[6]);
}

/** A whole text file as WebVTT requires: valid UTF-8 with no NUL (a binary file behind a forged header fails). */
export function isUtf8Text(content: Buffer): boolean {
  if (content.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}
