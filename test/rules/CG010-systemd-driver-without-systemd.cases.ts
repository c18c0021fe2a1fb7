import type { RuleCase } from './cases.js';
import { NodeTree, containerdConfig, kernel, kubeletConfig, managerStates } from './nodes.js';

/** An Alpine-style OpenRC host: pid 1 is init, no /run/systemd/system, no units; containerd runs. */
function openrcNode(driver: 'systemd' | 'cgroupfs'): NodeTree {
  const t = new NodeTree({ layout: 'v1', driver });
  t.process(1, 'init', ['/sbin/init']);
  kernel(t, { release: '6.6.32-0-lts' });
  managerStates(t);
  t.file('etc/containerd/config.toml', containerdConfig({ version: 2, systemdCgroup: driver === 'systemd' }));
  t.process(812, 'containerd', ['/usr/bin/containerd']);
  return t.file('var/lib/kubelet/config.yaml', kubeletConfig({ cgroupDriver: driver }));
}

// Rules about systemd units have nothing to read on an OpenRC host.
const NO_UNITS = ['CG002', 'CG016', 'CG026'];

export const fires: RuleCase[] = [
  {
    name: 'an OpenRC host with kubelet and containerd both set to the systemd driver; kubelet panics and is not running',
    node: openrcNode('systemd'),
    layout: 'v1',
    findings: [
      { rule: 'CG010', severity: 'error', subject: 'containerd', evidence: [{ path: 'etc/containerd/config.toml', match: 'SystemdCgroup = true' }] },
      {
        rule: 'CG010',
        severity: 'error',
        subject: 'kubelet',
        evidence: [
          { path: 'var/lib/kubelet/config.yaml', match: 'cgroupDriver: "systemd"' },
          { path: 'proc/1/comm', match: /^init$/ },
        ],
      },
    ],
    // kubelet crash-loops, so it has no QoS cgroups and no pods yet.
    skipped: [...NO_UNITS, 'CG012', 'CG022'],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'an OpenRC host with kubelet and containerd on the cgroupfs driver, kubelet running with two pods',
    node: openrcNode('cgroupfs')
      .process(1203, 'kubelet', [
        '/usr/bin/kubelet',
        '--config=/var/lib/kubelet/config.yaml',
        '--kubeconfig=/etc/kubernetes/kubelet.conf',
        '--container-runtime-endpoint=unix:///run/containerd/containerd.sock',
      ])
      .pods(),
    layout: 'v1',
    findings: [],
    skipped: NO_UNITS,
  },
];
