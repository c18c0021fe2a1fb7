/** Where a fact came from: a root-relative file and, when it has one, the 1-based line. */
export interface Source {
  path: string;
  line?: number;
  excerpt?: string;
}

/** A line a parser could not use. Parsers never throw on input; they return these instead. */
export interface ParseWarning {
  path: string;
  line?: number;
  message: string;
}

export function formatWarning(w: ParseWarning): string {
  return w.line === undefined ? `${w.path}: ${w.message}` : `${w.path} line ${w.line}: ${w.message}`;
}

/** Splits text into lines without the trailing empty line a final newline leaves. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Shortens an excerpt so one hostile 1 MB line cannot flood a report. */
export function clip(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** 1-based line of the first line matching `re`, for formats whose parser keeps no positions. */
export function findLine(text: string, re: RegExp): number | undefined {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) if (re.test(lines[i]!)) return i + 1;
  return undefined;
}
