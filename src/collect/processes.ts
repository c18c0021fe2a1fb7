import type { CollectContext, Fact, ProcessInfo, Processes, Role } from './facts.js';
import { missing, present } from './facts.js';
import { parseCmdline, parseComm } from './parse/cmdline.js';
import { parseProcCgroup } from './parse/proc-cgroup.js';
import { parseProcCgroups } from './parse/proc-cgroups.js';
import { KUBELET_COMMS, SIGNAL_COMMS } from '../distributions/index.js';
import { WORKLOAD_RUNTIMES } from '../distributions/components.js';

/** Workload runtimes whose version decides whether they see cgroup v2 limits (a JVM). */
const WORKLOAD_COMMS = new Set(WORKLOAD_RUNTIMES.flatMap((w) => w.comms));

/** Runtime daemons by comm; kubelets by every comm a distribution runs one under (k3s-server, kubelite). */
const ROLE_BY_COMM: Record<string, Role> = {
  ...Object.fromEntries([...KUBELET_COMMS].map((c) => [c, 'kubelet' as const])),
  containerd: 'containerd',
  dockerd: 'dockerd',
  crio: 'crio',
};

function describeProcess(ctx: CollectContext, pid: number, comm: string, role: Role): ProcessInfo {
  const cmdlinePath = `proc/${pid}/cmdline`;
  const info: ProcessInfo = { pid, comm, role, cmdlinePath };
  const cmd = ctx.host.read(cmdlinePath);
  if (cmd.ok) info.cmdline = parseCmdline(cmd.text);
  const cg = ctx.host.read(`proc/${pid}/cgroup`);
  if (cg.ok) {
    info.cgroup = parseProcCgroup(cg.text, `proc/${pid}/cgroup`);
    info.cgroup.warnings.forEach(ctx.warn);
  }
  return info;
}

/** Finds init, kubelet and the runtime daemons by `comm`, reading only their cmdline and cgroup. */
export function collectProcesses(ctx: CollectContext): Fact<Processes> {
  const entries = ctx.host.list('proc');
  if (!entries) return missing('proc/ not found (a capture without /proc?)');
  const pids = entries
    .filter((e) => e.type === 'dir' && /^\d+$/.test(e.name))
    .map((e) => Number(e.name))
    .sort((a, b) => a - b);
  if (pids.length === 0) return missing('proc/ has no process directories');
  const out: Processes = { count: 0, kubelets: [], runtimes: [], signals: [], workloads: [], systemd: { running: false, why: '' } };
  for (const pid of pids) {
    if (out.count % 2000 === 1999) ctx.context.onProgress?.('reading proc/', out.count + 1);
    // A process can exit between readdir and read: that is not an error, it just is not counted.
    const r = ctx.host.read(`proc/${pid}/comm`);
    if (!r.ok) {
      if (r.reason === 'missing' || r.reason === 'vanished') ctx.vanished('processes');
      continue;
    }
    out.count++;
    const comm = parseComm(r.text);
    const role: Role | undefined = pid === 1 ? 'init' : ROLE_BY_COMM[comm];
    if (!role) {
      // A process that only tells the distribution apart: its command line is all that is read.
      if (SIGNAL_COMMS.has(comm)) out.signals.push(describeProcess(ctx, pid, comm, 'signal'));
      else if (WORKLOAD_COMMS.has(comm)) out.workloads.push(describeProcess(ctx, pid, comm, 'workload'));
      continue;
    }
    const info = describeProcess(ctx, pid, comm, role);
    if (role === 'init') out.init = info;
    else if (role === 'kubelet') out.kubelets.push(info);
    else out.runtimes.push(info);
    // pid 1 can itself be a runtime or kubelet only in odd containers; its comm still counts.
    if (pid === 1 && ROLE_BY_COMM[comm] === 'kubelet') out.kubelets.push({ ...info, role: 'kubelet' });
  }
  // A kubelet binary before a program embedding one: a node runs one kubelet, and if a leftover
  // k3s and a kubelet both run, the binary is the one kubelet.service started.
  out.kubelet = out.kubelets.find((p) => p.comm === 'kubelet') ?? out.kubelets[0];
  // The scanner is a witness, not part of the node: its file missing or unreadable loses a hint only.
  const self = ctx.host.read('proc/self/cgroup', { denial: 'handled' });
  if (self.ok) {
    out.self = parseProcCgroup(self.text, 'proc/self/cgroup');
    out.self.warnings.forEach(ctx.warn);
  }
  out.systemd = systemdState(ctx, out.init);
  return present(out);
}

function systemdState(ctx: CollectContext, init: ProcessInfo | undefined): Processes['systemd'] {
  if (init?.comm === 'systemd') return { running: true, why: 'proc/1/comm is "systemd"' };
  const exe = init?.cmdline?.[0]?.split('/').pop();
  if (exe === 'systemd') return { running: true, why: `proc/1/cmdline starts with ${init!.cmdline![0]}` };
  // runc and kubelet decide the same way: systemd runs when /run/systemd/system is a directory.
  if (ctx.host.isDir('run/systemd/system')) return { running: true, why: 'run/systemd/system exists' };
  return { running: false, why: init ? `proc/1/comm is "${init.comm}"` : 'proc/1/comm not found' };
}

export function collectProcCgroups(ctx: CollectContext) {
  const r = ctx.host.read('proc/cgroups');
  if (!r.ok) return missing<ReturnType<typeof parseProcCgroups>>('proc/cgroups not found');
  const parsed = parseProcCgroups(r.text);
  parsed.warnings.forEach(ctx.warn);
  return present(parsed);
}
