/** The message of a journal export line (`-o json` or `-o short`), or the line itself. */
export function logMessage(line: string): string {
  if (line.startsWith('{')) {
    try {
      const j = JSON.parse(line) as { MESSAGE?: unknown };
      if (typeof j.MESSAGE === 'string') return j.MESSAGE;
      if (Array.isArray(j.MESSAGE)) return Buffer.from(j.MESSAGE as number[]).toString('utf8');
    } catch {
      // not JSON after all: read it as text
    }
  }
  const short = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT[\d:.]+(?:[+-]\d\d:?\d\d|Z)?) \S+ [^:\s]+(?:\[\d+\])?: (.*)$/.exec(line);
  return short ? short[1]! : line;
}

/** A message with its variable parts blanked, so repeats of one error count as one. */
export function messageKey(message: string): string {
  return message
    .replace(KLOG_HEADER, '')
    .replace(/[0-9a-f]{16,}/g, '<id>')
    .replace(/\d+/g, 'N')
    .slice(0, 300);
}

/** klog's header: `E0120 04:32:48.944092  660625 container.go:586] `. */
export const KLOG_HEADER = /^[IWEF]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] /;
