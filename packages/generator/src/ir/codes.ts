/**
 * Stable codes of the semantic diagnostics (DBML2xx). A code is never reused for another
 * meaning; docs/schema.md lists them for users.
 */
export const CODES = {
  /** A name that should denote a table does not. */
  unknownTable: 'DBML201',
  unknownColumn: 'DBML202',
  unknownEnum: 'DBML203',
  unknownPartial: 'DBML204',
  unknownEnumValue: 'DBML205',
  duplicateTable: 'DBML210',
  duplicateColumn: 'DBML211',
  duplicateEnum: 'DBML212',
  duplicateEnumValue: 'DBML213',
  duplicateIndex: 'DBML214',
  duplicateAlias: 'DBML215',
  /** Duplicate table group, partial or sticky-note name. */
  duplicateName: 'DBML216',
  tableInTwoGroups: 'DBML217',
  duplicateRef: 'DBML218',
  emptyEnum: 'DBML219',
  refTypeMismatch: 'DBML220',
  refArityMismatch: 'DBML221',
  refSameEndpoint: 'DBML222',
  conflictingSettings: 'DBML223',
  defaultTypeMismatch: 'DBML224',
  missingPrimaryKey: 'DBML225',
  twoPrimaryKeys: 'DBML226',
  tableWithoutColumns: 'DBML227',
  invalidDefault: 'DBML228',
  duplicateRecords: 'DBML229',
  relationNameCollision: 'DBML230',
  relationColumnCollision: 'DBML231',
  reservedPropertyName: 'DBML232',
  classNameCollision: 'DBML233',
  propertyNameCollision: 'DBML234',
  badRefAction: 'DBML235',
  /** A setting whose value has the wrong kind (`check: 'text'`). */
  badSettingValue: 'DBML236',
  /** A setting name the element does not know (`[pk, nul]`). */
  unknownSetting: 'DBML237',
  badExtension: 'DBML240',
  badVersionColumn: 'DBML241',
  badRecords: 'DBML242',
  /** `increment` on a type that cannot auto-increment (or a custom one, a warning). */
  incrementType: 'DBML243',
  /** `~partial` inside a TablePartial. */
  nestedPartial: 'DBML244',
  /** **Warning**: a column type that names a table, or no known type or enum. */
  unknownType: 'DBML245',
  /** **Warning**: a check constraint name used by two tables of one schema. */
  duplicateCheckName: 'DBML246',
  /** **Warning**: a feature the project's `database_type` lacks (a GiST index on MySQL). */
  unsupportedFeature: 'DBML247',
  /** An empty table or column name (`Table "" {}`). */
  emptyName: 'DBML248',
  /** Two tables of one schema whose names differ only in case (an error on SQLite). */
  caseFoldedName: 'DBML249',
  /** **Warning**: a ref whose target columns are not the target's primary key or unique. */
  refToNonKey: 'DBML250',
  /**
   * Two tables of one schema, or two columns of one table, whose names PostgreSQL cuts to
   * one (it keeps the first 63 bytes): an error unless `database_type` is SQLite or MySQL.
   */
  truncatedName: 'DBML251',
} as const;

export type SemanticCode = (typeof CODES)[keyof typeof CODES];
