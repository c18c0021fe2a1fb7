import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../src/collect/parse/kubelet-flags.js';
import { parseKubeletConfig } from '../../src/collect/parse/kubelet-config.js';

const args = (...v: string[]) => v.map((value) => ({ value, source: { path: 'proc/9/cmdline', line: 1 } }));

describe('parseFlags', () => {
  it('reads --flag=value, --flag value, bare booleans, and lets the last one win', () => {
    const f = parseFlags(
      args(
        '--hairpin-mode',
        'hairpin-veth',
        '--docker-only',
        '--cgroup-driver=cgroupfs',
        '--v=2',
        '--cgroup-driver=systemd',
        '--authentication-token-webhook',
        '--kubeconfig',
        '/etc/k.conf',
      ),
    );
    expect(f.get('hairpin-mode')!.value).toBe('hairpin-veth');
    expect(f.get('docker-only')!.value).toBe('true');
    expect(f.get('cgroup-driver')!.value).toBe('systemd');
    expect(f.get('authentication-token-webhook')!.value).toBe('true');
    expect(f.get('kubeconfig')!.value).toBe('/etc/k.conf');
  });

  it('does not let a boolean swallow the next flag', () => {
    const f = parseFlags(args('--docker-only', '--kubelet-cgroups=/x'));
    expect(f.get('kubelet-cgroups')!.value).toBe('/x');
  });

  it('keeps literal quotes in values', () => {
    expect(parseFlags(args("--cgroup-driver='systemd'")).get('cgroup-driver')!.value).toBe("'systemd'");
  });
});

describe('parseKubeletConfig', () => {
  it('reads the fields with their lines', () => {
    const c = parseKubeletConfig('kind: KubeletConfiguration\ncgroupDriver: systemd\ncgroupsPerQOS: false\nenforceNodeAllocatable:\n- pods\n- kube-reserved\n', 'config.yaml');
    expect(c.values).toEqual({ cgroupDriver: 'systemd', cgroupsPerQOS: false, enforceNodeAllocatable: ['pods', 'kube-reserved'] });
    expect(c.lines).toEqual({ cgroupDriver: 2, cgroupsPerQOS: 3, enforceNodeAllocatable: 4 });
    expect(c.warnings).toEqual([]);
  });

  it('names a wrongly typed key and keeps the rest', () => {
    const c = parseKubeletConfig('cgroupsPerQOS: "yes"\ncgroupDriver: systemd\nenforceNodeAllocatable: pods\n', 'var/lib/kubelet/config.yaml');
    expect(c.values).toEqual({ cgroupDriver: 'systemd' });
    expect(c.invalid).toEqual({
      cgroupsPerQOS: 'var/lib/kubelet/config.yaml line 1: cgroupsPerQOS: expected a boolean, got string "yes"',
      enforceNodeAllocatable: 'var/lib/kubelet/config.yaml line 3: enforceNodeAllocatable: expected a list of strings, got string "pods"',
    });
    expect(c.warnings).toEqual([
      { path: 'var/lib/kubelet/config.yaml', line: 1, message: 'cgroupsPerQOS: expected a boolean, got string "yes"; kubelet would reject it, so its value is unknown' },
      {
        path: 'var/lib/kubelet/config.yaml',
        line: 3,
        message: 'enforceNodeAllocatable: expected a list of strings, got string "pods"; kubelet would reject it, so its value is unknown',
      },
    ]);
  });

  it('turns broken YAML into a warning, not an exception', () => {
    const c = parseKubeletConfig('cgroupDriver: [systemd\n', 'c.yaml');
    expect(c.values).toEqual({});
    expect(c.warnings[0]!.message).toMatch(/^YAML: .*; its settings are unknown$/);
    expect(c.unusable).toMatch(/^c\.yaml line 2: YAML: /);
    const list = parseKubeletConfig('- a list\n', 'c.yaml');
    expect(list.warnings).toEqual([{ path: 'c.yaml', message: 'not a YAML mapping; its settings are unknown' }]);
    expect(list.unusable).toBe('c.yaml: not a YAML mapping');
  });
});
