import * as fs from 'node:fs';
import { expect, it } from 'vitest';
import { Run } from './lib/journal.js';
import { cgroupMounts, changes, markedProcesses, snapshot, unwritable, noPrivateMounts, which } from './lib/machine.js';
import { staticBusybox } from './lib/support.js';
import PACKAGES from '../../scripts/system-packages.json' with { type: 'json' };

/**
 * How a real-kernel case runs: skipped with the reason when the machine cannot run it; otherwise
 * in a run of its own (its own journal), undone at the end whatever happened, and failed if the
 * machine is not as it was: the same mounts, the same hierarchies in /proc/self/cgroup, no new or
 * lost cgroup directory the suite could have made, no process of the run alive.
 */

/**
 * `writable`: every cgroup mount is (runc joins them all). `no-daemons`: no kubelet or runtime
 * of the machine's own runs, since cgdoctor would read that one instead of the case's fake.
 */
type Need = 'root' | 'unshare' | 'gcc' | 'runc' | 'writable' | 'no-daemons' | `v1:${string}` | `bin:${string}`;

const DAEMON_COMMS = ['kubelet', 'containerd', 'dockerd', 'crio'];

/** A kubelet or runtime the suite did not start, as cgdoctor finds them (by comm). */
function foreignDaemon(): string | undefined {
  const ours = new Set(markedProcesses());
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || ours.has(Number(name))) continue;
    let comm: string;
    try {
      comm = fs.readFileSync(`/proc/${name}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (DAEMON_COMMS.includes(comm)) return `a ${comm} of this machine's own runs (pid ${name}): cgdoctor would read it, not the case's`;
  }
  return undefined;
}

/** Set by the global setup when another run is in progress or could not be undone. */
const busy = () => process.env['CGDOCTOR_SYSTEST_BUSY'];

export function cannot(needs: Need[]): string | undefined {
  const b = busy();
  if (b) return b;
  if (process.getuid?.() !== 0) return `not root (uid ${process.getuid?.()}): making cgroups, hierarchies and mounts needs root`;
  for (const n of needs) {
    let why: string | undefined;
    if (n === 'unshare') why = noPrivateMounts();
    else if (n === 'gcc') why = which('gcc') ? undefined : 'gcc is not installed (it builds the fake daemons)';
    else if (n === 'runc') why = runcMissing();
    else if (n === 'no-daemons') why = foreignDaemon();
    else if (n === 'writable') {
      const ms = cgroupMounts();
      why = ms.length === 0 ? 'no cgroup hierarchy is mounted' : ms.map((m) => unwritable(m.key)).find((w) => w !== undefined);
    } else if (n.startsWith('v1:')) why = unwritable(n.slice(3));
    else if (n.startsWith('bin:')) why = missingProgram(n.slice(4));
    if (why) return why;
  }
  return undefined;
}

/** Why a program the case runs is missing, naming the Debian package system-deps installs it from. */
export function missingProgram(cmd: string): string | undefined {
  if (which(cmd)) return undefined;
  const pkg = (PACKAGES as Array<{ name: string; provides: string }>).find((p) => p.provides === cmd)?.name;
  return `${cmd} is not installed${pkg ? ` (npm run test:system installs Debian's ${pkg} with apt-get; it could not here)` : ''}`;
}

function runcMissing(): string | undefined {
  if (!which('runc')) return "runc is not installed (npm run test:system installs Debian's runc package with apt-get; it could not here)";
  if (!staticBusybox()) return 'no static busybox for the container root (Debian package busybox-static)';
  return undefined;
}

type Skip = (why: string) => never;

export function systemCase(name: string, needs: Need[], body: (run: Run, skip: Skip) => void): void {
  it(name, (ctx) => {
    const why = cannot(needs);
    // The reporter prints the reason beside the test's name.
    if (why) ctx.skip(why);
    const before = snapshot();
    const run = Run.start();
    let failure: unknown;
    try {
      body(run, (why) => ctx.skip(why));
    } catch (err) {
      failure = err;
    }
    const undone = run.cleanup();
    const alive = markedProcesses(run.id).map((p) => `process ${p} of run ${run.id} is still alive`);
    const left = [...undone, ...changes(before, snapshot()), ...alive];
    if (failure !== undefined) {
      if (left.length > 0) process.stderr.write(`${name}: also left behind:\n  ${left.join('\n  ')}\n`);
      throw failure;
    }
    expect(left, 'what the case left behind').toEqual([]);
  });
}

/** The code spans of a fix text, in order: the commands it tells the user to run. */
export const commands = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
