import { describe, expect, it } from 'vitest';
import { FactStore } from '../../src/collect/index.js';
import { MemHost, type MemNode } from '../../src/host/mem-host.js';
import type { ReadBytesResult, ReadOptions } from '../../src/host/host.js';
import CG001 from '../../src/rules/CG001-cpuset-empty.js';
import { subjects } from '../rules/trees.js';

/** A MemHost that remembers what was read. */
class Recording extends MemHost {
  readonly reads: string[] = [];
  override readBytes(path: string, options?: ReadOptions): ReadBytesResult {
    this.reads.push(path);
    return super.readBytes(path, options);
  }
}

const POD = '/kubepods/burstable/pod7c3b5a8e-2f0d-4c61-9a7e-1d2e3f4a5b6c';

/** A v2 node whose burstable QoS cgroup has `qosCpus` effective CPUs; its one pod has none of its own. */
function node(qosCpus: string, podProcs = ''): Record<string, MemNode> {
  const t: Record<string, MemNode> = {
    'proc/self/mountinfo': '28 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n',
    'sys/fs/cgroup/cgroup.controllers': 'cpuset cpu memory pids\n',
  };
  for (const d of ['', '/kubepods', '/kubepods/burstable', '/kubepods/besteffort', POD, `${POD}/ctr`]) {
    t[`sys/fs/cgroup${d}/cgroup.procs`] = d === POD ? podProcs : '';
    t[`sys/fs/cgroup${d}/cgroup.subtree_control`] = d.endsWith('ctr') ? '\n' : 'cpuset cpu memory pids\n';
    t[`sys/fs/cgroup${d}/cpuset.cpus.effective`] = d === '/kubepods/burstable' ? `${qosCpus}\n` : d === POD ? '\n' : '0-3\n';
    t[`sys/fs/cgroup${d}/cpuset.mems.effective`] = '0\n';
  }
  return t;
}

const unified = (host: MemHost) => {
  const f = new FactStore(host).get('unified');
  if (!f.ok) throw new Error(f.missing);
  return f.value;
};

describe('the unified tree, read as lightly as the rules allow', () => {
  it("reads a pod's effective cpusets only when its parent's are empty", () => {
    const healthy = new Recording(node('0-3'));
    const pod = unified(healthy).cgroups.find((c) => c.path === POD)!;
    expect(pod).not.toHaveProperty('cpusEffective');
    expect(healthy.reads.filter((r) => r.startsWith(`sys/fs/cgroup${POD}/`))).toEqual([`sys/fs/cgroup${POD}/cgroup.procs`]);
    // The kernel never leaves a pod empty under a parent with CPUs: the drawn empty file is not read.
    expect(subjects(CG001, node('0-3'))).toEqual([]);

    const emptied = new Recording(node(''));
    const read = unified(emptied).cgroups.find((c) => c.path === POD)!;
    // cpus are read, under a parent with none left; mems are not, under a parent that has some.
    expect(read).toMatchObject({ cpusEffective: '' });
    expect(read).not.toHaveProperty('memsEffective');
    expect(subjects(CG001, node(''))).toEqual(['/kubepods/burstable', POD]);
  });

  it('lists a pod and reads its cgroup.subtree_control only when it holds processes', () => {
    const idle = unified(new Recording(node('0-3'))).cgroups.find((c) => c.path === POD)!;
    expect(idle).toEqual({ role: 'pod', path: POD, dir: `sys/fs/cgroup${POD}`, controllers: [], procs: 0 });
    const host = new Recording(node('0-3', '43\n'));
    const busy = unified(host).cgroups.find((c) => c.path === POD)!;
    expect(host.reads.filter((r) => r === `sys/fs/cgroup${POD}/cgroup.procs`)).toHaveLength(1);
    expect(busy).toMatchObject({ procs: 1, subtreeControl: ['cpuset', 'cpu', 'memory', 'pids'], children: ['ctr'] });
  });
});
