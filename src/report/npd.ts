import type { FailOn, ScanResult } from '../scan.js';
import { exitCodeFor, nothingChecked } from '../scan.js';
import { EXIT } from '../errors.js';
import { SEVERITIES, type Severity } from '../rules/define.js';

/**
 * node-problem-detector's custom-plugin protocol (pkg/custompluginmonitor/types: exit 0 OK,
 * 1 NonOK, 2 Unknown). NPD keeps the first `max_output_length` bytes of stdout, 80 by default,
 * as the condition's message: so one line of ASCII, the count first, then rule ids and subjects,
 * most severe first, as many as fit, then how many did not.
 */
export const NPD_MAX = 80;

const PLURAL: Record<Severity, string> = { error: 'errors', warning: 'warnings', info: 'info' };
const count = (n: number, s: Severity) => `${n} ${n === 1 ? s : PLURAL[s]}`;

/** Non-ASCII as '?': NPD cuts bytes, and half a character is worse than none. */
const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');

/** A subject too long for its share of the line keeps its end, where a path names the cgroup. */
function shorten(subject: string, room: number): string {
  if (subject.length <= room) return subject;
  const tail = subject.slice(subject.length - (room - 3));
  // Whole path components read better: ".../kubelet.service", not "...ice/kubelet.service".
  const slash = tail.indexOf('/');
  return `...${slash > 0 ? tail.slice(slash) : tail}`;
}

/** The findings as `CG001 /subject` items joined by ", " within `room`, with "+N more" when some are left out. */
function items(findings: ScanResult['findings'], room: number): string {
  const parts: string[] = [];
  let used = 0;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    const left = findings.length - i - 1;
    // Room for what follows this item: ", +N more" when it is not the last.
    const tail = left > 0 ? `, +${left} more`.length : 0;
    const sep = parts.length > 0 ? 2 : 0;
    const space = room - used - sep - tail;
    const item = `${f.rule} ${shorten(ascii(f.subject), Math.max(12, space - f.rule.length - 1))}`;
    if (item.length > space) {
      return `${parts.join(', ')}${parts.length > 0 ? ', ' : ''}+${findings.length - i} more`;
    }
    parts.push(item);
    used += sep + item.length;
  }
  return parts.join(', ');
}

export function renderNpd(r: ScanResult, failOn: FailOn): string {
  const nothing = nothingChecked(r);
  if (nothing) return `${cutToMax(`unknown: ${ascii(nothing)}`)}\n`;
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const sorted = [...r.findings].sort((a, b) => rank(a.severity) - rank(b.severity));
  const counts = SEVERITIES.filter((s) => r.summary[s] > 0)
    .map((s) => count(r.summary[s], s))
    .join(', ');
  if (sorted.length === 0) return `${cutToMax(`OK: no finding (${r.summary.rulesRun} rules checked, ${r.summary.rulesSkipped} skipped)`)}\n`;
  const failing = exitCodeFor(r, failOn) !== EXIT.ok;
  const head = `${failing ? '' : 'OK: '}${counts}: `;
  return `${head}${items(sorted, NPD_MAX - head.length)}\n`;
}

/** A line cut to NPD_MAX, with "..." where it was cut. */
const cutToMax = (line: string) => (line.length <= NPD_MAX ? line : `${line.slice(0, NPD_MAX - 3)}...`);
