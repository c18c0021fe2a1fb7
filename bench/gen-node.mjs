#!/usr/bin/env node
// Generates a realistic node tree for benchmarks, deterministically from a seed:
//   node bench/gen-node.mjs DIR --layout v1|hybrid|v2 --driver systemd|cgroupfs --pods N
//        [--containers K] [--mount-lines M] [--memory-cgroups C] [--seed S]
// N pods with 1..K containers each plus a sandbox, a QoS mix (guaranteed, burstable,
// besteffort), system units, processes in proc/, and a mountinfo padded with the overlay, shm and
// volume mounts those pods have (and more, up to M lines, as a leaking node has); and, on v1, C
// more memory cgroups of transient units (systemd-run scopes a node's jobs leave), CG020's range.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeTree, containerdConfig, containerdRuntime, kernel, kubeadmKubelet, managerStates, sshd, systemdInit } from '../scripts/node-tree.mjs';
import { prng } from '../scripts/prng.mjs';

const hex = (rand, n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const uuid = (rand) => `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-a${hex(rand, 3)}-${hex(rand, 12)}`;

export function generateNode({ layout = 'v1', driver = 'systemd', pods = 110, containers = 3, mountLines = 0, memoryCgroups = 0, seed = 1 } = {}) {
  const rand = prng(seed);
  const t = new NodeTree({ layout, driver });
  systemdInit(t);
  sshd(t);
  kernel(t);
  managerStates(t);
  containerdRuntime(t, { config: containerdConfig({ version: layout === 'v2' ? 3 : 2, systemdCgroup: driver === 'systemd' }) });
  kubeadmKubelet(t, { config: { cgroupDriver: driver }, kubeadmArgs: ['--container-runtime-endpoint=unix:///run/containerd/containerd.sock'] });
  for (const unit of ['systemd-journald', 'systemd-logind', 'systemd-udevd', 'dbus', 'chronyd', 'rsyslog', 'crond', 'auditd', 'irqbalance', 'polkit']) {
    t.process(300 + t.processes.length, unit.slice(0, 15), [`/usr/lib/systemd/${unit}`], { unit: `/system.slice/${unit}.service` });
  }
  const sys = driver === 'systemd';
  const root = sys ? '/kubepods.slice' : '/kubepods';
  t.cgroup(root);
  const qosPath = (q) => (q === 'guaranteed' ? root : sys ? `${root}/kubepods-${q}.slice` : `${root}/${q}`);
  for (const q of ['burstable', 'besteffort']) t.cgroup(qosPath(q));
  let pid = 10000;
  const mounts = [];
  for (let i = 0; i < pods; i++) {
    const r = rand();
    const qos = r < 0.2 ? 'guaranteed' : r < 0.8 ? 'burstable' : 'besteffort';
    const uid = uuid(rand);
    const podName = sys ? `kubepods${qos === 'guaranteed' ? '' : `-${qos}`}-pod${uid.replaceAll('-', '_')}.slice` : `pod${uid}`;
    const pod = `${qosPath(qos)}/${podName}`;
    t.cgroup(pod);
    t.file(`var/lib/kubelet/pods/${uid}/etc-hosts`, '127.0.0.1\tlocalhost\n');
    const n = 1 + Math.floor(rand() * containers);
    for (let c = 0; c <= n; c++) {
      const id = hex(rand, 64);
      const leaf = sys ? `cri-containerd-${id}.scope` : id;
      t.cgroup(`${pod}/${leaf}`, { procs: [pid++, ...(c === 0 ? [] : [pid++])] });
      if (c === 0) mounts.push(`/run/containerd/io.containerd.grpc.v1.cri/sandboxes/${id}/shm|tmpfs shm`);
      mounts.push(`/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}/rootfs|overlay overlay`);
    }
    mounts.push(`/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~projected/kube-api-access-${hex(rand, 5)}|tmpfs tmpfs`);
  }
  // Transient units' scopes: in the memory hierarchy only, as systemd's memory accounting leaves them.
  for (let i = 0; i < memoryCgroups; i++) t.cgroup(`/system.slice/run-r${hex(rand, 32)}.scope`, { in: ['memory'] });
  let id = 5000;
  const line = (m) => {
    const [target, fs_] = m.split('|');
    const [fstype, source] = fs_.split(' ');
    return `${id++} 27 0:${(id % 900) + 100} / ${target} rw,nosuid,nodev,relatime shared:${id} - ${fstype} ${source} rw`;
  };
  for (const m of mounts) t.mountLine(line(m));
  // A leaking node: shm mounts of long-dead sandboxes, until the table has M lines.
  const base = 30 + mounts.length;
  for (let i = base; i < mountLines; i++) t.mountLine(line(`/run/containerd/io.containerd.grpc.v1.cri/sandboxes/${hex(rand, 64)}/shm|tmpfs shm`));
  return t;
}

export function writeNode(dir, opts) {
  fs.rmSync(dir, { recursive: true, force: true });
  const files = generateNode(opts).render();
  const dirs = new Set();
  for (const p of files.keys()) dirs.add(path.dirname(path.join(dir, p)));
  for (const d of dirs) fs.mkdirSync(d, { recursive: true });
  for (const [p, content] of files) fs.writeFileSync(path.join(dir, p), content);
  return files.size;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, ...rest] = process.argv.slice(2);
  if (!dir) {
    console.error(
      'usage: node bench/gen-node.mjs DIR [--layout v1|hybrid|v2] [--driver systemd|cgroupfs] [--pods N] [--containers K] [--mount-lines M] [--memory-cgroups C] [--seed S]',
    );
    process.exit(2);
  }
  const opt = (name, d) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : d;
  };
  const n = writeNode(dir, {
    layout: opt('layout', 'v1'),
    driver: opt('driver', 'systemd'),
    pods: Number(opt('pods', 110)),
    containers: Number(opt('containers', 3)),
    mountLines: Number(opt('mount-lines', 0)),
    memoryCgroups: Number(opt('memory-cgroups', 0)),
    seed: Number(opt('seed', 1)),
  });
  console.log(`wrote ${n} files to ${dir}`);
}
