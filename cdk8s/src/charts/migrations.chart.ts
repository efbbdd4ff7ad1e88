import { BACKEND_SERVICE_NAMES, SERVICE_ENTRY_POINTS } from '@platform/contracts';
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { MigrationJob } from '../constructs/migration-job';
import { backendServiceEnv, databaseSetupStep } from '../database-access';
import { type ImageSettings, imageRef } from '../images';
import { PART_OF } from '../labels';

export interface MigrationsChartProps extends ChartProps {
  readonly images: ImageSettings;
  /**
   * Annotate the Jobs as Helm pre-install/pre-upgrade hooks (the Helm chart for EKS). Without it
   * the deployer must run this chart first and wait for the Jobs (skaffold.yaml does).
   * @default false
   */
  readonly helmHooks?: boolean;
}

/**
 * One migration Job per service (`node dist/migrate.js setup`, then `up`, in the service's image), to complete
 * before the platform's Deployments roll out. A chart of its own so that both deployers can order it:
 * Helm through hook annotations, skaffold by deploying it (and waiting) before the platform.
 */
export class MigrationsChart extends Chart {
  readonly jobs: MigrationJob[] = [];

  constructor(scope: Construct, id: string, props: MigrationsChartProps) {
    super(scope, id, { ...props, labels: { 'app.kubernetes.io/part-of': PART_OF, ...props.labels } });
    for (const name of BACKEND_SERVICE_NAMES) {
      this.jobs.push(
        new MigrationJob(this, name, {
          service: name,
          image: imageRef(props.images, name),
          imagePullPolicy: props.images.pullPolicy,
          command: ['node', SERVICE_ENTRY_POINTS.migrate, 'up'],
          ...backendServiceEnv(name),
          setup: databaseSetupStep(name),
          helmHook: props.helmHooks ?? false,
        }),
      );
    }
  }
}
