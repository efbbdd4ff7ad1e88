import { isWebVttHeader } from './webvtt';

/**
 * Recognises the allowed formats from their first bytes. Written by hand because `file-type`
 * is ESM-only (Jest's CommonJS runtime cannot load it) and these signatures are short and stable.
 */
export function sniffContentType(head: Buffer): string | undefined {
  const ascii = (start: number, end: number): string => head.subarray(start, end).toString('latin1');
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (head.length >= 4 && head.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))) return 'video/webm';
  if (head.length >= 12 && ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    return brand === 'avif' || brand === 'avis' ? 'image/avif' : 'video/mp4';
  }
  if (isWebVttHeader(head)) return 'text/vtt';
  return undefined;
}
