/**
 * The token list a shape walk (`shape.ts`) writes, with its hash: a code number per node
 * and per alternative, counts before lists, strings as they are, null for absent. Every
 * code is followed by its fields in a fixed order, so a token list decodes one way only:
 * different shapes cannot have equal tokens. Tokens, not a joined string: building and
 * hashing a string key cost more than rendering the SQL. The hash only finds candidates;
 * a hit is confirmed token by token.
 */
import type { StatementNode } from '../nodes.js';
import type { Slot } from './context.js';

// Codes are numbers in one token stream; each file that writes them has its own const
// enum (inlined), in ranges that do not overlap: statements 1–, expressions 100–.
const TYPE_CODE = 99;

/** Thrown inside the walk for a node it does not know; the statement is then not cached. */
export class Unshaped extends Error {}

// Fields the renderer tests for truthiness are keyed the same way (`maybe`, `||`), and
// fields it compares with null are keyed as given (`str` refuses anything but a string or
// null), so a malformed node never borrows a well-formed one's SQL.

/**
 * Walks one statement into a walk: `shape.ts`'s `statement`, handed to each walk so that
 * the expression walk (which meets subqueries) does not import `shape.ts` back.
 */
export type StatementWalker = (n: StatementNode, w: ShapeWalk) => void;

export class ShapeWalk {
  constructor(private readonly walkStatement: StatementWalker) {}

  /** Walks a statement nested in an expression (a subquery, an EXISTS, a lateral source). */
  statement(n: StatementNode): void {
    this.walkStatement(n, this);
  }

  /** Tokens `[0, length)` of the last walk (the array is reused and only grows). */
  readonly tokens: (string | number | null)[] = [];
  length = 0;
  hash = 0;
  /**
   * Slots `[0, slotCount)` of the last walk. The array is reused (resetting its length
   * would drop its storage, an allocation per walk); `end` clears what a longer earlier
   * walk left beyond, so only the last statement's nodes are kept alive (as the compiler's
   * last-statement cache keeps them anyway).
   */
  readonly slots: (Slot | null)[] = [];
  slotCount = 0;
  private slotsUsed = 0;

  /** Starts a walk. */
  begin(): void {
    this.length = 0;
    this.hash = 0x11c9dc5;
    this.slotCount = 0;
  }

  /** Ends a walk (also a failed one). */
  end(): void {
    for (let i = this.slotCount; i < this.slotsUsed; i++) this.slots[i] = null;
    this.slotsUsed = this.slotCount;
  }

  slot(n: Slot): void {
    this.slots[this.slotCount++] = n;
  }

  code(c: number): void {
    this.tokens[this.length++] = c;
    // Kept a small integer (31 bits would make it a heap number on every store).
    this.hash = Math.imul(this.hash ^ c, 0x01000193) & 0x3fffffff;
  }

  count(n: number): void {
    this.code(n);
  }

  none(): void {
    this.tokens[this.length++] = null;
    this.hash = Math.imul(this.hash ^ 0x5bd1e995, 0x01000193) & 0x3fffffff;
  }

  str(s: string | null): void {
    if (s === null) {
      this.none();
      return;
    }
    if (typeof s !== 'string') throw new Unshaped();
    this.tokens[this.length++] = s;
    // A cheap hash of the string (its length, first and last characters): equal hashes are
    // confirmed token by token, so a collision costs a comparison, never a wrong hit.
    const n = s.length;
    const h = (n << 16) ^ (s.charCodeAt(0) << 8) ^ s.charCodeAt(n - 1);
    this.hash = Math.imul(this.hash ^ h, 0x01000193) & 0x3fffffff;
  }

  flag(b: unknown): void {
    this.code(b ? 1 : 0);
  }

  /** A column type, by content (see `typeToken`). */
  type(type: object): void {
    this.code(TYPE_CODE);
    this.code(typeToken(type));
  }

  strs(items: readonly string[] | null): void {
    if (items === null) {
      this.none();
      return;
    }
    this.count(items.length);
    for (let i = 0; i < items.length; i++) this.str(items[i] as string);
  }

  /** Whether `tokens` (a stored shape) equals this walk's tokens. */
  matches(tokens: readonly (string | number | null)[]): boolean {
    const n = this.length;
    if (tokens.length !== n) return false;
    const mine = this.tokens;
    for (let i = 0; i < n; i++) if (tokens[i] !== mine[i]) return false;
    return true;
  }

  /** A copy of this walk's tokens, to store (not frozen: frozen elements read slower). */
  copy(): readonly (string | number | null)[] {
    return this.tokens.slice(0, this.length);
  }
}

// Column types reach the SQL through dialect hooks (a wrapper such as SQLite's bigint
// cast) and the result conversion, so a selected expression's type is part of its shape.
// A type is tokenised by its content (JSON of plain data), remembered per type object.
const typeTokens = new WeakMap<object, number>();

function typeToken(type: object): number {
  let token = typeTokens.get(type);
  if (token === undefined) {
    token = intern(`T${JSON.stringify(type)}`);
    typeTokens.set(type, token);
  }
  return token;
}

// Interned content → token numbers. Numbers are never reused, so a token stands for one
// content only; when the map is cleared (bounded for programs that make unbounded distinct
// aliases or types) a content merely gets a new number.
const interned = new Map<string, number>();
let nextToken = 0;

export function intern(content: string): number {
  let token = interned.get(content);
  if (token === undefined) {
    if (interned.size >= 10_000) interned.clear();
    token = nextToken++;
    interned.set(content, token);
  }
  return token;
}
