import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * One temporary folder per test run, and every test's temporary files inside it: TMPDIR points
 * there for the test workers and every CLI they spawn, and the folder goes at the end. A run
 * killed with SIGKILL leaves its folder behind; the next run removes folders whose run is gone.
 */
const PREFIX = 'cgdoctor-run-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export default function setup(): () => void {
  const base = os.tmpdir();
  for (const name of fs.readdirSync(base)) {
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (name.startsWith(PREFIX) && Number.isInteger(pid) && !alive(pid)) fs.rmSync(path.join(base, name), { recursive: true, force: true });
  }
  const dir = fs.mkdtempSync(path.join(base, `${PREFIX}${process.pid}-`));
  // Traversable, so a test that drops to an unprivileged user can reach its own tree.
  fs.chmodSync(dir, 0o755);
  process.env['TMPDIR'] = dir;
  return () => {
    // Tests may leave read-only trees (the read-only scan test): make them removable first.
    const chmod = (p: string) => {
      for (const e of fs.readdirSync(p, { withFileTypes: true })) {
        const full = path.join(p, e.name);
        if (e.isDirectory()) {
          fs.chmodSync(full, 0o755);
          chmod(full);
        }
      }
    };
    try {
      fs.chmodSync(dir, 0o755);
      chmod(dir);
    } catch {
      // removed below regardless
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
