import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FactStore } from '../../src/collect/index.js';
import { DirHost } from '../../src/host/dir-host.js';
import { MemHost } from '../../src/host/mem-host.js';
import { FIXTURES } from '../helpers.js';

// kubelite's command line names the revision's file; the same file through `current` (what kubelite
// reads by default, and what MicroK8s' docs tell users to edit) is the line cited.
const ARGS = 'var/snap/microk8s/current/args/kubelet';

describe('MicroK8s', () => {
  it('healthy: kubelite embeds the kubelet, its flags from --kubelet-args-file with the snap variables expanded', () => {
    const st = new FactStore(new DirHost(path.join(FIXTURES, 'microk8s-healthy', 'root'), 'microk8s-healthy'));
    const d = st.get('distribution');
    const k = st.get('kubelet');
    const rt = st.get('runtime');
    if (!d.ok || !k.ok || !rt.ok) throw new Error('distribution, kubelet and runtime must be found');
    expect({ id: d.value.layout.id, why: d.value.why }).toEqual({
      id: 'microk8s',
      why: 'kubelite runs (MicroK8s runs the kubelet inside it) (pid 1420, /snap/microk8s/8148/kubelite)',
    });
    expect({ pid: k.value.process?.pid, embedded: k.value.embedded, unit: k.value.unit, config: k.value.configPath }).toEqual({
      pid: 1420,
      embedded: true,
      unit: 'snap.microk8s.daemon-kubelite.service',
      config: undefined,
    });
    // The snap's version is the Kubernetes it ships.
    const v = st.get('kubeletVersion');
    expect(v.ok && { text: v.value.text, source: v.value.source }).toEqual({
      text: '1.33.3',
      source: { path: 'snap/microk8s/current/meta/snap.yaml', line: 2, excerpt: 'version: v1.33.3' },
    });
    const s = k.value.settings;
    expect(s.cgroupDriver).toMatchObject({ value: 'cgroupfs', origin: 'default' });
    expect(s.rootDir).toMatchObject({ value: '/var/snap/microk8s/common/var/lib/kubelet', origin: 'flag', source: { path: ARGS, line: 8 } });
    expect(s.containerRuntimeEndpoint).toMatchObject({ value: '/var/snap/microk8s/common/run/containerd.sock', source: { path: ARGS, line: 11 } });
    const active = rt.value.active;
    expect({ name: active?.name, pid: active?.process?.pid, config: active?.config, driver: active?.driver.driver, origin: active?.driver.path }).toEqual({
      name: 'containerd',
      pid: 1288,
      config: 'var/snap/microk8s/8148/args/containerd.toml',
      driver: 'cgroupfs',
      origin: 'var/snap/microk8s/8148/args/containerd.toml',
    });
  });

  it('kubelite stopped: its unit runs `snap run`, so the flags come from the args file kubelite reads by default', () => {
    const k = new FactStore(
      new MemHost({
        'etc/systemd/system/snap.microk8s.daemon-kubelite.service': '[Unit]\nX-Snappy=yes\n\n[Service]\nExecStart=/usr/bin/snap run microk8s.daemon-kubelite\nType=simple\n',
        'var/snap/microk8s/current/args/kubelet':
          '# kubelet flags\n--root-dir=${SNAP_COMMON}/var/lib/kubelet\n--eviction-hard="memory.available<100Mi,nodefs.available<1Gi"\n--cgroup-driver=systemd\n',
      }),
    ).get('kubelet');
    if (!k.ok) throw new Error(k.missing);
    expect({ flagsFrom: k.value.flagsFrom, unit: k.value.unit, embedded: k.value.embedded }).toEqual({
      flagsFrom: 'unit',
      unit: 'snap.microk8s.daemon-kubelite.service',
      embedded: true,
    });
    expect(k.value.settings.cgroupDriver).toMatchObject({ value: 'systemd', source: { path: 'var/snap/microk8s/current/args/kubelet', line: 4 } });
    expect(k.value.settings.rootDir).toMatchObject({ value: '/var/snap/microk8s/common/var/lib/kubelet' });
    expect(k.value.flags.get('eviction-hard')?.value).toBe('memory.available<100Mi,nodefs.available<1Gi');
  });
});
