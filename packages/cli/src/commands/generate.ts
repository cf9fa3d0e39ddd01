import type { Command } from 'commander';
import type { CommandContext } from '../main.js';

/** `dbgen generate`: being built (see the issue tracker); registers nothing yet. */
export function register(_program: Command, _context: CommandContext): void {}
