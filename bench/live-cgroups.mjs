// A live scan of this machine's own kernel with 5,000 real memory cgroups made for the benchmark,
// beside `find /sys/fs/cgroup -name cgroup.procs | xargs cat`, the least a reader of them can do.
// Needs root and a writable memory hierarchy (cgroup v1 or v2); otherwise it says why and skips.
// The cgroups live under one folder named after this process, removed when the run ends; one left
// by a run that was killed (SIGKILL) is removed by the next run, once its process is gone.
import * as fs from 'node:fs';
import * as path from 'node:path';

const PREFIX = 'cgdoctor-bench-';

/** Where memory cgroups can be made: the v1 memory hierarchy, or the v2 root. */
function memoryRoot() {
  if (process.getuid?.() !== 0) return { skip: 'not root' };
  for (const dir of ['/sys/fs/cgroup/memory', '/sys/fs/cgroup']) {
    if (fs.existsSync(path.join(dir, 'memory.usage_in_bytes')) || (dir === '/sys/fs/cgroup' && fs.existsSync(path.join(dir, 'cgroup.subtree_control')))) {
      try {
        fs.accessSync(dir, fs.constants.W_OK);
        return { dir };
      } catch {
        return { skip: `${dir} is not writable` };
      }
    }
  }
  return { skip: 'no memory cgroup hierarchy at /sys/fs/cgroup/memory or /sys/fs/cgroup' };
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
};

/** Removes one benchmark folder: its cgroups first (a cgroup with children cannot be removed). */
function removeTree(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) fs.rmdirSync(path.join(dir, e.name));
  fs.rmdirSync(dir);
}

export function liveCgroups({ measure, cg, count = 5000 }) {
  const where = memoryRoot();
  if (where.skip) {
    console.log(`live cgroups: skipped (${where.skip})`);
    return { skipped: where.skip };
  }
  for (const e of fs.readdirSync(where.dir)) {
    const pid = e.startsWith(PREFIX) ? Number(e.slice(PREFIX.length)) : Number.NaN;
    if (Number.isInteger(pid) && !alive(pid)) removeTree(path.join(where.dir, e));
  }
  const mine = path.join(where.dir, `${PREFIX}${process.pid}`);
  const cleanup = () => fs.existsSync(mine) && removeTree(mine);
  const onSignal = (sig) => {
    cleanup();
    process.kill(process.pid, sig);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    fs.mkdirSync(mine);
    for (let i = 0; i < count; i++) fs.mkdirSync(path.join(mine, `c${i}`));
    const dirs = (fs.readFileSync('/proc/cgroups', 'utf8').match(/^memory\s+\d+\s+(\d+)/m) ?? [])[1];
    const [scan, floor] = measure([
      { label: 'cgdoctor scan (live /)', cmd: cg('scan', '--format', 'json') },
      { label: 'find | xargs cat', cmd: ['/bin/sh', '-c', 'find /sys/fs/cgroup -name cgroup.procs | xargs cat > /dev/null'] },
    ]);
    const r = { count, memoryCgroups: Number(dirs), where: where.dir, scan, floor };
    console.log(
      `live cgroups: ${count} made under ${where.dir} (${dirs} memory cgroups): scan ${scan.ms.toFixed(0)} ms ${scan.rssMiB.toFixed(0)} MiB, find | xargs cat ${floor.ms.toFixed(0)} ms`,
    );
    return r;
  } finally {
    cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
