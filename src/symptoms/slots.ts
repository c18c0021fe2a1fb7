/**
 * The typed values a pasted line carries: the cgroup path, the errno, the controller, the driver
 * value. They are what tells apart rules that share a message (ENOSPC or ENOMEM on a `mkdir` under
 * `memory/`, a `cpuset` path on a `cgroup.procs` write, a `/systemd/` prefix in a cgroup flag).
 */

export type SlotName = 'path' | 'controller' | 'errno' | 'driver' | 'uid' | 'unit' | 'id' | 'any';

export type Slots = Partial<Record<SlotName, string[]>>;

/**
 * errno texts as Go's syscall package and glibc's strerror print them, and the names users write
 * instead. Matching turns each text into its name, so "no space left on device" is one token.
 */
export const ERRNOS: ReadonlyArray<readonly [string, string]> = [
  ['ENOSPC', 'no space left on device'],
  ['ENOMEM', 'cannot allocate memory'],
  ['EBUSY', 'device or resource busy'],
  ['ENOENT', 'no such file or directory'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'operation not permitted'],
  ['EINVAL', 'invalid argument'],
  ['EROFS', 'read-only file system'],
  ['EAGAIN', 'resource temporarily unavailable'],
  ['EMFILE', 'too many open files'],
  ['ENOBUFS', 'no buffer space available'],
  ['EOPNOTSUPP', 'operation not supported'],
  // musl's and busybox's text for ENOTSUP, after the longer glibc one.
  ['ENOTSUP', 'not supported'],
];

const ERRNO_TEXT = new RegExp(`\\b(${ERRNOS.map(([, t]) => t.replace(/[-]/g, '\\-')).join('|')})\\b`, 'g');
const ERRNO_NAME = new RegExp(`\\b(${ERRNOS.map(([n]) => n).join('|')})\\b`, 'g');

/** "no space left on device" becomes "ENOSPC" (whatever the case), so an errno is one word. */
export function nameErrnos(text: string): string {
  return text.replace(new RegExp(ERRNO_TEXT.source, 'gi'), (t) => ERRNOS.find(([, x]) => x === t.toLowerCase())![0]);
}

/** The shortest cut-off errno text still taken for its errno ("no space left on devic"). */
const MIN_CUT = 12;

/**
 * A paste cut off inside its last errno ("...: no space left on devic", the width of a terminal
 * or of an issue title) ends with that errno's name, as if it were whole.
 */
export function nameCutErrno(text: string): string {
  const tail = /:\s*([a-z][a-z -]+)["'.\s]*$/i.exec(text);
  if (!tail || tail[1]!.length < MIN_CUT) return text;
  const cut = tail[1]!.toLowerCase();
  const errno = ERRNOS.find(([, t]) => t.startsWith(cut) && t !== cut);
  return errno ? text.slice(0, tail.index + tail[0].indexOf(tail[1]!)) + errno[0] : text;
}

/** The v1 controllers and named hierarchies a message can name. */
const CONTROLLERS = [
  'cpuset',
  'cpu',
  'cpuacct',
  'cpu,cpuacct',
  'memory',
  'pids',
  'devices',
  'freezer',
  'blkio',
  'io',
  'hugetlb',
  'net_cls',
  'net_prio',
  'perf_event',
  'rdma',
  'misc',
  'name=systemd',
  'systemd',
];

/** How each slot's value looks where the template does not place it: the same type, anywhere in the line. */
const FACETS: Record<Exclude<SlotName, 'any' | 'id'>, RegExp> = {
  path: /(?:^|[\s"'(=:[])(\/[^\s"',()[\]]*[^\s"',()[\]:.])/g,
  controller: new RegExp(`(?:\\/sys\\/fs\\/cgroup\\/|\\b)(${CONTROLLERS.map((c) => c.replace(/[=,]/g, '\\$&')).join('|')})(?=[/\\]"':\\s,]|$)`, 'g'),
  errno: ERRNO_NAME,
  // A quoted driver value, quotes inside kept: `"'systemd'"` is CG030's evidence.
  driver: /"(\\?'?(?:systemd|cgroupfs)'?\\?)"/g,
  uid: /\bpod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})\b/g,
  unit: /\b([\w@.-]+\.(?:service|scope|slice))\b/g,
};

/** Every typed value in a line (already errno-named), by slot type. */
export function facets(line: string): Slots {
  const out: Slots = {};
  for (const [name, re] of Object.entries(FACETS) as Array<[SlotName, RegExp]>) {
    const values = [...line.matchAll(new RegExp(re.source, re.flags.includes('i') ? re.flags : `${re.flags}i`))].map((m) => m[1]!);
    if (values.length > 0) out[name] = [...new Set(values)];
  }
  return out;
}

/**
 * What a slot's value adds to a template's specificity when the whole template is in the line: an
 * errno or a driver value is as telling as a rare word; free text is not.
 */
export const SLOT_WEIGHT: Record<SlotName, number> = { errno: 2, driver: 2, controller: 1, path: 1.5, unit: 0.5, uid: 0.5, id: 0, any: 0 };

/** The regular expression a slot of a template matches. */
export function slotPattern(name: SlotName, last: boolean): string {
  switch (name) {
    case 'errno':
      return `(${ERRNOS.map(([n]) => n).join('|')})`;
    case 'controller':
      return '([a-z_,=]+)';
    case 'driver':
      return `([^\\s"]*)`;
    case 'any':
      return last ? '(.*)' : '(.*?)';
    default:
      // Greedy: backtracking gives back what the literal after it needs.
      return '([^\\s"]*)';
  }
}
