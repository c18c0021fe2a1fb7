/** /proc/<pid>/cmdline: NUL-separated arguments, usually with a trailing NUL. */
export function parseCmdline(text: string): string[] {
  const args = text.split('\0');
  if (args.length > 0 && args[args.length - 1] === '') args.pop();
  return args;
}

/** /proc/<pid>/comm: the first 15 bytes of the command name and a newline. */
export function parseComm(text: string): string {
  return text.replace(/\n$/, '');
}
