import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

export interface TracingArgs {
  readonly provider: k8s.Provider;
  readonly clusterName: pulumi.Input<string>;
  readonly region: string;
  /** Namespace of the collector, next to (not inside) the platform's. @default 'observability' */
  readonly namespace?: string;
  /** The ADOT collector image, pinned. @default ADOT_COLLECTOR_IMAGE */
  readonly image?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** AWS Distro for OpenTelemetry's collector, from AWS's public ECR gallery, pinned. */
export const ADOT_COLLECTOR_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.42.0';
export const COLLECTOR_NAME = 'adot-collector';
export const OTLP_HTTP_PORT = 4318;

/**
 * What the collector does in X-Ray: send segments and telemetry, read the sampling rules. X-Ray
 * defines these actions on no resource (the service authorization reference lists none), so `*`
 * is their only possible Resource; the actions are the scope.
 */
export const XRAY_WRITE_ACTIONS = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:GetSamplingStatisticSummaries',
] as const;

/** The collector pipeline: OTLP in, memory-bounded batches, AWS X-Ray out (SigV4 with the pod's role). */
function collectorConfig(region: string): string {
  return JSON.stringify({
    extensions: { health_check: { endpoint: '0.0.0.0:13133' } },
    receivers: { otlp: { protocols: { http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` } } } },
    processors: {
      memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 25 },
      batch: { timeout: '5s' },
    },
    exporters: {
      awsxray: { region, indexed_attributes: ['http.route', 'messaging.message.id', 'messaging.destination.name'] },
    },
    service: {
      extensions: ['health_check'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['awsxray'] } },
    },
  });
}

/**
 * Where the platform's traces go on EKS: an ADOT collector (two replicas, its own namespace) that
 * receives OTLP/HTTP from the pods and writes to AWS X-Ray, with a pod identity allowed only the
 * X-Ray write actions, assumable only by EKS Pod Identity for this account's cluster.
 * docs/decisions/observability.md says why X-Ray and why not the EKS `adot` add-on.
 */
export class Tracing extends pulumi.ComponentResource {
  /** OTEL_EXPORTER_OTLP_ENDPOINT of the platform's pods. */
  public readonly otlpEndpoint: string;
  public readonly roleArn: pulumi.Output<string>;
  /** The collector's namespace: the platform's pods need egress to it on OTLP_HTTP_PORT. */
  public readonly namespace: string;

  constructor(name: string, args: TracingArgs, opts?: pulumi.ComponentResourceOptions) {
    super('platform:aws:Tracing', name, {}, opts);
    const parent = { parent: this };
    const inCluster = { parent: this, provider: args.provider };
    const namespaceName = args.namespace ?? 'observability';
    const labels = { 'app.kubernetes.io/name': COLLECTOR_NAME, 'app.kubernetes.io/part-of': 'learning-platform' };

    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
    const clusterArn = pulumi.interpolate`arn:aws:eks:${args.region}:${accountId}:cluster/${args.clusterName}`;
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `Pod identity of ${namespaceName}/${COLLECTOR_NAME}: write traces to X-Ray`,
        assumeRolePolicy: pulumi.all([accountId, clusterArn]).apply(([account, clusterArn]) =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'pods.eks.amazonaws.com' },
                Action: ['sts:AssumeRole', 'sts:TagSession'],
                // Only EKS Pod Identity acting for this account's cluster (no confused deputy).
                Condition: { StringEquals: { 'aws:SourceAccount': account, 'aws:SourceArn': clusterArn } },
              },
            ],
          }),
        ),
        tags: args.tags,
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-xray`,
      {
        role: role.id,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Sid: 'XRayWrite', Effect: 'Allow', Action: XRAY_WRITE_ACTIONS, Resource: '*' }],
        }),
      },
      parent,
    );

    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: namespaceName,
          labels: {
            'app.kubernetes.io/part-of': 'learning-platform',
            'pod-security.kubernetes.io/enforce': 'restricted',
          },
        },
      },
      inCluster,
    );
    const serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-service-account`,
      { metadata: { name: COLLECTOR_NAME, namespace: namespace.metadata.name, labels } },
      inCluster,
    );
    new aws.eks.PodIdentityAssociation(
      `${name}-association`,
      {
        clusterName: args.clusterName,
        namespace: namespaceName,
        serviceAccount: COLLECTOR_NAME,
        roleArn: role.arn,
        tags: args.tags,
      },
      parent,
    );
    const config = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      {
        metadata: { name: `${COLLECTOR_NAME}-config`, namespace: namespace.metadata.name, labels },
        data: { 'config.yaml': collectorConfig(args.region) },
      },
      inCluster,
    );
    new k8s.apps.v1.Deployment(
      `${name}-collector`,
      {
        metadata: { name: COLLECTOR_NAME, namespace: namespace.metadata.name, labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: serviceAccount.metadata.name,
              securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name: 'collector',
                  image: args.image ?? ADOT_COLLECTOR_IMAGE,
                  args: ['--config=/etc/otelcol/config.yaml'],
                  ports: [
                    { name: 'otlp-http', containerPort: OTLP_HTTP_PORT },
                    { name: 'health', containerPort: 13133 },
                  ],
                  readinessProbe: { httpGet: { path: '/', port: 'health' } },
                  livenessProbe: { httpGet: { path: '/', port: 'health' }, initialDelaySeconds: 10 },
                  resources: {
                    requests: { cpu: '100m', memory: '256Mi' },
                    limits: { cpu: '1', memory: '256Mi' },
                  },
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ['ALL'] },
                  },
                  volumeMounts: [{ name: 'config', mountPath: '/etc/otelcol', readOnly: true }],
                },
              ],
              volumes: [{ name: 'config', configMap: { name: config.metadata.name } }],
            },
          },
        },
      },
      inCluster,
    );
    new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: COLLECTOR_NAME, namespace: namespace.metadata.name, labels },
        spec: {
          selector: labels,
          ports: [{ name: 'otlp-http', port: OTLP_HTTP_PORT, targetPort: 'otlp-http' }],
        },
      },
      inCluster,
    );

    this.namespace = namespaceName;
    this.otlpEndpoint = `http://${COLLECTOR_NAME}.${namespaceName}.svc:${OTLP_HTTP_PORT}`;
    this.roleArn = role.arn;
    this.registerOutputs({ otlpEndpoint: this.otlpEndpoint, roleArn: this.roleArn });
  }
}
