/**
 * The sizes the diagram is drawn with. Text is set in a monospace font so that a box's
 * width follows from its longest line without measuring glyphs (Node has no font
 * metrics): the boxes are then the same on every machine, and the output byte-identical.
 */
import type { DiagramNote, DiagramTable } from './model.js';

export const FONT_SIZE = 12;
/** A monospace glyph is 0.6em wide; a little more keeps long names inside their box. */
export const CHAR_WIDTH = 7.4;
export const HEADER_HEIGHT = 28;
export const ROW_HEIGHT = 22;
export const PADDING_X = 10;
/** The width of the key-marker column (`PK FK`). */
export const MARKER_WIDTH = 7 * CHAR_WIDTH;
/** Space between a column's name and its type. */
export const NAME_TYPE_GAP = 16;
/** Room above a group's tables for its name. */
export const GROUP_TITLE_HEIGHT = 30;
export const GROUP_PADDING = 16;

export function tableWidth(table: DiagramTable): number {
  const header = table.title.length * (CHAR_WIDTH + 0.6) + 2 * PADDING_X;
  const nameChars = Math.max(0, ...table.columns.map((c) => c.name.length));
  const typeChars = Math.max(0, ...table.columns.map((c) => c.type.length));
  const row =
    PADDING_X + MARKER_WIDTH + (nameChars + typeChars) * CHAR_WIDTH + NAME_TYPE_GAP + PADDING_X;
  return Math.ceil(Math.max(header, row, 120));
}

export function tableHeight(table: DiagramTable): number {
  return HEADER_HEIGHT + Math.max(1, table.columns.length) * ROW_HEIGHT;
}

/** The y of a column row's middle, from the top of its table box. */
export function rowMiddle(index: number): number {
  return HEADER_HEIGHT + index * ROW_HEIGHT + ROW_HEIGHT / 2;
}

/** A sticky note's line height, and its box: a title line, then its text. */
export const NOTE_LINE_HEIGHT = 16;

export function noteWidth(note: DiagramNote): number {
  const chars = Math.max(note.name.length, ...note.lines.map((l) => l.length));
  return Math.ceil(chars * CHAR_WIDTH + 2 * PADDING_X);
}

export function noteHeight(note: DiagramNote): number {
  return HEADER_HEIGHT + note.lines.length * NOTE_LINE_HEIGHT + PADDING_X;
}
