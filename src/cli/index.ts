/**
 * `gridroom`: the command line over core. Each command is a small module; this file only
 * dispatches. Commands take an injected output so tests can run them in-process.
 */
import { demoCommand } from './demo-command';
import { checkImportCommand } from './check-import-command';
import { allocateCommand } from './allocate-command';
import { feedServerCommand } from './feed-server-command';
import { recordCommand } from './record-command';
import { coverageCommand } from './coverage-command';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Stops a command that runs until interrupted (feed-server, record) as SIGINT/SIGTERM would:
   * lets tests run them in-process.
   */
  signal?: AbortSignal;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export const COMMANDS: readonly CliCommand[] = [demoCommand, checkImportCommand, allocateCommand, feedServerCommand, recordCommand, coverageCommand];

function helpText(): string {
  const lines = [
    'gridroom — Gridroom (网格态势室) command line',
    '',
    'Usage: gridroom <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(14)} ${c.summary}`),
    '',
    'Run `gridroom <command> --help` for a command\'s options.',
  ];
  return lines.join('\n') + '\n';
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`gridroom: unknown command '${name}'\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    io.stderr(`gridroom ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
