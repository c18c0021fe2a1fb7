import { replayDead } from './lib/journal.js';

/**
 * The start of every real-kernel run: undo what killed runs left (their journals name it), and
 * hold the cases back while another run is alive, since both would make the same kinds of cgroups.
 */
export default function setup(): void {
  if (process.getuid?.() !== 0) {
    process.stdout.write(`real-kernel suite: not root (uid ${process.getuid?.()}): every case is skipped, and journals of killed runs wait for a run as root\n`);
    return;
  }
  const r = replayDead();
  for (const c of r.cleaned) process.stdout.write(`real-kernel suite: undid killed run ${c.id} (${c.entries} journal entries)\n`);
  for (const p of r.problems) process.stdout.write(`real-kernel suite: could not undo: ${p}\n`);
  if (r.live.length > 0) {
    process.env['CGDOCTOR_SYSTEST_BUSY'] = `another real-kernel run is in progress (pid ${[...new Set(r.live.map((l) => l.pid))].join(', ')})`;
    process.stdout.write(`real-kernel suite: ${process.env['CGDOCTOR_SYSTEST_BUSY']}: every case is skipped\n`);
  }
}
