/** Exit codes of spec/cli.md. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export { CliError } from '../errors.js';
