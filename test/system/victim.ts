import * as fs from 'node:fs';
import * as path from 'node:path';
import { Run } from './lib/journal.js';
import { cgroupMounts, sleep, which } from './lib/machine.js';
import { dirIn, join, makeCgroups, POD_SLICE, startContainer, startDaemon, staticBusybox, unmountedHierarchy } from './lib/support.js';

/**
 * The kill test's victim, run as a plain node script (bundled by the test): it makes one of each
 * kind of thing the real-kernel cases make, journaled the same way, says how far it got on
 * stdout, and waits to be killed with SIGKILL.
 *
 *   node victim.mjs <stop-at> <daemons-dir>
 *
 * stop-at N > 0: stop right after the N-th journal line is written, before its thing is made
 * (the worst moment to die); 0: make everything, say READY, and wait.
 */
const stopAt = Number(process.argv[2]);
const bin = process.argv[3]!;
const say = (s: string) => fs.writeSync(1, `${s}\n`);
const hang = (): never => {
  for (;;) sleep(1_000_000);
};

let lines = 0;
Run.afterRecord = (run, e) => {
  lines++;
  if (e.op === 'run') say(`RUN ${run.id}`);
  if (lines === stopAt) {
    say(`STOPPED ${lines}`);
    hang();
  }
};

const run = Run.start();
const all = cgroupMounts().filter((m) => m.rw);
const parent = `/${run.prefix}`;
// Cgroups in every hierarchy, with a daemon in them.
makeCgroups(run, all, parent);
const kubelet = startDaemon(run, path.join(bin, 'kubelet'), [`--kubelet-cgroups=${parent}`]);
for (const m of all) join(kubelet, dirIn(m, parent));
// An unmounted named hierarchy pinned by a process (seed 004).
const mnt = path.join(run.tempDir('hierarchy'), 'mnt');
fs.mkdirSync(mnt);
unmountedHierarchy(run, mnt, startDaemon(run, path.join(bin, 'mirror-agent'), []));
// A private mount namespace kept alive by its process, with the hierarchy mounted in it.
const held = path.join(run.tempDir('held'), 'mnt');
fs.mkdirSync(held);
const hold = 'mount -t cgroup -o "none,name=$1" cgroup "$2" && exec "$3"';
startDaemon(run, 'unshare', ['-m', '--propagation', 'private', 'sh', '-c', hold, 'sh', run.hierarchyName, held, path.join(bin, 'pause')], 'pause');
// A runc container below the run's cgroups (seed 003), where runc is installed.
// runc joins every hierarchy mounted, so it needs them all writable.
if (which('runc') && staticBusybox() && all.length === cgroupMounts().length) {
  const c = startContainer(run, all, parent, POD_SLICE);
  if (c.problem) say(`CONTAINER ${c.problem}`);
}
say(`READY ${lines}`);
hang();
