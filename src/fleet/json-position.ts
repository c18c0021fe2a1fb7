/**
 * Where a JSON text first goes wrong, as "line L column C: what was expected". JSON.parse says
 * where only for some errors, and quotes the text around it for others ("Unexpected token '}',
 * ...\"b\": [}..." is not valid JSON"), which names no line. This walks the grammar only when
 * JSON.parse has already refused the text, so it costs nothing on good input.
 */
export function jsonErrorAt(text: string): string {
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonPositionError(i, what);
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`expected a value`);
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail('control character in a string');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('bad escape in a string');
      } else i++;
    }
  };
  /** An object's members or an array's elements: none, or items split by commas, then `close`. */
  const items = (close: string, item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === close) return void i++;
      else fail(`expected ',' or '${close}'`);
    }
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{')
      return void items('}', () => {
        ws();
        if (text[i] !== '"') fail('expected a property name in double quotes');
        string();
        ws();
        if (text[i] !== ':') fail("expected ':' after a property name");
        i++;
        value();
      });
    if (c === '[') return void items(']', value);
    if (c === '"') return void string();
    const word = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : undefined;
    if (word) return void literal(word);
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail(i >= text.length ? 'unexpected end of the text' : 'expected a value');
    i += m![0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail('unexpected text after the JSON value');
    return 'not valid JSON';
  } catch (err) {
    // A hostile file nests deeper than the stack: JSON.parse refused it, and so does this.
    if (err instanceof RangeError) return `nested too deeply to read (at offset ${i})`;
    if (!(err instanceof JsonPositionError)) throw err;
    const before = text.slice(0, err.offset);
    const line = before.split('\n').length;
    const column = err.offset - before.lastIndexOf('\n');
    return `line ${line} column ${column}: ${err.offset >= text.length && err.what !== 'unexpected end of the text' ? `${err.what} (the text ends there)` : err.what}`;
  }
}

class JsonPositionError extends Error {
  constructor(
    readonly offset: number,
    readonly what: string,
  ) {
    super(what);
  }
}
