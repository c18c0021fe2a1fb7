/** EKS on the Amazon Linux 2023 AMI (nodeadm): what the scan of eks-al2023-healthy recognises, and where each setting comes from. */
import { describe, expect, it } from 'vitest';
import { MemHost } from '../../src/host/mem-host.js';
import { scan } from '../../src/scan.js';
import { facts, fixtureTree } from './helpers.js';

describe('EKS on Amazon Linux 2023 (nodeadm)', () => {
  const f = facts('eks-al2023-healthy');

  it('is recognised by nodeadm, and its kubelet by the flags nodeadm writes to /etc/eks/kubelet/environment', () => {
    expect(f.distribution).toEqual({
      id: 'eks-al2023',
      name: 'Amazon EKS (Amazon Linux 2023, nodeadm)',
      why: "nodeadm, the AL2023 EKS AMI's node initialiser, is installed (usr/bin/nodeadm)",
    });
    expect(f.kubelet).toMatchObject({ pid: 1969, process: '/usr/bin/kubelet', embedded: false, unit: 'kubelet.service', flagsFrom: 'cmdline' });
  });

  it('takes the kubelet version from the `kubelet --version` the AMI build saved in /etc/eks/kubelet-version.txt', () => {
    expect(f.kubelet?.version).toEqual({ value: '1.33.4', source: 'etc/eks/kubelet-version.txt:1' });
  });

  it('reads --config and the --config-dir drop-ins: the driver and the reservations from config.json, by line', () => {
    expect(f.kubelet?.config).toBe('etc/kubernetes/kubelet/config.json');
    expect(f.kubelet?.dropins).toEqual(['etc/kubernetes/kubelet/config.json.d/40-nodeadm.conf']);
    expect(f.kubelet?.settings).toMatchObject({
      cgroupDriver: { value: 'systemd', origin: 'config', source: 'etc/kubernetes/kubelet/config.json:22' },
      cgroupRoot: { value: '/', origin: 'config', source: 'etc/kubernetes/kubelet/config.json:23' },
      kubeReservedCgroup: { value: '/runtime', origin: 'config', source: 'etc/kubernetes/kubelet/config.json:44' },
      systemReservedCgroup: { value: '/system', origin: 'config', source: 'etc/kubernetes/kubelet/config.json:54' },
      enforceNodeAllocatable: { value: ['pods'], origin: 'default' },
    });
    expect(f.runtime).toMatchObject({
      name: 'containerd',
      config: 'etc/containerd/config.toml',
      pid: 2011,
      driver: { value: 'systemd', source: 'etc/containerd/config.toml:25' },
    });
  });

  it("takes the driver from the user's drop-in (spec.kubelet.config), where it overrides config.json", () => {
    const tree = fixtureTree('eks-al2023-healthy');
    tree['etc/kubernetes/kubelet/config.json.d/40-nodeadm.conf'] =
      '{\n    "apiVersion": "kubelet.config.k8s.io/v1beta1",\n    "cgroupDriver": "cgroupfs",\n    "kind": "KubeletConfiguration"\n}\n';
    const r = scan(new MemHost(tree));
    expect(r.facts.kubelet?.settings.cgroupDriver).toEqual({ value: 'cgroupfs', origin: 'config', source: 'etc/kubernetes/kubelet/config.json.d/40-nodeadm.conf:3' });
    expect(r.findings.filter((x) => x.rule === 'CG009').map((x) => x.evidence.map((e) => e.path))).toEqual([
      ['etc/kubernetes/kubelet/config.json.d/40-nodeadm.conf', 'etc/containerd/config.toml'],
    ]);
  });
});
