import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DAEMON_DIRS, type Run } from './journal.js';
import { cgroupMounts, markedProcesses, procStat, which } from './machine.js';
import { startDaemon, until } from './support.js';

/**
 * A Docker daemon of the run's own (Debian's docker.io): its data, state and socket in the run's
 * temporary directory, its mounts in a private mount namespace, no network (no bridge, no
 * iptables), its containers' cgroups under the run's own parent, the host's daemon.json ignored.
 * Everything it makes is journaled before it starts, and it is stopped by its pid.
 */
export interface Dockerd {
  /** The environment a docker client needs to reach this daemon and no other. */
  env: NodeJS.ProcessEnv;
  /** The cgroup parent of its containers, relative to each hierarchy's root. */
  cgroupParent: string;
  docker(args: string[], o?: { input?: string; timeout?: number }): { status: number | null; stdout: string; stderr: string };
  stop(): void;
}

export function startDockerd(run: Run): Dockerd {
  const dockerd = which('dockerd')!;
  const client = which('docker');
  if (!client) throw new Error('dockerd is installed but no docker client is on PATH');
  const dir = run.tempDir('docker');
  const config = path.join(dir, 'daemon.json');
  fs.writeFileSync(config, '{}\n');
  const socket = path.join(dir, 'docker.sock');
  const cgroupParent = `/${run.prefix}`;
  for (const m of cgroupMounts()) if (!fs.existsSync(path.join(m.dir, cgroupParent))) run.record({ op: 'cgroup', path: path.join(m.dir, cgroupParent) });
  for (const d of DAEMON_DIRS) if (!fs.existsSync(d)) run.record({ op: 'made', path: d });
  const pid = startDaemon(
    run,
    'unshare',
    [
      '-m',
      '--propagation',
      'private',
      dockerd,
      `--config-file=${config}`,
      `--data-root=${path.join(dir, 'data')}`,
      `--exec-root=${path.join(dir, 'exec')}`,
      `--pidfile=${path.join(dir, 'dockerd.pid')}`,
      `--host=unix://${socket}`,
      '--iptables=false',
      '--ip6tables=false',
      '--ip-forward=false',
      '--ip-masq=false',
      '--bridge=none',
      '--userland-proxy=false',
      `--cgroup-parent=${cgroupParent}`,
      '--log-level=warn',
    ],
    'dockerd',
  );
  const env = { ...run.env, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: path.join(dir, 'client') };
  const docker: Dockerd['docker'] = (args, o = {}) => {
    const r = spawnSync(client, args, { encoding: 'utf8', env, timeout: o.timeout ?? 120_000, maxBuffer: 64 << 20, ...(o.input !== undefined ? { input: o.input } : {}) });
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  };
  if (!until(() => docker(['version', '--format', '{{.Server.Version}}'], { timeout: 5000 }).status === 0, 60_000)) {
    throw new Error(`dockerd (pid ${pid}) does not answer on ${socket}: ${docker(['version']).stderr.trim()}`);
  }
  return {
    env,
    cgroupParent,
    docker,
    stop() {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        return;
      }
      // dockerd stops its containerd; both are gone before the run's cleanup looks.
      if (!until(() => procStat(pid) === undefined && markedProcesses(run.id).length === 0, 30_000))
        throw new Error(`dockerd (pid ${pid}) or its containerd did not stop on SIGTERM`);
    },
  };
}
