/**
 * Places the diagram with elkjs (the Eclipse Layout Kernel compiled to JavaScript: no
 * native binaries, deterministic for the same input). Its layered algorithm takes ports,
 * so an edge leaves and enters at the row of the column it joins, and compound nodes, so
 * a TableGroup is a box around its tables that the tables and edges are routed around.
 * dagre was the other candidate; it has neither ports nor compound-node routing.
 */
import type { ELK as ElkApi, ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk-api.js';
import {
  GROUP_PADDING,
  GROUP_TITLE_HEIGHT,
  noteHeight,
  noteWidth,
  rowMiddle,
  tableHeight,
  tableWidth,
} from './geometry.js';
import type {
  DiagramEdge,
  DiagramGroup,
  DiagramModel,
  DiagramNote,
  DiagramTable,
} from './model.js';

/** A placed rectangle, in the diagram's coordinates (px, origin top left). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A table box where the layout put it. */
export interface PlacedTable extends Box {
  readonly table: DiagramTable;
}

/** A TableGroup's box, around its placed tables. */
export interface PlacedGroup extends Box {
  readonly group: DiagramGroup;
}

/** A sticky note where the layout put it. */
export interface PlacedNote extends Box {
  readonly note: DiagramNote;
}

/** A relation with its route. */
export interface PlacedEdge {
  readonly edge: DiagramEdge;
  /** The route, absolute, from the "one" side's column to the other side's column. */
  readonly points: readonly ElkPoint[];
}

/** The placed diagram that svg.ts draws: its size and every placed item. */
export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly tables: readonly PlacedTable[];
  readonly groups: readonly PlacedGroup[];
  readonly notes: readonly PlacedNote[];
  readonly edges: readonly PlacedEdge[];
}

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.padding': '[top=20,left=20,bottom=20,right=20]',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.spacing.edgeNode': '20',
  'elk.layered.spacing.edgeNodeBetweenLayers': '20',
  // Unconnected tables are packed beside the rest instead of in one tall column.
  'elk.separateConnectedComponents': 'true',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

const GROUP_OPTIONS = {
  'elk.padding': `[top=${GROUP_TITLE_HEIGHT + GROUP_PADDING},left=${GROUP_PADDING},bottom=${GROUP_PADDING},right=${GROUP_PADDING}]`,
};

/**
 * One layout engine for the process, loaded on first use: elkjs is 1.5 MB of JavaScript
 * that `dbgen generate` (which imports this package) must not pay for. elkjs is CommonJS:
 * its `module.exports` is the class.
 */
let elk: ElkApi | null = null;

async function layoutEngine(): Promise<ElkApi> {
  if (elk === null) {
    const loaded = (await import('elkjs/lib/elk.bundled.js')) as unknown as {
      default: new () => ElkApi;
    };
    elk = new loaded.default();
  }
  return elk;
}

/** Port ids: a column's west (incoming) and east (outgoing) attachment points. */
const portId = (table: string, column: string, side: 'w' | 'e'): string =>
  `${table}\u0000${column}\u0000${side}`;

