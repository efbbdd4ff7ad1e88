import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { assertDnsLabel } from '../labels';

/** Where allowed traffic comes from or goes to. */
export type NetworkPeer =
  /** Pods with these labels in the policy's own namespace. */
  | { readonly kind: 'pods'; readonly labels: Readonly<Record<string, string>> }
  /** Any pod of the named namespace (an ingress controller, Prometheus, KEDA). */
  | { readonly kind: 'namespace'; readonly name: string }
  /** An address range outside the cluster. */
  | { readonly kind: 'cidr'; readonly cidr: string }
  /**
   * Any destination, in or out of the cluster, on the rule's ports only: managed services whose
   * addresses the chart cannot know (RDS, Amazon MQ, S3, SES) or in-cluster ones (minikube).
   */
  | { readonly kind: 'anywhere' };

export interface NetworkRule {
  readonly peer: NetworkPeer;
  /** TCP ports; a rule without ports is refused (it would open every port). */
  readonly tcpPorts: readonly number[];
}

export interface WorkloadNetworkPolicyProps {
  /** Name of the NetworkPolicy. */
  readonly name: string;
  /** Labels that select the pods the policy opens flows for. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** @default - no ingress allowed */
  readonly ingress?: readonly NetworkRule[];
  /** @default - no egress allowed (beyond DNS, from DefaultDenyNetworkPolicy) */
  readonly egress?: readonly NetworkRule[];
  readonly labels?: Readonly<Record<string, string>>;
}

/** The allows of one workload on top of a DefaultDenyNetworkPolicy: every flow named, with its ports. */
export class WorkloadNetworkPolicy extends Construct {
  readonly policy: kplus.NetworkPolicy;

  constructor(scope: Construct, id: string, props: WorkloadNetworkPolicyProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'NetworkPolicy name');
    if (Object.keys(props.podLabels).length === 0) {
      throw new Error(`WorkloadNetworkPolicy ${props.name}: podLabels must select specific pods, not all of them`);
    }
    for (const rule of [...(props.ingress ?? []), ...(props.egress ?? [])]) {
      if (rule.tcpPorts.length === 0) throw new Error(`WorkloadNetworkPolicy ${props.name}: every rule needs ports`);
    }
    const everywhere = (peer: NetworkPeer) =>
      peer.kind === 'anywhere' || (peer.kind === 'cidr' && /^(0\.0\.0\.0|::)\/0$/.test(peer.cidr));
    if ((props.ingress ?? []).some((rule) => everywhere(rule.peer))) {
      throw new Error(`WorkloadNetworkPolicy ${props.name}: ingress from anywhere is not allowed; name the peer`);
    }
    this.policy = new kplus.NetworkPolicy(this, 'policy', {
      metadata: { name: props.name, labels: { ...props.labels } },
      selector: kplus.Pods.select(this, 'pods', { labels: { ...props.podLabels } }),
    });
    (props.ingress ?? []).forEach((rule, index) => {
      for (const peer of this.peers(rule.peer, `ingress-${index}`)) this.policy.addIngressRule(peer, ports(rule));
    });
    (props.egress ?? []).forEach((rule, index) => {
      for (const peer of this.peers(rule.peer, `egress-${index}`)) this.policy.addEgressRule(peer, ports(rule));
    });
  }

  private peers(peer: NetworkPeer, id: string): kplus.INetworkPolicyPeer[] {
    switch (peer.kind) {
      case 'pods':
        return [kplus.Pods.select(this, id, { labels: { ...peer.labels } })];
      case 'namespace':
        return [
          kplus.Pods.all(this, id, {
            namespaces: kplus.Namespaces.select(this, `${id}-namespace`, { names: [peer.name] }),
          }),
        ];
      case 'cidr':
        return [
          peer.cidr.includes(':')
            ? kplus.NetworkPolicyIpBlock.ipv6(this, id, peer.cidr)
            : kplus.NetworkPolicyIpBlock.ipv4(this, id, peer.cidr),
        ];
      case 'anywhere':
        // ipBlock alone does not match pod IPs under every CNI (Cilium), and a pod selector alone
        // does not match addresses outside the cluster: name both.
        return [
          kplus.NetworkPolicyIpBlock.anyIpv4(this, `${id}-ipv4`),
          kplus.NetworkPolicyIpBlock.anyIpv6(this, `${id}-ipv6`),
          kplus.Pods.all(this, `${id}-pods`, { namespaces: kplus.Namespaces.all(this, `${id}-namespaces`) }),
        ];
    }
  }
}

function ports(rule: NetworkRule): kplus.NetworkPolicyPort[] {
  return rule.tcpPorts.map((port) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${port} is not a TCP port`);
    return kplus.NetworkPolicyPort.tcp(port);
  });
}
