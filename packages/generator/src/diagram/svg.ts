/**
 * Draws a laid-out diagram as one standalone SVG document. Every table is a
 * `<g class="table" data-table="schema.name">` (tests and the HTML page find them by it),
 * notes are `<title>` tooltips, each edge carries its cardinality at both ends. Numbers
 * are rounded to one decimal so that the same layout always prints the same bytes.
 */
import {
  CHAR_WIDTH,
  FONT_SIZE,
  GROUP_TITLE_HEIGHT,
  HEADER_HEIGHT,
  MARKER_WIDTH,
  NOTE_LINE_HEIGHT,
  PADDING_X,
  ROW_HEIGHT,
} from './geometry.js';
import type { DiagramLayout, PlacedEdge, PlacedGroup, PlacedNote, PlacedTable } from './layout.js';

const DEFAULT_GROUP_COLOR = '#6b7fa3';
const HEADER_COLOR = '#31456a';

/**
 * Characters XML 1.0 does not allow at all, even escaped: control characters but tab, line
 * feed and carriage return, U+FFFE/U+FFFF and unpaired surrogates. One in a name or note
 * made the SVG ill-formed (a browser drew nothing); each becomes U+FFFD.
 */
const XML_ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `1.25` → `1.3`, `4` → `4`: stable, short coordinates. */
const n = (value: number): string => String(Math.round(value * 10) / 10);

export function escapeXml(text: string): string {
  return text
    .replace(XML_ILLEGAL, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A DBML color (`#abc`, `#aabbcc`), or `fallback` when it is not one (never spliced raw). */
function safeColor(color: string | null, fallback = DEFAULT_GROUP_COLOR): string {
  return color !== null && /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(color) ? color : fallback;
}

const STYLE = `
  .table-box { fill: #ffffff; }
  .table-outline { fill: none; stroke: ${HEADER_COLOR}; stroke-width: 1; }
  .table-title { fill: #ffffff; font-weight: bold; }
  .row-even { fill: #f4f6fa; }
  .column-name { fill: #1d2433; }
  .column-type { fill: #6a7388; }
  .marker { fill: #b7791f; font-weight: bold; font-size: ${FONT_SIZE - 2}px; }
  .edge { fill: none; stroke: #5b6b8c; stroke-width: 1.4; }
  .edge:hover { stroke: #d9480f; stroke-width: 2.5; }
  .cardinality { fill: #d9480f; font-weight: bold; }
  .sticky { fill: #fff8c5; stroke: #d4a72c; }
  .sticky-title { font-weight: bold; fill: #6a5300; }
  .sticky-text { fill: #3d3100; }
  .group-title { font-weight: bold; font-size: ${FONT_SIZE + 2}px; }
  text { font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: ${FONT_SIZE}px; }
`;

export function renderSvg(layout: DiagramLayout): string {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(layout.width)}" height="${n(layout.height)}" viewBox="0 0 ${n(layout.width)} ${n(layout.height)}" class="dbgen-diagram">`,
    `<style>${STYLE}</style>`,
    `<rect width="100%" height="100%" fill="#fcfcfd"/>`,
    ...layout.groups.map(groupSvg),
    ...layout.edges.map(edgeSvg),
    ...layout.tables.map(tableSvg),
    ...layout.notes.map(noteSvg),
    `</svg>`,
  ];
  return `${parts.join('\n')}\n`;
}

function groupSvg(placed: PlacedGroup): string {
  const color = safeColor(placed.group.color);
  const title = placed.group.note ? `<title>${escapeXml(placed.group.note)}</title>` : '';
  return [
    `<g class="group" data-group="${escapeXml(placed.group.name)}">${title}`,
    `<rect x="${n(placed.x)}" y="${n(placed.y)}" width="${n(placed.width)}" height="${n(placed.height)}" rx="8" fill="${color}" fill-opacity="0.12" stroke="${color}" stroke-width="1.5"/>`,
    `<text class="group-title" x="${n(placed.x + 12)}" y="${n(placed.y + GROUP_TITLE_HEIGHT * 0.7)}" fill="${color}">${escapeXml(placed.group.name)}</text>`,
    `</g>`,
  ].join('');
}

