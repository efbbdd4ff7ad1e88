import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { podIdentityRole } from './pod-identity';

export interface MediaAccessArgs {
  readonly clusterName: pulumi.Input<string>;
  /** Namespace and ServiceAccount of media and media-worker (the chart's `media`). */
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly bucketArn: pulumi.Input<string>;
  /** The bucket's KMS key: SSE-KMS needs data keys for PUT and decryption for GET. */
  readonly bucketKeyArn: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

/** What media and its worker do to objects (see services/media/src/storage): nothing else. */
export const MEDIA_OBJECT_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
] as const;
/** On the bucket itself: HeadObject of a missing key answers 404 (not 403) only with ListBucket. */
export const MEDIA_BUCKET_ACTIONS = ['s3:ListBucket'] as const;
export const MEDIA_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/**
 * media's AWS access through EKS Pod Identity: a role only the EKS Pod Identity service can assume,
 * associated with the `media` ServiceAccount of the platform's namespace, allowed the object
 * actions media uses on that one bucket and the bucket's key, through S3 only. No static keys.
 */
export class MediaAccess extends pulumi.ComponentResource {
  public readonly roleArn: pulumi.Output<string>;
  public readonly associationId: pulumi.Output<string>;

  constructor(name: string, args: MediaAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:aws:MediaAccess', name, {}, opts);
    const parent = { parent: this };

    const { role, association } = podIdentityRole(
      name,
      {
        clusterName: args.clusterName,
        namespace: args.namespace,
        serviceAccount: args.serviceAccount,
        description: `Pod identity of ${args.namespace}/${args.serviceAccount}: the media bucket only`,
        tags: args.tags,
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-bucket`,
      {
        role: role.id,
        policy: pulumi.all([args.bucketArn, args.bucketKeyArn]).apply(([bucketArn, keyArn]) =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Sid: 'Objects', Effect: 'Allow', Action: MEDIA_OBJECT_ACTIONS, Resource: `${bucketArn}/*` },
              { Sid: 'Bucket', Effect: 'Allow', Action: MEDIA_BUCKET_ACTIONS, Resource: bucketArn },
              {
                Sid: 'BucketKey',
                Effect: 'Allow',
                Action: MEDIA_KEY_ACTIONS,
                Resource: keyArn,
                Condition: { StringEquals: { 'kms:ViaService': `s3.${keyArn.split(':')[3]}.amazonaws.com` } },
              },
            ],
          }),
        ),
      },
      parent,
    );

    this.roleArn = role.arn;
    this.associationId = association.associationId;
    this.registerOutputs({ roleArn: this.roleArn, associationId: this.associationId });
  }
}
