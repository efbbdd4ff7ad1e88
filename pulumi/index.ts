import {
  BACKEND_SERVICE_NAMES,
  BACKEND_SERVICES,
  DATABASE_ADMIN_SECRET,
  DATABASE_ADMIN_URL_KEY,
  DATABASE_URL_KEY,
  WEB_APP,
  databaseMaxConnections,
  serviceDatabaseRole,
  serviceDatabaseSecret,
} from '@platform/contracts';
import * as aws from '@pulumi/aws';
import { Broker } from './components/broker';
import { Cluster } from './components/cluster';
import { ClusterAutoscaler } from './components/cluster-autoscaler';
import { ClusterServices } from './components/cluster-services';
import { Database } from './components/database';
import { IdentityCredentials } from './components/identity-credentials';
import {
  ALB_INGRESS_CLASS,
  LOAD_BALANCER_CONTROLLER_NAMESPACE,
  LoadBalancerController,
  albIngressAnnotations,
} from './components/load-balancer-controller';
import { MediaAccess } from './components/media-access';
import { AZ_COUNT, Network } from './components/network';
import { Platform } from './components/platform';
import { PlatformSecrets } from './components/platform-secrets';
import { Registry } from './components/registry';
import { Storage } from './components/storage';
import * as pulumi from '@pulumi/pulumi';
import { Tracing } from './components/tracing';
import { eksSupportWarning, loadConfig } from './config';
import { eksPlatformSettings } from './platform-settings';

// Wiring and stack outputs only: each concern is a component in components/, every setting is
// read in config.ts.
const config = loadConfig();
const supportWarning = eksSupportWarning(config.cluster.kubernetesVersion);
if (supportWarning) void pulumi.log.warn(supportWarning);
const { namePrefix: prefix, tags } = config;
const prod = config.environment === 'prod';
const publicUrl = `${config.platform.certificateArn ? 'https' : 'http'}://${config.platform.host}`;
const eksClusterName = prefix;

const network = new Network(`${prefix}-network`, {
  cidr: config.vpcCidr,
  availabilityZones: aws
    .getAvailabilityZonesOutput({ state: 'available' })
    .names.apply((names) => names.slice(0, AZ_COUNT)),
  natGatewayPerAz: config.natGatewayPerAz,
  clusterName: eksClusterName,
  region: config.region,
  tags,
});

const cluster = new Cluster(`${prefix}-cluster`, {
  clusterName: eksClusterName,
  region: config.region,
  kubernetesVersion: config.cluster.kubernetesVersion,
  subnetIds: network.nodeSubnetIds,
  endpointPublicAccess: config.cluster.endpointPublicAccess,
  publicAccessCidrs: config.cluster.publicAccessCidrs,
  nodeGroup: config.cluster.nodeGroup,
  deletionProtection: prod,
  tags,
});

const database = new Database(`${prefix}-db`, {
  ...config.database,
  vpcId: network.vpcId,
  subnetIds: network.dataSubnetIds,
  clientSecurityGroupId: cluster.securityGroupId,
  services: BACKEND_SERVICE_NAMES.map((service) => ({
    service,
    role: serviceDatabaseRole(service),
    database: BACKEND_SERVICES[service].database,
  })),
  maxConnections: databaseMaxConnections(),
  tags,
});

const broker = new Broker(`${prefix}-mq`, {
  ...config.broker,
  vpcId: network.vpcId,
  subnetIds: network.dataSubnetIds,
  clientSecurityGroupId: cluster.securityGroupId,
  tags,
});

const storage = new Storage(`${prefix}-storage`, { corsOrigins: [publicUrl], retainOnDelete: prod, tags });

const registry = new Registry(`${prefix}-registry`, {
  prefix,
  images: [...BACKEND_SERVICE_NAMES, WEB_APP.name],
  retainOnDelete: prod,
  tags,
});

const mediaAccess = new MediaAccess(`${prefix}-media-access`, {
  clusterName: cluster.name,
  namespace: config.platform.namespace,
  serviceAccount: BACKEND_SERVICES.media.name,
  bucketArn: storage.bucketArn,
  bucketKeyArn: storage.keyArn,
  tags,
});

const identityCredentials = new IdentityCredentials(`${prefix}-identity`);

const tracing = new Tracing(`${prefix}-tracing`, {
  provider: cluster.provider,
  clusterName: cluster.name,
  region: config.region,
  tags,
});

