/**
 * Reads the shapes back out of a diagram SVG, to check a drawing without a browser: the
 * table boxes, the column rows, and the relation paths. The SVG is dbgen's own output, so
 * its element shapes are known (svg.ts); anything unexpected fails loudly.
 */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface SvgTable extends Rect {
  readonly key: string;
  readonly columns: readonly string[];
  readonly markers: ReadonlyMap<string, string>;
}

export interface SvgRelation {
  readonly from: string;
  readonly to: string;
  readonly cardinality: string;
  readonly points: readonly { x: number; y: number }[];
}

const attr = (tag: string, name: string): string => {
  const match = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(tag);
  if (!match) throw new Error(`no ${name}= in ${tag.slice(0, 120)}`);
  return match[1] as string;
};

export function svgTables(svg: string): SvgTable[] {
  const blocks = svg.split('<g class="table" ').slice(1);
  return blocks.map((block) => {
    const key = attr(block, 'data-table');
    const box = /<rect class="table-box"[^>]*>/.exec(block)?.[0];
    if (!box) throw new Error(`table ${key} has no box`);
    const columns: string[] = [];
    const markers = new Map<string, string>();
    for (const match of block.matchAll(/<g class="column" data-column="([^"]*)">(.*?)<\/g>/gs)) {
      const name = match[1] as string;
      columns.push(name);
      const marker = /<text class="marker"[^>]*>([^<]*)<\/text>/.exec(match[2] as string);
      if (marker) markers.set(name, marker[1] as string);
    }
    return {
      key,
      x: Number(attr(box, 'x')),
      y: Number(attr(box, 'y')),
      width: Number(attr(box, 'width')),
      height: Number(attr(box, 'height')),
      columns,
      markers,
    };
  });
}

export function svgRelations(svg: string): SvgRelation[] {
  return [...svg.matchAll(/<g class="relation"[^>]*>.*?<path class="edge" d="([^"]*)"/gs)].map(
    (match) => {
      const tag = match[0];
      const points = [...(match[1] as string).matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((p) => ({
        x: Number(p[1]),
        y: Number(p[2]),
      }));
      return {
        from: attr(tag, 'data-from'),
        to: attr(tag, 'data-to'),
        cardinality: attr(tag, 'data-cardinality'),
        points,
      };
    },
  );
}

/** True when the two boxes share any area (touching edges do not count). */
export function overlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Where `point` meets `table`'s box: the column row it is on, when it lies on the box's
 * left or right side (within half a unit, the SVG's rounding).
 */
export function attachedRow(
  table: SvgTable,
  point: { x: number; y: number },
  header: number,
  row: number,
): string | null {
  const onSide =
    Math.abs(point.x - table.x) <= 0.5 || Math.abs(point.x - (table.x + table.width)) <= 0.5;
  if (!onSide) return null;
  const index = Math.floor((point.y - table.y - header) / row);
  return table.columns[index] ?? null;
}
