import { mediaOrigins, webContentSecurityPolicy } from './web-security';

describe("the web app's Content-Security-Policy", () => {
  it('allows its own scripts and styles only, and media from where presigned URLs point', () => {
    const policy = webContentSecurityPolicy(mediaOrigins({ S3_PUBLIC_ENDPOINT: 'http://localhost:4569/some/path' }));
    expect(policy).not.toContain('unsafe');
    expect(policy).toContain(`script-src 'self';`);
    expect(policy).toContain(`img-src 'self' data: blob: http://localhost:4569;`);
    expect(policy).toContain(`connect-src 'self' http://localhost:4569;`);
    expect(policy).toContain(`frame-ancestors 'none'`);
  });

  it('points at the bucket on AWS S3 when there is no public endpoint', () => {
    expect(mediaOrigins({ S3_BUCKET: 'media-prod', S3_REGION: 'eu-west-1' })).toEqual([
      'https://media-prod.s3.eu-west-1.amazonaws.com',
      'https://s3.eu-west-1.amazonaws.com',
    ]);
  });
});
