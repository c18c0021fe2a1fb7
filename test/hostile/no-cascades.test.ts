import { describe, expect, it } from 'vitest';
import { MemHost } from '../../src/host/mem-host.js';
import { scan } from '../../src/scan.js';
import { fixtureTree, readExpected } from '../helpers.js';

/**
 * One unparseable or cut input must not become errors built on assumed defaults: what it would
 * have said is unknown, the rules that need it are skipped with the reason, and nothing else moves.
 * Add a case: a fixture, the files to spoil, and what must be skipped instead of firing.
 */
const CASES: Array<{ name: string; fixture: string; spoil: Record<string, string | Uint8Array>; denied?: string[]; skipped: Record<string, RegExp> }> = [
  {
    name: 'a binary kubelet config on a healthy systemd node',
    fixture: 'healthy-v1-systemd',
    spoil: { 'var/lib/kubelet/config.yaml': Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x3e, 0x00]) },
    skipped: {
      CG009: /^kubelet's cgroupDriver is unknown: var\/lib\/kubelet\/config\.yaml line 1: YAML: null byte is not allowed in input$/,
      CG012: /^kubelet's \w+ is unknown: var\/lib\/kubelet\/config\.yaml line 1: YAML: /,
      CG005: /^kubelet's \w+ is unknown: var\/lib\/kubelet\/config\.yaml line 1: YAML: /,
    },
  },
  {
    name: 'a kubelet config that is YAML but not a mapping',
    fixture: 'healthy-v1-systemd',
    spoil: { 'var/lib/kubelet/config.yaml': '- cgroupDriver: systemd\n' },
    skipped: { CG009: /^kubelet's cgroupDriver is unknown: var\/lib\/kubelet\/config\.yaml: not a YAML mapping$/ },
  },
  {
    name: 'a wrongly typed cgroupDriver',
    fixture: 'healthy-v1-systemd',
    spoil: { 'var/lib/kubelet/config.yaml': 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: 1\n' },
    skipped: { CG009: /^kubelet's cgroupDriver is unknown: var\/lib\/kubelet\/config\.yaml line 3: cgroupDriver: expected a string, got number 1$/ },
  },
  {
    name: 'a containerd config that is not TOML',
    fixture: 'healthy-v1-systemd',
    spoil: { 'etc/containerd/config.toml': 'version = 2\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options\nSystemdCgroup = true\n' },
    skipped: { CG009: /^containerd's cgroup driver is unknown: etc\/containerd\/config\.toml line 2: TOML: / },
  },
  {
    name: 'a containerd config nobody may read',
    fixture: 'healthy-v1-systemd',
    spoil: {},
    denied: ['etc/containerd/config.toml'],
    skipped: { CG009: /^containerd's cgroup driver is unknown: could not read etc\/containerd\/config\.toml: permission denied$/ },
  },
];

describe('no cascades from one bad input', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const healthy = readExpected(c.fixture);
      const denied = Object.fromEntries((c.denied ?? []).map((p) => [p, { denied: true as const }]));
      const r = scan(new MemHost({ ...fixtureTree(c.fixture), ...c.spoil, ...denied }));
      // No finding appears that the healthy node does not have.
      const baseline = healthy.findings.map((f) => `${f.rule} ${f.subject}`);
      expect(r.findings.map((f) => `${f.rule} ${f.subject}`).filter((f) => !baseline.includes(f))).toEqual([]);
      for (const [rule, why] of Object.entries(c.skipped)) expect(r.skipped.find((s) => s.rule === rule)?.reason, rule).toMatch(why);
    });
  }
});
