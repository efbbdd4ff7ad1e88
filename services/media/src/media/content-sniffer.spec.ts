import { mp4Problem, sniffContentType } from './content-sniffer';

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

describe('mp4Problem', () => {
  const box = (type: string, body: Buffer): Buffer => {
    const size = Buffer.alloc(4);
    size.writeUInt32BE(8 + body.length);
    return Buffer.concat([size, Buffer.from(type, 'latin1'), body]);
  };
  const ftyp = (brand = 'isom') => box('ftyp', Buffer.concat([Buffer.from(`${brand}\0\0\0\0isomavc1`, 'latin1')]));
  const check = (file: Buffer) =>
    mp4Problem(async (offset, length) => file.subarray(offset, offset + length), file.length);

  it('accepts an ftyp with a known brand followed by known boxes that tile the file', async () => {
    await expect(
      check(Buffer.concat([ftyp(), box('moov', Buffer.alloc(100)), box('mdat', Buffer.alloc(5000))])),
    ).resolves.toBeUndefined();
    await expect(
      check(Buffer.concat([ftyp('mp42'), box('free', Buffer.alloc(8)), box('mdat', Buffer.alloc(0))])),
    ).resolves.toBeUndefined();
    // A 64-bit size, and a last box that runs to the end (size 0).
    const large = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from('mdat'), Buffer.alloc(8), Buffer.alloc(64)]);
    large.writeBigUInt64BE(BigInt(large.length), 8);
    await expect(check(Buffer.concat([ftyp(), large]))).resolves.toBeUndefined();
    const open = Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from('mdat'), Buffer.alloc(300)]);
    await expect(check(Buffer.concat([ftyp(), box('moov', Buffer.alloc(8)), open]))).resolves.toBeUndefined();
  });

  it('refuses an ftyp followed by garbage, unknown brands, and sizes that do not fit', async () => {
    await expect(check(Buffer.concat([ftyp(), Buffer.alloc(4000, 1)]))).resolves.toMatch(/no MP4 box/);
    await expect(check(Buffer.concat([ftyp(), Buffer.from('garbage garbage garbage')]))).resolves.toMatch(/no MP4 box/);
    await expect(check(Buffer.concat([ftyp('evil'), box('mdat', Buffer.alloc(10))]))).resolves.toMatch(/brand "evil"/);
    await expect(check(Buffer.concat([ftyp(), box('mdat', Buffer.alloc(10)).subarray(0, 12)]))).resolves.toMatch(
      /do not fit/,
    );
    await expect(check(Buffer.concat([ftyp(), box('mdat', Buffer.alloc(10)), Buffer.alloc(3)]))).resolves.toMatch(
      /stray bytes/,
    );
    await expect(check(Buffer.concat([ftyp(), box('free', Buffer.alloc(10))]))).resolves.toMatch(/no movie/);
    await expect(check(Buffer.concat([box('mdat', Buffer.alloc(10)), ftyp()]))).resolves.toMatch(/ftyp/);
    const zero = Buffer.concat([ftyp(), Buffer.alloc(8)]);
    zero.write('moov', ftyp().length + 4, 'latin1');
    zero.writeUInt32BE(3, ftyp().length);
    await expect(check(zero)).resolves.toMatch(/do not fit/);
  });
});
