// The watch mode's safety net for lost file events: what it counts as a change of a file.
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Fingerprints } from '../../packages/cli/src/commands/fingerprints.js';

const dir = mkdtempSync(join(tmpdir(), 'dbgen-fingerprints-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a recorded file counts as changed after a write, a rename-save, a touch or a delete', () => {
  const schema = join(dir, 'schema.dbml');
  const imported = join(dir, 'tags.dbml');
  writeFileSync(schema, 'Table a {\n  id int [pk]\n}\n');
  writeFileSync(imported, 'Table t {\n  id int [pk]\n}\n');
  const prints = new Fingerprints();
  prints.record([schema]);
  assert.equal(prints.changed(), false, 'nothing happened yet');

  writeFileSync(schema, 'Table a {\n  id int [pk]\n  b int\n}\n');
  assert.equal(prints.changed(), true, 'a write');
  prints.record([schema]);

  writeFileSync(join(dir, 'schema.dbml.tmp'), 'Table a {\n  id int [pk]\n  c int\n}\n');
  renameSync(join(dir, 'schema.dbml.tmp'), schema);
  assert.equal(prints.changed(), true, 'an editor rename-save (a new inode)');
  prints.record([schema]);

  utimesSync(schema, new Date(), new Date(Date.now() + 5_000));
  assert.equal(prints.changed(), true, 'a new modification time');
  prints.record([schema]);

  // An import found by a run is added without forgetting the schema's record.
  prints.recordNew([schema, imported]);
  assert.equal(prints.changed(), false);
  writeFileSync(imported, 'Table t {\n  id int [pk]\n  label text\n}\n');
  assert.equal(prints.changed(), true, 'a write to the import');
  prints.record([schema, imported]);

  unlinkSync(imported);
  assert.equal(prints.changed(), true, 'a deleted file');
  prints.record([schema, imported]);
  assert.equal(prints.changed(), false, 'still missing is no change');
  writeFileSync(imported, 'Table t {\n  id int [pk]\n}\n');
  assert.equal(prints.changed(), true, 'a file that appears again');
});
