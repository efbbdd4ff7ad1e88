import { startBrokerProxy, type TcpProxy, waitFor } from '@platform/testing';
import type { ServiceUnderTest } from './service-under-test';

/**
 * A broker outage of the test's own: the service under test reaches RabbitMQ through a proxy
 * (`amqpUrl`) that `begin` cuts and `end` restores; never the machine's broker, which other runs share.
 */
export class BrokerOutage {
  private constructor(
    private readonly proxy: TcpProxy,
    readonly amqpUrl: string,
  ) {}

  static async prepare(): Promise<BrokerOutage> {
    const { proxy, amqpUrl } = await startBrokerProxy();
    return new BrokerOutage(proxy, amqpUrl);
  }

  /** Cuts the broker and resolves once the service's readiness reports it down. */
  async begin(service: ServiceUnderTest<unknown>): Promise<void> {
    await waitFor('the broker to be up first', async () => (await service.dependencyState('broker')) === 'up');
    this.proxy.cut();
    await waitFor(
      'readiness to report the broker down',
      async () => (await service.dependencyState('broker')) === 'down',
    );
  }

  /** Restores the broker and resolves once the service's readiness reports it up again. */
  async end(service: ServiceUnderTest<unknown>): Promise<void> {
    this.proxy.restore();
    await waitFor(
      'readiness to report the broker up',
      async () => (await service.dependencyState('broker')) === 'up',
      15_000,
    );
  }

  /** Lets connections through again at once (afterAll, before the service closes). */
  restore(): void {
    this.proxy.restore();
  }

  async stop(): Promise<void> {
    await this.proxy.stop();
  }
}
