// Minimal typings for pg-cursor (it ships none).
declare module 'pg-cursor' {
  import type { Submittable } from 'pg';
  export default class Cursor<Row = Record<string, unknown>> implements Submittable {
    constructor(text: string, values?: readonly unknown[], config?: { rowMode?: 'array' });
    submit: Submittable['submit'];
    read(rows: number): Promise<Row[]>;
    close(): Promise<void>;
  }
}
