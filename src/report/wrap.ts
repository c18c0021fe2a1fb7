/**
 * Splits a paragraph into the words a line may break between. A code span (`cat a > b`) is one
 * word however many spaces it holds: a command broken across lines cannot be pasted.
 */
function words(para: string): string[] {
  const out: string[] = [];
  for (const m of para.matchAll(/(?:`[^`]*`|[^\s`])+|`[^`]*$/g)) out.push(m[0]);
  return out;
}

/** Wraps text at `width`, indenting continuation lines; a code span longer than a line keeps a line of its own. */
export function wrap(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of words(para)) {
      if (line !== '' && indent.length + line.length + 1 + word.length > width) {
        out.push(indent + line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    out.push(indent + line);
  }
  return out.join('\n');
}
