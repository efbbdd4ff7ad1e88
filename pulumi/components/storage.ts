import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface StorageArgs {
  /** Origins allowed to PUT (presigned uploads) and GET from the browser: the web app's. */
  readonly corsOrigins: readonly string[];
  /** Days after which an upload that was started and never completed or aborted is removed. */
  readonly abortIncompleteMultipartDays?: number;
  /** Days an overwritten or deleted object's previous version is kept. @default 30 */
  readonly noncurrentVersionDays?: number;
  /** Keep the bucket (and its objects) on `pulumi destroy` (prod). */
  readonly retainOnDelete: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The media bucket: every public access path blocked, ACLs disabled (bucket owner enforced),
 * SSE-KMS with its own key and S3 Bucket Keys, versioning (an overwrite or delete can be undone),
 * a lifecycle that aborts abandoned multipart uploads and expires old versions, TLS-only access
 * (bucket policy), and CORS for the browser's presigned PUT/GET from the web origin only.
 * Objects are reached through presigned URLs signed by media with its pod identity.
 */
export class Storage extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  public readonly keyArn: pulumi.Output<string>;

  constructor(name: string, args: StorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:aws:Storage', name, {}, opts);
    const parent = { parent: this };

    const key = new aws.kms.Key(
      `${name}-key`,
      { description: `${name}: media objects`, enableKeyRotation: true, tags: args.tags },
      parent,
    );

    const bucket = new aws.s3.Bucket(
      `${name}-media`,
      { forceDestroy: false, tags: args.tags },
      { parent: this, retainOnDelete: args.retainOnDelete },
    );
    const accessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-media`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      parent,
    );
    new aws.s3.BucketOwnershipControls(
      `${name}-media`,
      { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-media`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn },
            bucketKeyEnabled: true,
          },
        ],
      },
      parent,
    );
    const versioning = new aws.s3.BucketVersioning(
      `${name}-media`,
      { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } },
      parent,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-media`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: 'abort-incomplete-multipart-uploads',
            status: 'Enabled',
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: args.abortIncompleteMultipartDays ?? 1 },
          },
          {
            id: 'expire-previous-versions',
            status: 'Enabled',
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionDays ?? 30 },
            expiration: { expiredObjectDeleteMarker: true },
          },
        ],
      },
      { parent: this, dependsOn: [versioning] },
    );
    new aws.s3.BucketCorsConfiguration(
      `${name}-media`,
      {
        bucket: bucket.id,
        corsRules: [
          {
            allowedMethods: ['PUT', 'GET', 'HEAD'],
            allowedOrigins: [...args.corsOrigins],
            // What media's presigned PUTs sign (content type and length) and the SDK's checksums.
            allowedHeaders: ['content-type', 'content-length', 'content-md5', 'x-amz-*'],
            // Multipart uploads need each part's ETag back.
            exposeHeaders: ['ETag'],
            maxAgeSeconds: 3600,
          },
        ],
      },
      parent,
    );
    new aws.s3.BucketPolicy(
      `${name}-media`,
      {
        bucket: bucket.id,
        policy: bucket.arn.apply((arn) =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DenyInsecureTransport',
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:*',
                Resource: [arn, `${arn}/*`],
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          }),
        ),
      },
      // A policy put before the access block could be judged public; order them.
      { parent: this, dependsOn: [accessBlock] },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.keyArn = key.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, keyArn: this.keyArn });
  }
}
