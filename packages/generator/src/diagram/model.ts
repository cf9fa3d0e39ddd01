/**
 * The ER diagram's content, read from the schema IR: what each table box shows (columns,
 * types, key markers, notes), the relation edges with their cardinality, and the table
 * groups with their colors. Pure data, no geometry: layout.ts places it, svg.ts draws it.
 */
import type { RefIR, SchemaIR, TableIR, TableKey } from '@dbgen/runtime';

/** A key marker shown in front of a column: primary key, foreign key, unique. */
export type KeyMarker = 'PK' | 'FK' | 'UQ';

/** One row of a table box: the column's name, type, key markers and note. */
export interface DiagramColumn {
  readonly name: string;
  /** The type as written, with `?` appended when the column is nullable. */
  readonly type: string;
  readonly markers: readonly KeyMarker[];
  readonly note: string | null;
}

/** One table box: its header and its columns in schema order. */
export interface DiagramTable {
  readonly key: TableKey;
  /** The name shown in the header: `schema.name` outside the default schema. */
  readonly title: string;
  readonly note: string | null;
  /** The DBML `headercolor`, when written. */
  readonly headerColor: string | null;
  readonly columns: readonly DiagramColumn[];
}

/** One end's multiplicity, drawn beside the end of the edge. */
export type Multiplicity = '1' | '*';

/** A relation, drawn from the referenced ("one") side to the referencing side. */
export interface DiagramEdge {
  readonly id: string;
  readonly from: { readonly table: TableKey; readonly column: string };
  readonly to: { readonly table: TableKey; readonly column: string };
  readonly fromMultiplicity: Multiplicity;
  readonly toMultiplicity: Multiplicity;
  /** `users.id 1–* posts.author_id`: the edge's tooltip. */
  readonly label: string;
}

/** A DBML TableGroup: a box (in its DBML color) around its tables. */
export interface DiagramGroup {
  readonly name: string;
  readonly color: string | null;
  readonly note: string | null;
  readonly tables: readonly TableKey[];
}

/** A DBML sticky note (`Note name { '...' }`): a box of its own, beside the tables. */
export interface DiagramNote {
  readonly name: string;
  /** The content, wrapped into lines that fit the note's box. */
  readonly lines: readonly string[];
}

/** Everything the diagram shows, without geometry (what {@link diagramModel} reads from the IR). */
export interface DiagramModel {
  readonly tables: readonly DiagramTable[];
  readonly edges: readonly DiagramEdge[];
  readonly groups: readonly DiagramGroup[];
  readonly notes: readonly DiagramNote[];
}

/** Characters per line of a sticky note. */
const NOTE_WIDTH = 40;

/**
 * The diagram of `ir`. Tables dbgen made for a `<>` ref (join tables) are left out: the
 * ref itself is drawn as the many-to-many edge the user wrote.
 */
export function diagramModel(ir: SchemaIR): DiagramModel {
  const shown = ir.tables.filter((t) => !t.synthesized);
  const keys = new Set(shown.map((t) => t.key));
  const tables = shown.map(tableOf);
  const edges = ir.refs
    .filter((ref) => keys.has(ref.from.table) && keys.has(ref.to.table))
    .map((ref, index) => edgeOf(ref, index));
  const groups = ir.tableGroups
    .map((g) => ({
      name: g.name,
      color: g.color ?? null,
      note: g.note,
      tables: g.tables.filter((t) => keys.has(t)),
    }))
    .filter((g) => g.tables.length > 0);
  const notes = ir.notes.map((note) => ({ name: note.name, lines: wrap(note.content) }));
  return { tables, edges, groups, notes };
}

function tableOf(table: TableIR): DiagramTable {
  const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
  const pkColumns = new Set(table.primaryKey?.columns ?? []);
  const uniqueColumns = new Set([
    ...table.columns.filter((c) => c.unique).map((c) => c.name),
    ...table.uniques.filter((u) => u.columns.length === 1).flatMap((u) => u.columns),
    ...table.indexes
      .filter((i) => i.unique && i.parts.length === 1 && i.parts[0]?.kind === 'column')
      .flatMap((i) => (i.parts[0]?.kind === 'column' ? [i.parts[0].name] : [])),
  ]);
  return {
    key: table.key,
    title: table.schema === 'public' ? table.name : `${table.schema}.${table.name}`,
    note: table.note,
    headerColor: table.headerColor ?? null,
    columns: table.columns.map((column) => {
      const markers: KeyMarker[] = [];
      if (pkColumns.has(column.name) || column.primaryKey) markers.push('PK');
      if (fkColumns.has(column.name)) markers.push('FK');
      if (uniqueColumns.has(column.name) && !markers.includes('PK')) markers.push('UQ');
      return {
        name: column.name,
        type: column.nullable ? `${column.type.raw}?` : column.type.raw,
        markers,
        note: column.note,
      };
    }),
  };
}

/** Orients a ref from its "one" side (the referenced key) to its "many" side. */
function edgeOf(ref: RefIR, index: number): DiagramEdge {
  const end = (side: RefIR['from']) => ({ table: side.table, column: side.columns[0] ?? '' });
  const name = (side: RefIR['from']) =>
    `${side.table.replace(/^public\./, '')}.${side.columns.join(',')}`;
  const [one, many] = ref.cardinality === 'one-to-many' ? [ref.from, ref.to] : [ref.to, ref.from];
  const [fromMultiplicity, toMultiplicity]: [Multiplicity, Multiplicity] =
    ref.cardinality === 'one-to-one'
      ? ['1', '1']
      : ref.cardinality === 'many-to-many'
        ? ['*', '*']
        : ['1', '*'];
  return {
    id: `e${index}`,
    from: end(one),
    to: end(many),
    fromMultiplicity,
    toMultiplicity,
    label: `${name(one)} ${fromMultiplicity}–${toMultiplicity} ${name(many)}`,
  };
}

/** Wraps text at word boundaries into lines of at most {@link NOTE_WIDTH} characters. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  for (const paragraph of text.trim().split(/\n/)) {
    let line = '';
    for (const word of paragraph.trim().split(/\s+/)) {
      for (let rest = word; rest.length > 0;) {
        const room = line === '' ? NOTE_WIDTH : NOTE_WIDTH - line.length - 1;
        if (rest.length <= room) {
          line = line === '' ? rest : `${line} ${rest}`;
          rest = '';
        } else if (line !== '') {
          lines.push(line);
          line = '';
        } else {
          lines.push(rest.slice(0, NOTE_WIDTH));
          rest = rest.slice(NOTE_WIDTH);
        }
      }
    }
    lines.push(line);
  }
  return lines;
}
