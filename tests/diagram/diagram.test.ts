import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { compileSchemaSource, renderDiagram, diagramModel } from '@dbgen/generator';
import type { SchemaIR } from '@dbgen/runtime';
import { compileSchema } from '@dbgen/generator';
import { bigSchema } from './big-schema.js';
import { attachedRow, overlap, svgRelations, svgTables, type Rect } from './svg-shapes.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** svg.ts's header and row heights: where a column's row lies in its box. */
const HEADER = 28;
const ROW = 22;

function compile(source: string): SchemaIR {
  const result = compileSchemaSource(source, join(repo, 'diagram-test.dbml'));
  assert.ok(result.ir, result.diagnostics.map((d) => d.message).join('\n'));
  return result.ir;
}

const SHOP = `
Table customers {
  id integer [pk, increment]
  email varchar(200) [not null, unique, note: 'Login <name> & "address"']
  Note: 'People who buy'
}
Table accounts [headercolor: #2f9e44] {
  id integer [pk]
  customer_id integer [not null, unique, ref: - customers.id]
}
Table orders {
  id integer [pk, increment]
  customer_id integer [not null, ref: > customers.id]
  placed_at timestamp
}
Table products {
  id integer [pk]
  sku varchar(20)
  indexes { sku [unique] }
}
Ref: orders.id <> products.id
TableGroup sales [color: #e03131, note: 'Money in'] {
  orders
  customers
}
TableGroup catalog {
  products
}
Note checkout {
  'Orders are placed by customers; a customer has at most one account. Prices live on products & never < 0.'
}
`;

