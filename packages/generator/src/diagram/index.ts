/** `dbgen diagram`'s renderer: the schema IR as an ER diagram, in SVG or as an HTML page. */
import type { SchemaIR } from '@dbgen/runtime';
import { renderHtml } from './html.js';
import { layoutDiagram } from './layout.js';
import { diagramModel } from './model.js';
import { renderSvg } from './svg.js';

export type DiagramFormat = 'svg' | 'html';

export interface DiagramOptions {
  /** `svg` (a standalone image) or `html` (a page with pan and zoom). */
  readonly format: DiagramFormat;
  /** The HTML page's title; defaults to the Project's name, then "Schema". */
  readonly title?: string;
}

/**
 * Renders the ER diagram of `ir`: tables with their columns, types, key markers
 * (PK, FK, UQ) and notes as tooltips; relations as edges with their cardinality (1–*,
 * 1–1, *–*) at the columns they join; TableGroups as boxes in their DBML color. The same
 * IR always gives the same bytes.
 */
export async function renderDiagram(ir: SchemaIR, options: DiagramOptions): Promise<string> {
  const svg = renderSvg(await layoutDiagram(diagramModel(ir)));
  if (options.format === 'svg') return svg;
  return renderHtml(svg, options.title ?? ir.project?.name ?? 'Schema');
}

export { diagramModel } from './model.js';
export type {
  DiagramColumn,
  DiagramEdge,
  DiagramGroup,
  DiagramModel,
  DiagramNote,
  DiagramTable,
  KeyMarker,
  Multiplicity,
} from './model.js';
export { layoutDiagram } from './layout.js';
export type {
  Box,
  DiagramLayout,
  PlacedEdge,
  PlacedGroup,
  PlacedNote,
  PlacedTable,
} from './layout.js';
