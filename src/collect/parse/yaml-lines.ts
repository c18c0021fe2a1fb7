const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The 1-based line of a key path in block-style YAML (`['thresholds', 'CG020', 'warnAt']`, list
 * items by index), found by indentation; the deepest line found when the rest is inline (`[a, b]`).
 * js-yaml gives values without positions, and evidence and errors still need the line.
 */
export function lineOfPath(text: string, path: Array<string | number>): number | undefined {
  const lines = text.split('\n');
  let start = 0;
  let parentIndent = -1;
  let result: number | undefined;
  for (const part of path) {
    let found = -1;
    let item = 0;
    for (let i = result === undefined ? 0 : start + 1; i < lines.length; i++) {
      const raw = lines[i]!;
      const t = raw.trimStart();
      if (t === '' || t.startsWith('#')) continue;
      const ind = raw.length - t.length;
      const isItem = t === '-' || t.startsWith('- ');
      // Leaving the parent's block; a list may sit at its key's own indentation.
      if (ind < parentIndent || (ind === parentIndent && !(typeof part === 'number' && isItem))) break;
      if (typeof part === 'number') {
        if (isItem && (ind === parentIndent || ind > parentIndent)) {
          if (item === part) {
            found = i;
            break;
          }
          item++;
        }
        continue;
      }
      if (new RegExp(`^(?:- )?["']?${escapeRegex(part)}["']?\\s*:`).test(t)) {
        found = i;
        break;
      }
    }
    if (found < 0) return result;
    result = found + 1;
    start = found;
    parentIndent = lines[found]!.length - lines[found]!.trimStart().length;
  }
  return result;
}
