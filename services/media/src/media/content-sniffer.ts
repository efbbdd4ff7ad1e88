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

/** Major brands of the ISO BMFF files browsers play as video/mp4. */
const MP4_BRANDS = new Set([
  'isom',
  'iso2',
  'iso3',
  'iso4',
  'iso5',
  'iso6',
  'iso8',
  'iso9',
  'mp41',
  'mp42',
  'mp71',
  'avc1',
  'M4V ',
  'M4VH',
  'M4VP',
  'f4v ',
  'dash',
  'msdh',
  'msix',
  'cmfc',
  'cmf2',
  'mmp4',
  'MSNV',
  'NDAS',
  'qt  ',
  '3gp4',
  '3gp5',
  '3gp6',
  '3g2a',
  'av01',
  'hvc1',
  'heic',
]);

/** Boxes an MP4 file may hold at its top level. */
const MP4_TOP_LEVEL_BOXES = new Set([
  'ftyp',
  'moov',
  'mdat',
  'free',
  'skip',
  'wide',
  'uuid',
  'pdin',
  'moof',
  'mfra',
  'meta',
  'styp',
  'sidx',
  'ssix',
  'prft',
  'emsg',
  'udta',
  'pnot',
  'junk',
]);

const MAX_MP4_BOXES = 100_000;

/** Reads `length` bytes at `offset` of the stored file. */
export type RangeReader = (offset: number, length: number) => Promise<Buffer>;

/**
 * What is wrong with a file that starts like an MP4, or undefined if its top-level boxes hold up:
 * an `ftyp` first with a known brand, then only known boxes, each with a size that fits, tiling
 * the file exactly and including the media (`moov` or `mdat`). Four bytes of `ftyp` prove nothing.
 */
export async function mp4Problem(read: RangeReader, fileSize: number): Promise<string | undefined> {
  let offset = 0;
  let boxes = 0;
  let media = false;
  while (offset < fileSize) {
    if (++boxes > MAX_MP4_BOXES) return `it has more than ${MAX_MP4_BOXES} top-level boxes`;
    if (fileSize - offset < 8) return `${fileSize - offset} stray bytes follow the last box`;
    const header = await read(offset, Math.min(16, fileSize - offset));
    const type = header.subarray(4, 8).toString('latin1');
    let size = header.readUInt32BE(0);
    let headerSize = 8;
    if (size === 1) {
      if (header.length < 16) return `the ${printable(type)} box at byte ${offset} is cut short`;
      size = Number(header.readBigUInt64BE(8));
      headerSize = 16;
    } else if (size === 0) {
      size = fileSize - offset; // the last box runs to the end of the file
    }
    if (boxes === 1) {
      if (type !== 'ftyp') return 'it does not start with an ftyp box';
      if (size < 16 || size > 4096 || (size - 16) % 4 !== 0) return `its ftyp box has an impossible size (${size})`;
      const brand = (await read(8, 4)).toString('latin1');
      if (!MP4_BRANDS.has(brand)) return `its brand ${printable(brand)} is not an MP4 one`;
    } else if (!MP4_TOP_LEVEL_BOXES.has(type)) {
      return `byte ${offset} holds no MP4 box (${printable(type)})`;
    }
    if (size < headerSize || size > fileSize - offset)
      return `the ${printable(type)} box at byte ${offset} claims ${size} bytes, which do not fit`;
    if (type === 'moov' || type === 'mdat' || type === 'moof') media = true;
    offset += size;
  }
  return media ? undefined : 'it holds no movie (no moov or mdat box)';
}

const printable = (text: string): string => JSON.stringify(text.replace(/[^\x20-\x7e]/g, '?'));
