/** The 200-table schema the diagram tests draw (deterministic: a fixed pseudo-random seed). */
/** A 200-table schema in 10 groups, each table referencing up to two earlier ones. */
export function bigSchema(): string {
  const lines: string[] = [];
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let t = 0; t < 200; t++) {
    lines.push(`Table t${t} {`, `  id integer [pk]`);
    const refs = t === 0 ? [] : [random(t), ...(t % 3 === 0 ? [random(t)] : [])];
    refs.forEach((target, i) => lines.push(`  ref${i}_id integer [ref: > t${target}.id]`));
    if (t % 17 === 0) lines.push(`  parent_id integer [ref: > t${t}.id]`);
    for (let c = 0; c < 3 + (t % 5); c++)
      lines.push(`  column_${c}_of_table_${t} varchar(${c + 10})`);
    lines.push('}');
  }
  for (let g = 0; g < 10; g++) {
    const color = g % 2 === 0 ? ` [color: #${(0x224488 + g * 0x101010).toString(16)}]` : '';
    lines.push(`TableGroup g${g}${color} {`);
    for (let t = g * 20; t < g * 20 + 15; t++) lines.push(`  t${t}`);
    lines.push('}');
  }
  return lines.join('\n');
}
