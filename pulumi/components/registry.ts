import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface RegistryArgs {
  /** Path prefix of the repositories (`learning-platform` → `learning-platform/identity`). */
  readonly prefix: string;
  /** One repository per image. */
  readonly images: readonly string[];
  /** Release images kept per repository; older ones expire. @default 50 */
  readonly keepImages?: number;
  /** Keep the repositories (and their images) on `pulumi destroy` (prod). */
  readonly retainOnDelete: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * One private ECR repository per image: tags immutable (a tag names one build forever, so a
 * rollback to it gets the same bytes), scanned on push, KMS-encrypted, with a lifecycle that keeps
 * the last releases and drops untagged layers after a week.
 */
export class Registry extends pulumi.ComponentResource {
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>`: the chart's `image.registry`. */
  public readonly registry: pulumi.Output<string>;
  public readonly repositoryUrls: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:aws:Registry', name, {}, opts);
    this.repositoryUrls = {};

    const lifecyclePolicy = JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          description: 'Drop untagged images after 7 days',
          selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 },
          action: { type: 'expire' },
        },
        {
          rulePriority: 2,
          description: `Keep the last ${args.keepImages ?? 50} images`,
          selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: args.keepImages ?? 50 },
          action: { type: 'expire' },
        },
      ],
    });

    for (const image of args.images) {
      const repository = new aws.ecr.Repository(
        `${name}-${image}`,
        {
          name: `${args.prefix}/${image}`,
          imageTagMutability: 'IMMUTABLE',
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfigurations: [{ encryptionType: 'KMS' }],
          forceDelete: false,
          tags: args.tags,
        },
        { parent: this, retainOnDelete: args.retainOnDelete },
      );
      new aws.ecr.LifecyclePolicy(
        `${name}-${image}`,
        { repository: repository.name, policy: lifecyclePolicy },
        { parent: this },
      );
      this.repositoryUrls[image] = repository.repositoryUrl;
    }

    const first = Object.values(this.repositoryUrls)[0];
    if (first === undefined) throw new Error(`Registry ${name}: no images given`);
    this.registry = first.apply((url) => url.slice(0, url.lastIndexOf('/')));
    this.registerOutputs({ registry: this.registry, repositoryUrls: this.repositoryUrls });
  }
}
