import { sniffContentType } from './content-sniffer';

const bytes = (...values: Array<number | string>): Buffer =>
  Buffer.concat(
    values.map((value) => (typeof value === 'string' ? Buffer.from(value, 'latin1') : Buffer.from([value]))),
  );

describe('sniffContentType', () => {
  it('recognises the allowed formats by their magic numbers', () => {
    expect(sniffContentType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffContentType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffContentType(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffContentType(bytes(0, 0, 0, 0x1c, 'ftypavif'))).toBe('image/avif');
    expect(sniffContentType(bytes(0, 0, 0, 0x18, 'ftypisom'))).toBe('video/mp4');
    expect(sniffContentType(bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f))).toBe('video/webm');
  });

  it('recognises nothing else', () => {
    expect(sniffContentType(Buffer.from('<html><script>alert(1)</script>'))).toBeUndefined();
    expect(sniffContentType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(sniffContentType(Buffer.alloc(0))).toBeUndefined();
  });
});
