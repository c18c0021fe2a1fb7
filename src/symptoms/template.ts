import { KLOG_HEADER, logMessage } from './log-line.js';
import { nameCutErrno, nameErrnos, slotPattern, type SlotName, type Slots } from './slots.js';

/** A program whose messages the catalogue holds. */
export type Tool =
  | 'kubelet'
  | 'cadvisor'
  | 'kubeadm'
  | 'runc'
  | 'crun'
  | 'containerd'
  | 'dockerd'
  | 'crio'
  | 'k3s'
  | 'systemd'
  | 'kernel'
  | 'shell'
  | 'cni'
  | 'kubectl'
  | 'inspektor-gadget'
  | 'java'
  | 'catalogue'
  | 'words';

/** What a message points to: a rule, or a well-known problem outside the catalogue. */
export interface Cause {
  rule?: string;
  outside?: string;
  /**
   * How often this message has this cause among the cases reported in public issues, against the
   * template's other causes (default 1). It orders causes the text cannot tell apart.
   */
  weight?: number;
  /** The cause holds only when each named slot has a value matching its pattern. */
  when?: Partial<Record<SlotName, RegExp>>;
  /** The cause does not hold when a named slot has a value matching its pattern. */
  unless?: Partial<Record<SlotName, RegExp>>;
}

/** One message a program really prints, with its variable parts as typed slots (`{path}`, `{errno}`). */
export interface MessageTemplate {
  tool: Tool;
  text: string;
  /** Where the string is printed: repository and file, or the page that shows it. */
  source: string;
  causes: Cause[];
}

export interface CompiledTemplate {
  template: MessageTemplate;
  regex: RegExp;
  slots: SlotName[];
  /** Stemmed words of the literal parts, in order. */
  tokens: string[];
  /** The two most telling of them, once the catalogue's word weights are known. */
  rarest: string[];
  /** The errnos its literal text names (`ENOSPC`). */
  errnos: string[];
  /** Its literal parts, plain (see `plain`). */
  pieces: string[];
}

const SLOT = /\{(path|controller|errno|driver|uid|unit|id|any)\}/g;

/** The message as the program printed it: journal and klog headers cut, logrus msg and error joined, escaped quotes undone, errnos named. */
export function normalize(line: string): string {
  let m = logMessage(line.trim());
  m = m.replace(KLOG_HEADER, '');
  // logrus: time="..." level=error msg="..." error="..."
  const logrus = /\blevel=\w+ msg="((?:[^"\\]|\\.)*)"(?:.*?\berror="((?:[^"\\]|\\.)*)")?/.exec(m);
  if (logrus) m = logrus[2] ? `${logrus[1]}: ${logrus[2]}` : logrus[1]!;
  m = m.replace(/\\+(["':])/g, '$1').replace(/\\+n/g, ' ');
  return nameCutErrno(nameErrnos(m).replace(/\s+/g, ' ').trim());
}

/** Words that every error message has: they say a message is an error, not which one. */
const GENERIC = new Set(
  'fail error err unable cannot could not can no found unknown invalid start run create get set read writ open file directory container pod sandbox rpc code desc message new process exit status with without while when because'
    .split(' ')
    .map((w) => stem(w)),
);

const STOP = new Set(
  'a all also an and any are as at be been by for from has have in into is it its may of on or should some such than that the their then there this to was were which will x you your'.split(
    ' ',
  ),
);

export function stem(word: string): string {
  if (word.length <= 4 || /[._+=/]/.test(word)) return word;
  return word.replace(/(?:ing|ed|es|e|s)$/, '');
}

/** Word tokens, with dotted names (`cgroup.procs`, `cpuset.cpus`) and `+cpuset` kept whole. */
export function tokenize(text: string): string[] {
  // Underscores split: `CONFIG_MEMCG` and a template's `CONFIG_{id}` share the word "config".
  const raw = text.toLowerCase().match(/\+?[a-z0-9]+(?:[.][a-z0-9]+)*/g) ?? [];
  return raw.filter((t) => t.length > 1 && !STOP.has(t) && !/^\d+$/.test(t) && !/^[0-9a-f]{12,}$/.test(t)).map(stem);
}

/** A generic word counts for little: a template made only of them carries no weight. */
export const genericFactor = (token: string) => (GENERIC.has(token) ? 0.2 : 1);

export function compile(template: MessageTemplate): CompiledTemplate {
  const text = nameErrnos(template.text);
  const slots: SlotName[] = [];
  let source = '';
  let last = 0;
  const literal = (s: string) =>
    s
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\s+/g, '\\s+')
      .replace(/"/g, '"?');
  const all = [...text.matchAll(SLOT)];
  for (const [i, m] of all.entries()) {
    source += literal(text.slice(last, m.index));
    slots.push(m[1] as SlotName);
    source += slotPattern(m[1] as SlotName, i === all.length - 1 && m.index + m[0].length === text.length);
    last = m.index + m[0].length;
  }
  source += literal(text.slice(last));
  const literalText = text.replace(SLOT, ' ');
  const pieces = text
    .split(SLOT)
    .filter((_, i) => i % 2 === 0)
    .map(plain)
    .filter((p) => p !== '');
  return { template, regex: new RegExp(source, 'i'), slots, tokens: tokenize(literalText), rarest: [], errnos: literalText.match(/\bE[A-Z]{3,}\b/g) ?? [], pieces };
}

/** Text as the quick check before a template's regex compares it: lower case, no quotes, single spaces. */
export const plain = (s: string) => s.toLowerCase().replace(/"/g, '').replace(/\s+/g, ' ').trim();

/** The values a template's slots captured, when the whole template is in the line. */
export function captures(c: CompiledTemplate, line: string, plainLine = plain(line)): Slots | undefined {
  // Every literal piece must be in the line for the regex to match: most templates stop here.
  if (!c.pieces.every((p) => plainLine.includes(p))) return undefined;
  const m = c.regex.exec(line);
  if (!m) return undefined;
  const out: Slots = {};
  c.slots.forEach((name, i) => {
    const v = m[i + 1];
    if (v !== undefined && v !== '') out[name] = [...(out[name] ?? []), v];
  });
  return out;
}
