import type { CollectContext } from './facts.js';
import { describeFailure, isUnknowable } from '../host/host.js';

/**
 * The files of a drop-in directory in the order Go's filepath.Walk and WalkDir visit them, as the
 * kubelet (--config-dir) and CRI-O (crio.conf.d) merge them: names in byte order, each
 * subdirectory walked where it stands. Links are read as files and never walked into; `keep`
 * says which names count (the kubelet takes only *.conf, CRI-O every file). A directory that
 * exists but cannot be listed is a problem, not an empty directory.
 */
export function dropinFiles(ctx: CollectContext, dir: string, keep: (name: string) => boolean, problems: string[], depth = 0): string[] {
  const listed = ctx.host.listing(dir, { denial: 'handled' });
  if (!listed.ok) {
    if (isUnknowable(listed)) problems.push(`could not read ${dir}: ${describeFailure(listed)}`);
    return [];
  }
  return [...listed.entries]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.type === 'dir' ? (depth < 8 ? dropinFiles(ctx, `${dir}/${e.name}`, keep, problems, depth + 1) : []) : keep(e.name) ? [`${dir}/${e.name}`] : []));
}