const settings = eksPlatformSettings({
  logLevel: config.platform.logLevel,
  publicUrl,
  mailFrom: config.platform.mailFrom,
  adminEmail: config.platform.adminEmail,
  bucketName: storage.bucketName,
  region: config.region,
  amqpUrl: broker.amqpUrl,
  smtpUrl: config.platform.smtpUrl,
  jwtPrivateKey: identityCredentials.jwtPrivateKey,
  adminPassword: identityCredentials.adminPassword,
  otlpEndpoint: tracing.otlpEndpoint,
  traceSampleRatio: config.platform.traceSampleRatio,
});

const platformSecrets = new PlatformSecrets(`${prefix}-secrets`, {
  secretName: `${prefix}/platform-secrets`,
  values: settings.secrets,
  tags,
});

const clusterServices = new ClusterServices(`${prefix}-cluster-services`, {
  provider: cluster.provider,
  kedaChartVersion: config.clusterServices.kedaChartVersion,
});

const loadBalancerController = new LoadBalancerController(`${prefix}-load-balancer-controller`, {
  provider: cluster.provider,
  clusterName: cluster.name,
  region: config.region,
  vpcId: network.vpcId,
  chartVersion: config.clusterServices.loadBalancerControllerChartVersion,
  tags,
});

new ClusterAutoscaler(`${prefix}-cluster-autoscaler`, {
  provider: cluster.provider,
  clusterName: cluster.name,
  region: config.region,
  autoscalingGroupNames: cluster.nodeAutoscalingGroupNames,
  kubernetesVersion: config.cluster.kubernetesVersion,
  chartVersion: config.clusterServices.clusterAutoscalerChartVersion,
  tags,
});

// The chart needs its images in ECR: a stack's first run sets deployPlatform false (docs/pulumi.md).
const platform = config.platform.deploy
  ? new Platform(`${prefix}-platform`, {
      provider: cluster.provider,
      namespace: config.platform.namespace,
      config: settings.config,
      secrets: settings.secrets,
      databaseSecrets: {
        [DATABASE_ADMIN_SECRET]: { [DATABASE_ADMIN_URL_KEY]: database.adminUrl },
        ...Object.fromEntries(
          BACKEND_SERVICE_NAMES.map((service) => [
            serviceDatabaseSecret(service),
            { [DATABASE_URL_KEY]: database.serviceUrls[service]! },
          ]),
        ),
      },
      values: {
        image: { registry: registry.registry, tag: config.platform.imageTag },
        ingress: {
          host: config.platform.host,
          className: ALB_INGRESS_CLASS,
          annotations: albIngressAnnotations(config.platform.certificateArn),
        },
        networkPolicy: {
          // The controller itself sends no traffic to the pods; the ALB does, from the public subnets.
          ingressControllerNamespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
          monitoringNamespace: config.clusterServices.monitoringNamespace,
          loadBalancerCidrs: [network.publicSubnetsCidr],
        },
        monitoring: {
          enabled: config.clusterServices.monitoringEnabled,
          prometheusRelease: config.clusterServices.prometheusRelease,
        },
      },
      dependsOn: [loadBalancerController.release, clusterServices.keda, mediaAccess, platformSecrets, tracing],
    })
  : undefined;

export const url = publicUrl;
export const environment = config.environment;
export const imageTag = config.platform.imageTag;
export const imageRegistry = registry.registry;
export const repositoryUrls = registry.repositoryUrls;
export const clusterName = cluster.name;
export const clusterEndpoint = cluster.endpoint;
export const kubeconfig = cluster.kubeconfig;
export const loadBalancerHostname = platform?.loadBalancerHostname ?? 'not deployed (deployPlatform is false)';
export const namespace = config.platform.namespace;
export const releaseStatus = platform?.releaseStatus ?? 'not deployed (deployPlatform is false)';
export const databaseEndpoint = database.address;
export const databases = database.databases;
export const databaseCredentialsSecretArn = database.credentialsSecretArn;
export const brokerEndpoint = broker.endpoint;
export const brokerCredentialsSecretArn = broker.credentialsSecretArn;
export const mediaBucket = storage.bucketName;
export const mediaRoleArn = mediaAccess.roleArn;
export const platformSecretsArn = platformSecrets.secretArn;
