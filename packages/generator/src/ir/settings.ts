/**
 * Setting names each element accepts, as the DBML spec lists them. A misspelt setting
 * (`[pk, nul]`) would otherwise be dropped without a word and the column silently built
 * differently than meant, so every unknown name is an error, as the reference reports it.
 */
import type { DbmlFile, SettingNode, TableMemberNode } from '../dbml/ast.js';
import { CODES } from './codes.js';
import type { Reporter } from './context.js';

const KNOWN = {
  table: ['headercolor', 'note'],
  column: [
    'pk',
    'primary key',
    'null',
    'not null',
    'unique',
    'increment',
    'default',
    'note',
    'ref',
    'check',
  ],
  index: ['name', 'type', 'unique', 'pk', 'note'],
  check: ['name'],
  ref: ['delete', 'update', 'color', 'name'],
  'enum value': ['note'],
  'table group': ['color', 'note'],
  'sticky note': ['color'],
} as const satisfies Record<string, readonly string[]>;

type Owner = keyof typeof KNOWN;

/**
 * The same names as sets: a setting's name is a new string per setting (lower-cased from
 * its token), so a search of the list compared it with each name in turn, for every
 * setting of every column.
 */
const KNOWN_SETS = Object.fromEntries(
  Object.entries(KNOWN).map(([owner, names]) => [owner, new Set<string>(names)]),
) as unknown as Record<Owner, ReadonlySet<string>>;

function check(owner: Owner, settings: readonly SettingNode[], reporter: Reporter): void {
  if (settings.length === 0) return;
  const known = KNOWN_SETS[owner];
  for (const setting of settings) {
    if (known.has(setting.name)) continue;
    reporter.error(
      CODES.unknownSetting,
      `unknown ${owner} setting '${setting.name}'; expected one of: ${KNOWN[owner].join(', ')}`,
      setting.nameSpan,
    );
  }
}

function checkMembers(members: readonly TableMemberNode[], reporter: Reporter): void {
  for (const member of members) {
    if (member.kind === 'column') check('column', member.settings, reporter);
    else if (member.kind === 'indexes')
      for (const i of member.indexes) check('index', i.settings, reporter);
    else if (member.kind === 'checks')
      for (const c of member.checks) check('check', c.settings, reporter);
  }
}

/** Reports every setting whose name the element does not know, in every file. */
export function checkSettingNames(files: ReadonlyMap<string, DbmlFile>, reporter: Reporter): void {
  for (const file of files.values()) {
    for (const element of file.elements) {
      switch (element.kind) {
        case 'table':
        case 'tablePartial':
          check('table', element.settings, reporter);
          checkMembers(element.members, reporter);
          break;
        case 'ref':
          check('ref', element.settings, reporter);
          break;
        case 'enum':
          for (const value of element.values) check('enum value', value.settings, reporter);
          break;
        case 'tableGroup':
          check('table group', element.settings, reporter);
          break;
        case 'stickyNote':
          check('sticky note', element.settings, reporter);
          break;
        default:
          break;
      }
    }
  }
}
