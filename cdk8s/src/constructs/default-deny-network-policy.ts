import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';

export interface DefaultDenyNetworkPolicyProps {
  /**
   * Name of the policy that denies everything.
   * @default 'default-deny'
   */
  readonly name?: string;
  /**
   * Namespace and pod labels of the cluster DNS, which every pod may reach on port 53.
   * @default kube-system, k8s-app=kube-dns (CoreDNS on EKS and minikube)
   */
  readonly dns?: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
  /** Labels of both policies. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Deny-all ingress and egress for every pod of the namespace, plus the one allow all of them need:
 * DNS to the cluster resolver. Every other flow is opened by a WorkloadNetworkPolicy.
 */
export class DefaultDenyNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: DefaultDenyNetworkPolicyProps = {}) {
    super(scope, id);
    const dns = props.dns ?? { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } };
    const labels = { ...props.labels };
    const everyPod = kplus.Pods.all(this, 'every-pod');

    new kplus.NetworkPolicy(this, 'deny', {
      metadata: { name: props.name ?? 'default-deny', labels },
      selector: everyPod,
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });

    const allowDns = new kplus.NetworkPolicy(this, 'dns', {
      metadata: { name: 'allow-dns', labels },
      selector: everyPod,
    });
    allowDns.addEgressRule(
      kplus.Pods.select(this, 'cluster-dns', {
        labels: { ...dns.podLabels },
        namespaces: kplus.Namespaces.select(this, 'dns-namespace', { names: [dns.namespace] }),
      }),
      [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)],
    );
  }
}
