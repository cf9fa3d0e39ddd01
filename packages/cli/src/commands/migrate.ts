/**
 * `dbgen migrate new|up|down|status|history|current|stamp|check|heads|merge|reset|abandon`:
 * Alembic's commands, and `abandon` for a run that stopped halfway.
 * See docs/migrations.md for the file format and the rules on renames, drops and
 * changed migrations.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { registerAbandon } from './migrate/abandon.js';
import { registerBranches } from './migrate/branches.js';
import { registerInspect } from './migrate/inspect.js';
import { registerNew } from './migrate/new.js';
import { registerReady } from './migrate/ready.js';
import { registerReset } from './migrate/reset.js';
import { registerUpDown } from './migrate/up-down.js';

export { parseRenames } from './migrate/renames.js';

export function register(program: Command, context: CommandContext): void {
  const migrate = program
    .command('migrate')
    .description('versioned migrations with upgrade and downgrade (Alembic-style)');
  registerNew(migrate, context);
  registerUpDown(migrate, context);
  registerInspect(migrate, context);
  registerReady(migrate, context);
  registerBranches(migrate, context);
  registerReset(migrate, context);
  registerAbandon(migrate, context);
  // main() makes its direct subcommands throw instead of exiting; do the same one level down.
  for (const command of migrate.commands) command.exitOverride();
}