describe('dbgen diagram: content', () => {
  it('draws every table with its columns, types and PK/FK/UQ markers, notes as tooltips', async () => {
    const svg = await renderDiagram(compile(SHOP), { format: 'svg' });
    const tables = svgTables(svg);
    // The join table dbgen makes for `<>` is not drawn: the *–* edge stands for it.
    assert.deepEqual(
      tables.map((t) => t.key),
      ['public.customers', 'public.accounts', 'public.orders', 'public.products'],
    );
    const orders = tables.find((t) => t.key === 'public.orders');
    assert.deepEqual(orders?.columns, ['id', 'customer_id', 'placed_at']);
    assert.equal(orders?.markers.get('id'), 'PK');
    assert.equal(orders?.markers.get('customer_id'), 'FK');
    assert.equal(orders?.markers.has('placed_at'), false);
    assert.equal(
      tables.find((t) => t.key === 'public.accounts')?.markers.get('customer_id'),
      'FK UQ',
    );
    assert.equal(tables.find((t) => t.key === 'public.products')?.markers.get('sku'), 'UQ');
    // a table's headercolor, else the default header color
    const header = (key: string) =>
      new RegExp(`data-table="${key}">[^]*?class="table-header"[^>]*fill="(#[0-9a-f]+)"`).exec(
        svg,
      )?.[1];
    assert.equal(header('public\\.accounts'), '#2f9e44');
    assert.equal(header('public\\.orders'), '#31456a');
    assert.match(svg, /<text class="column-type"[^>]*>timestamp\?<\/text>/); // nullable
    assert.match(svg, /<text class="column-type"[^>]*>varchar\(200\)<\/text>/);
    // Notes are tooltips, escaped.
    assert.match(svg, /<title>customers: People who buy<\/title>/);
    assert.match(svg, /<title>email: Login &lt;name&gt; &amp; &quot;address&quot;<\/title>/);
  });

  it('draws relations with their cardinality: 1–*, 1–1 and *–*', async () => {
    const svg = await renderDiagram(compile(SHOP), { format: 'svg' });
    const relations = svgRelations(svg).map((r) => `${r.from} ${r.cardinality} ${r.to}`);
    assert.deepEqual(relations.sort(), [
      'public.customers.id 1-* public.orders.customer_id',
      'public.customers.id 1-1 public.accounts.customer_id',
      'public.products.id *-* public.orders.id',
    ]);
    assert.match(svg, /<title>customers\.id 1–\* orders\.customer_id<\/title>/);
  });

  it('draws TableGroups as boxes in their DBML color around their tables', async () => {
    const svg = await renderDiagram(compile(SHOP), { format: 'svg' });
    const sales = /<g class="group" data-group="sales">.*?<\/g>/s.exec(svg)?.[0] ?? '';
    assert.match(sales, /stroke="#e03131"/);
    assert.match(sales, /<title>Money in<\/title>/);
    const catalog = /<g class="group" data-group="catalog">.*?<\/g>/s.exec(svg)?.[0] ?? '';
    assert.match(catalog, /stroke="#6b7fa3"/); // the default color
    const box = groupBoxes(svg).get('sales') as Rect;
    for (const table of svgTables(svg).filter((t) => /orders|customers/.test(t.key))) {
      assert.ok(inside(table, box), `${table.key} lies inside the sales group`);
    }
    // A color that is no color is not written into the SVG.
    // A color that is no color (from an IR file, say) is not written into the SVG.
    const ir = compile(SHOP);
    const hostile: SchemaIR = {
      ...ir,
      tableGroups: ir.tableGroups.map((g) => ({ ...g, color: '"/><script>alert(1)</script>' })),
    };
    const drawn = await renderDiagram(hostile, { format: 'svg' });
    assert.doesNotMatch(drawn, /<script>/);
    assert.match(drawn, /data-group="sales">.*?stroke="#6b7fa3"/s);
  });

  it('draws sticky notes as boxes of their own, their text wrapped and escaped', async () => {
    const svg = await renderDiagram(compile(SHOP), { format: 'svg' });
    const note = /<g class="note" data-note="checkout">.*?<\/g>/s.exec(svg)?.[0] ?? '';
    const lines = [...note.matchAll(/<text class="sticky-text"[^>]*>([^<]*)<\/text>/g)].map(
      (m) => m[1]!,
    );
    assert.deepEqual(lines, [
      'Orders are placed by customers; a',
      'customer has at most one account. Prices',
      'live on products &amp; never &lt; 0.',
    ]);
    const box = /<rect class="sticky" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/
      .exec(note)!
      .slice(1)
      .map(Number);
    const rect = { x: box[0]!, y: box[1]!, width: box[2]!, height: box[3]! };
    for (const table of svgTables(svg))
      assert.ok(!overlap(rect, table), `the note covers ${table.key}`);
  });

  // A control character in a name or note was copied into the SVG, which is then no XML:
  // a browser drew nothing. Such characters (XML 1.0 has no escape for them) are U+FFFD.
  it('keeps the SVG well-formed XML whatever characters names and notes hold', async () => {
    const svg = await renderDiagram(
      compile(
        `Table "a\u0001b" {\n  "c\u001bd" int [pk, note: 'e\u0002f\ud800g']\n  Note: 'h\u000bi'\n}\n`,
      ),
      { format: 'svg' },
    );
    assert.doesNotMatch(svg, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    assert.doesNotMatch(svg, /[\ud800-\udbff](?![\udc00-\udfff])/);
    assert.match(svg, /a\ufffdb/);
    assert.match(svg, /c\ufffdd/);
  });

  it('draws the same bytes for the same schema, and the HTML page inlines it with pan/zoom', async () => {
    const ir = compileSchema(join(repo, 'schema.example.dbml')).ir as SchemaIR;
    const first = await renderDiagram(ir, { format: 'svg' });
    const second = await renderDiagram(structuredClone(ir), { format: 'svg' });
    assert.equal(first, second);
    const html = await renderDiagram(ir, { format: 'html' });
    assert.ok(html.includes(first), 'the page holds the SVG as is');
    assert.match(html, /<title>blog<\/title>/);
    assert.match(html, /svgPanZoom\(svg, \{/);
    assert.doesNotMatch(html, /<script src=/); // self-contained
    assert.equal(svgTables(first).length, diagramModel(ir).tables.length);
  });
});

describe('dbgen diagram: loading', () => {
  it('importing the generator does not load elkjs; drawing does', () => {
    // A child process: this one has drawn already. `dbgen generate` imports the generator
    // and must not parse elkjs's 1.5 MB.
    const script = [
      "import { createRequire } from 'node:module';",
      "const gen = await import('@dbgen/generator');",
      "const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('elkjs'));",
      'const before = loaded();',
      "const { ir } = gen.compileSchemaSource('Table a {\\n  id int [pk]\\n}\\n', 'a.dbml');",
      "await gen.renderDiagram(ir, { format: 'svg' });",
      'console.log(JSON.stringify({ before, after: loaded() }));',
    ].join('\n');
    // The sources, as this test runs them (not a dist/ that may be stale).
    const flags = ['--conditions=dbgen-source', '--import', 'tsx', '--input-type=module'];
    const run = spawnSync(process.execPath, [...flags, '-e', script], {
      cwd: repo,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { before: false, after: true });
  });
});

describe('dbgen diagram: a 200-table schema', () => {
  it('stays readable: no two table boxes overlap, every edge is attached at its columns, groups hold their tables', async () => {
    const ir = compile(bigSchema());
    const svg = await renderDiagram(ir, { format: 'svg' });
    const tables = svgTables(svg);
    assert.equal(tables.length, 200);
    for (let i = 0; i < tables.length; i++) {
      for (let j = i + 1; j < tables.length; j++) {
        const [a, b] = [tables[i]!, tables[j]!];
        assert.ok(!overlap(a, b), `${a.key} and ${b.key} overlap`);
      }
    }
    const byKey = new Map(tables.map((t) => [t.key, t]));
    const relations = svgRelations(svg);
    assert.equal(relations.length, ir.refs.length);
    for (const relation of relations) {
      const [fromTable, fromColumn] = splitEnd(relation.from);
      const [toTable, toColumn] = splitEnd(relation.to);
      const start = relation.points[0]!;
      const end = relation.points[relation.points.length - 1]!;
      assert.equal(
        attachedRow(byKey.get(fromTable)!, start, HEADER, ROW),
        fromColumn,
        `${relation.from} -> ${relation.to} starts at its column (${JSON.stringify(start)})`,
      );
      assert.equal(
        attachedRow(byKey.get(toTable)!, end, HEADER, ROW),
        toColumn,
        `${relation.from} -> ${relation.to} ends at its column (${JSON.stringify(end)})`,
      );
    }
    const groups = groupBoxes(svg);
    assert.equal(groups.size, 10);
    for (const group of ir.tableGroups) {
      for (const key of group.tables) {
        assert.ok(inside(byKey.get(key)!, groups.get(group.name)!), `${key} in ${group.name}`);
      }
    }
    const boxes = [...groups.entries()];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        assert.ok(
          !overlap(boxes[i]![1], boxes[j]![1]),
          `${boxes[i]![0]} and ${boxes[j]![0]} overlap`,
        );
    assert.equal(await renderDiagram(ir, { format: 'svg' }), svg, 'stable between runs');
  });
});

function splitEnd(end: string): [string, string] {
  const at = end.lastIndexOf('.');
  return [end.slice(0, at), end.slice(at + 1)];
}

function groupBoxes(svg: string): Map<string, Rect> {
  const boxes = new Map<string, Rect>();
  for (const m of svg.matchAll(/<g class="group" data-group="([^"]*)">.*?<rect ([^>]*)>/gs)) {
    const get = (name: string) => Number(new RegExp(`\\b${name}="([^"]*)"`).exec(m[2]!)![1]);
    boxes.set(m[1]!, { x: get('x'), y: get('y'), width: get('width'), height: get('height') });
  }
  return boxes;
}

function inside(inner: Rect, outer: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}