function edgeSvg(placed: PlacedEdge): string {
  const { edge, points } = placed;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)} ${n(p.y)}`).join(' ');
  const start = points[0];
  const end = points[points.length - 1];
  if (!start || !end) return '';
  // The multiplicities sit just outside the boxes: the start's below its line, the end's
  // above, so that a short edge between neighbours does not print them on each other.
  return [
    `<g class="relation" data-from="${escapeXml(`${edge.from.table}.${edge.from.column}`)}" data-to="${escapeXml(`${edge.to.table}.${edge.to.column}`)}" data-cardinality="${edge.fromMultiplicity}-${edge.toMultiplicity}">`,
    `<title>${escapeXml(edge.label)}</title>`,
    `<path class="edge" d="${path}"/>`,
    `<text class="cardinality" x="${n(start.x + 4)}" y="${n(start.y + FONT_SIZE + 1)}">${edge.fromMultiplicity}</text>`,
    `<text class="cardinality" x="${n(end.x - 4 - CHAR_WIDTH)}" y="${n(end.y - 4)}">${edge.toMultiplicity}</text>`,
    `</g>`,
  ].join('');
}

function tableSvg(placed: PlacedTable): string {
  const { table, x, y, width, height } = placed;
  const baseline = (top: number, h: number): number => top + h / 2 + FONT_SIZE * 0.35;
  const rows = table.columns.map((column, index) => {
    const top = y + HEADER_HEIGHT + index * ROW_HEIGHT;
    const band =
      index % 2 === 1
        ? `<rect class="row-even" x="${n(x + 1)}" y="${n(top)}" width="${n(width - 2)}" height="${ROW_HEIGHT}"/>`
        : '';
    const note = column.note ? `<title>${escapeXml(`${column.name}: ${column.note}`)}</title>` : '';
    const markers = column.markers.length
      ? `<text class="marker" x="${n(x + PADDING_X)}" y="${n(baseline(top, ROW_HEIGHT))}">${column.markers.join(' ')}</text>`
      : '';
    return [
      `<g class="column" data-column="${escapeXml(column.name)}">${note}${band}${markers}`,
      `<text class="column-name" x="${n(x + PADDING_X + MARKER_WIDTH)}" y="${n(baseline(top, ROW_HEIGHT))}">${escapeXml(column.name)}</text>`,
      `<text class="column-type" x="${n(x + width - PADDING_X)}" y="${n(baseline(top, ROW_HEIGHT))}" text-anchor="end">${escapeXml(column.type)}</text>`,
      `</g>`,
    ].join('');
  });
  const note = table.note ? `<title>${escapeXml(`${table.title}: ${table.note}`)}</title>` : '';
  return [
    `<g class="table" data-table="${escapeXml(table.key)}">`,
    `<rect class="table-box" x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" rx="4"/>`,
    `<g class="table-head">${note}<rect class="table-header" x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${HEADER_HEIGHT}" rx="4" fill="${safeColor(table.headerColor, HEADER_COLOR)}"/>`,
    `<text class="table-title" x="${n(x + PADDING_X)}" y="${n(baseline(y, HEADER_HEIGHT))}">${escapeXml(table.title)}</text></g>`,
    ...rows,
    // The outline last, so that row bands do not cover it.
    `<rect class="table-outline" x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" rx="4"/>`,
    `</g>`,
  ].join('\n');
}

function noteSvg(placed: PlacedNote): string {
  const { note, x, y, width, height } = placed;
  const lines = note.lines.map(
    (line, i) =>
      `<text class="sticky-text" x="${n(x + PADDING_X)}" y="${n(y + HEADER_HEIGHT + (i + 0.75) * NOTE_LINE_HEIGHT)}">${escapeXml(line)}</text>`,
  );
  return [
    `<g class="note" data-note="${escapeXml(note.name)}">`,
    `<rect class="sticky" x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" rx="3"/>`,
    `<text class="sticky-title" x="${n(x + PADDING_X)}" y="${n(y + HEADER_HEIGHT * 0.65)}">${escapeXml(note.name)}</text>`,
    ...lines,
    `</g>`,
  ].join('\n');
}
