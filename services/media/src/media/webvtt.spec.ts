import { sniffContentType } from './content-sniffer';
import { isUtf8Text, isWebVttHeader } from './webvtt';

describe('WebVTT captions', () => {
  it('are recognised by their header, with or without a BOM, as the specification spells it', () => {
    expect(sniffContentType(Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.000\nHi'))).toBe('text/vtt');
    expect(sniffContentType(Buffer.from('WEBVTT'))).toBe('text/vtt');
    expect(sniffContentType(Buffer.from('WEBVTT - English captions\r\n'))).toBe('text/vtt');
    expect(sniffContentType(Buffer.from('WEBVTT\tKind: captions\n'))).toBe('text/vtt');
    expect(sniffContentType(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('WEBVTT\n')]))).toBe(
      'text/vtt',
    );
    for (const text of ['WEBVTTX\n', 'webvtt\n', ' WEBVTT\n', '1\n00:00:00,000 --> 00:00:01,000\nan SRT file\n']) {
      expect(isWebVttHeader(Buffer.from(text))).toBe(false);
      expect(sniffContentType(Buffer.from(text))).toBeUndefined();
    }
  });

  it('must be valid UTF-8 without NUL bytes throughout', () => {
    expect(isUtf8Text(Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.000\nÉté, 夏 🎬\n'))).toBe(true);
    expect(isUtf8Text(Buffer.concat([Buffer.from('WEBVTT\n'), Buffer.from([0xc3, 0x28])]))).toBe(false);
    expect(isUtf8Text(Buffer.concat([Buffer.from('WEBVTT\n'), Buffer.from([0])]))).toBe(false);
  });
});