/** Lays the diagram out. Same model in, same layout out. */
export async function layoutDiagram(model: DiagramModel): Promise<DiagramLayout> {
  const byKey = new Map(model.tables.map((t) => [t.key, t]));
  const groupOf = new Map<string, DiagramGroup>();
  for (const group of model.groups) for (const key of group.tables) groupOf.set(key, group);

  // Ports only for the columns an edge joins: a 200-table schema has thousands of columns.
  const ported = new Map<string, Set<string>>();
  const port = (table: string, column: string): void => {
    let columns = ported.get(table);
    if (!columns) ported.set(table, (columns = new Set()));
    columns.add(column);
  };
  for (const edge of model.edges) {
    port(edge.from.table, edge.from.column);
    port(edge.to.table, edge.to.column);
  }

  const nodeOf = (table: DiagramTable): ElkNode => {
    const width = tableWidth(table);
    const columns = ported.get(table.key) ?? new Set<string>();
    const ports = table.columns.flatMap((column, index) =>
      columns.has(column.name)
        ? (['w', 'e'] as const).map((side) => ({
            id: portId(table.key, column.name, side),
            x: side === 'w' ? 0 : width,
            y: rowMiddle(index),
            width: 0,
            height: 0,
            layoutOptions: { 'elk.port.side': side === 'w' ? 'WEST' : 'EAST' },
          }))
        : [],
    );
    return {
      id: table.key,
      width,
      height: tableHeight(table),
      ports,
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
    };
  };

  const children: ElkNode[] = [];
  for (const group of model.groups) {
    children.push({
      id: `group:${group.name}`,
      layoutOptions: GROUP_OPTIONS,
      children: group.tables.map((key) => nodeOf(byKey.get(key) as DiagramTable)),
    });
  }
  for (const table of model.tables) if (!groupOf.has(table.key)) children.push(nodeOf(table));
  model.notes.forEach((note, index) =>
    children.push({ id: `note:${index}`, width: noteWidth(note), height: noteHeight(note) }),
  );

  const edges: ElkExtendedEdge[] = model.edges.map((edge) => ({
    id: edge.id,
    sources: [portId(edge.from.table, edge.from.column, 'e')],
    targets: [portId(edge.to.table, edge.to.column, 'w')],
  }));

  const engine = await layoutEngine();
  const root = await engine.layout({ id: 'root', layoutOptions: ROOT_OPTIONS, children, edges });
  return placed(root, model);
}

/** Reads elk's answer (positions relative to each parent) into absolute boxes and routes. */
function placed(root: ElkNode, model: DiagramModel): DiagramLayout {
  const tables = new Map<string, PlacedTable>();
  const groups: PlacedGroup[] = [];
  const notes: PlacedNote[] = [];
  const origin = new Map<string, ElkPoint>([['root', { x: 0, y: 0 }]]);
  const groupByName = new Map(model.groups.map((g) => [`group:${g.name}`, g]));
  const tableByKey = new Map(model.tables.map((t) => [t.key, t]));
  const visit = (node: ElkNode, parent: ElkPoint): void => {
    const box = {
      x: parent.x + (node.x ?? 0),
      y: parent.y + (node.y ?? 0),
      width: node.width ?? 0,
      height: node.height ?? 0,
    };
    origin.set(node.id, box);
    const group = groupByName.get(node.id);
    if (group) groups.push({ ...box, group });
    const table = tableByKey.get(node.id);
    if (table) tables.set(node.id, { ...box, table });
    const note = node.id.startsWith('note:') ? model.notes[Number(node.id.slice(5))] : undefined;
    if (note) notes.push({ ...box, note });
    for (const child of node.children ?? []) visit(child, box);
  };
  for (const child of root.children ?? []) visit(child, { x: 0, y: 0 });

  const edgeById = new Map(model.edges.map((e) => [e.id, e]));
  const edges: PlacedEdge[] = [];
  const collect = (node: ElkNode): void => {
    for (const elkEdge of node.edges ?? []) {
      const edge = edgeById.get(elkEdge.id);
      const section = elkEdge.sections?.[0];
      if (!edge || !section) continue;
      // Edge coordinates are relative to the edge's container (the lowest common parent).
      const offset = origin.get(elkEdge.container ?? 'root') ?? { x: 0, y: 0 };
      const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(
        (p) => ({ x: p.x + offset.x, y: p.y + offset.y }),
      );
      edges.push({ edge, points });
    }
    for (const child of node.children ?? []) collect(child);
  };
  collect(root);
  edges.sort((a, b) => Number(a.edge.id.slice(1)) - Number(b.edge.id.slice(1)));

  return {
    width: root.width ?? 0,
    height: root.height ?? 0,
    tables: model.tables.flatMap((t) => tables.get(t.key) ?? []),
    groups,
    notes,
    edges,
  };
}
