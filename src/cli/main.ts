import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { VERSION } from '../version.js';
import { FORMATS } from '../report/index.js';
import { EXIT } from './errors.js';
import { CaptureError, CliError, ConfigError } from '../errors.js';

// Only commander is loaded at start-up: each command imports what it needs when it runs, so
// `--help`, `rules` and `explain` do not pay for the YAML, TOML and zod parsers `scan` uses.

const formatOption = () => new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table');
const scanFormatOption = () => new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('table');
const outputOption = () => new Option('-o, --output <file>', 'write the report to a file instead of stdout');

function positiveInt(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return Number(v);
}

function buildProgram(setCode: (n: number) => void): Command {
  const program = new Command('cgdoctor')
    .description('Diagnose the cgroup health of a Linux or Kubernetes node.')
    .version(VERSION, '-V, --version')
    .option('--no-color', 'no colour (NO_COLOR and FORCE_COLOR are honoured too)')
    .option('--debug', 'print stack traces of internal errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('scan')
    .description('collect facts from a root, run every rule, print findings with their evidence and fix')
    .option('-r, --root <dir>', 'filesystem root to scan: / on a node, /host in a pod, or a captured tree', '/')
    .option('--from <capture>', 'scan a capture (.tar or .tar.gz from cgdoctor capture) in memory, without extracting it')
    .addOption(scanFormatOption())
    .addOption(new Option('--max-files <n>', 'refuse a capture with more entries than this').argParser(positiveInt))
    .addOption(new Option('--max-bytes <n>', 'refuse a capture with more bytes than this').argParser(positiveInt))
    .addOption(new Option('--max-cgroups <n>', 'stop a cgroup walk after this many cgroups, and say so (default 250000)').argParser(positiveInt))
    .addOption(new Option('--max-mount-lines <n>', 'read at most this many mountinfo lines; count the rest (default 2000000)').argParser(positiveInt))
    .addOption(new Option('--max-file-bytes <n>', 'read at most this many bytes of any one file (default 64 MiB)').argParser(positiveInt))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default: error)').choices(['error', 'warning', 'info', 'never']))
    .addOption(outputOption())
    .option('-c, --config <file>', 'configuration file (default: .cgdoctor.yaml in the working directory, if any)')
    .option('--rule <rules...>', 'run only these rules (ids or names, comma-separated or repeated)')
    .option('--ignore <rules...>', 'do not run these rules')
    .option('--severity <rule=level...>', 'override a rule\'s severity, e.g. CG018=error')
    .option('--threshold <rule.option=n...>', 'override a threshold, e.g. CG020.warnAt=30000')
    .option('--kubelet-version <version>', 'the kubelet version, when the files do not tell it')
    .option('--logs <files...>', 'kubelet or runtime logs (plain, journalctl -o short or -o json, gzip allowed) to match against symptoms')
    .action(async (opts, cmd: Command) => {
      const { runScan } = await import('./scan-command.js');
      const g = cmd.optsWithGlobals();
      setCode(await runScan({ ...opts, color: g.color }));
    });

  program
    .command('capture')
    .description('copy exactly the files scan reads (no secrets) into a tarball, to diagnose the node elsewhere')
    .requiredOption('-o, --output <file>', 'the archive to write: .tar.gz, .tgz or .tar')
    .option('-r, --root <dir>', 'filesystem root to capture', '/')
    .addOption(new Option('--max-files <n>', 'capture at most this many entries').argParser(positiveInt))
    .addOption(new Option('--max-bytes <n>', 'capture at most this many bytes of file data').argParser(positiveInt))
    .action(async (opts) => {
      const { runCapture } = await import('./capture-command.js');
      setCode(await runCapture(opts));
    });

  program
    .command('diff')
    .description('compare two nodes (roots or captures): findings on one side only, and the facts that differ')
    .argument('<a>', 'a root directory or a capture')
    .argument('<b>', 'a root directory or a capture')
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (a: string, b: string, opts) => {
      const { runDiff } = await import('./diff-command.js');
      setCode(await runDiff(a, b, opts));
    });

  program
    .command('explain')
    .description('print a rule\'s documentation, or the rules whose symptoms match a pasted log line')
    .argument('<query...>', 'a rule id (CG009), a rule name (cgroup-driver-mismatch) or a pasted message')
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (words: string[], opts, cmd: Command) => {
      const { runExplain } = await import('./explain-command.js');
      setCode(runExplain(words, { format: opts.format, output: opts.output, color: cmd.optsWithGlobals().color }));
    });

  program
    .command('rules')
    .description('list every rule: id, name, severity and title')
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (opts) => {
      const { runRules } = await import('./rules-command.js');
      setCode(runRules({ format: opts.format, output: opts.output }));
    });

  return program;
}

/** Parses argv, runs the command, and returns the exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((n) => (code = n));
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its one-line usage error.
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof CliError || err instanceof ConfigError || err instanceof CaptureError) {
      process.stderr.write(`cgdoctor: ${err.message}\n`);
      if (debug) process.stderr.write(`${err.stack}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`cgdoctor: internal error: ${(err as Error).message ?? String(err)}${debug ? '' : ' (run with --debug for the stack trace)'}\n`);
    if (debug) process.stderr.write(`${(err as Error).stack}\n`);
    return EXIT.usage;
  }
}

export async function run(argv: string[]): Promise<void> {
  // A closed pipe (`cgdoctor scan | head`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  process.exitCode = await main(argv);
}
