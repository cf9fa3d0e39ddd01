// The row form: edit a row (only changed columns are sent) or fill a new one, then stage it.

import { $, asText, el, fromText, say } from './dom.js';
import { state } from './state.js';
import { stage } from './changes.js';

// Text and JSON may hold line breaks, which an <input> drops from its value.
const MULTILINE = new Set(['text', 'varchar', 'char', 'json', 'jsonb']);

export function openEditor(kind, row) {
  const t = state.table;
  state.editing = { kind, row };
  $('editor').hidden = false;
  $('editor-title').textContent =
    kind === 'insert'
      ? `New ${t.name} row`
      : `Edit ${t.name} ${t.primaryKey.map((k) => `${k}=${row[k]}`).join(', ')}`;
  $('editor-stage').textContent = kind === 'insert' ? 'Stage insert' : 'Stage update';
  $('editor-fields').replaceChildren(
    ...t.columns.map((c) => {
      const locked =
        (kind === 'update' && (c.primaryKey || c.name === t.versionColumn)) ||
        c.logical === 'bytes';
      const hint =
        kind === 'insert' && (c.autoIncrement || c.hasDefault || c.nullable)
          ? 'empty: default'
          : c.nullable
            ? 'empty: NULL'
            : '';
      const shown = kind === 'update' ? asText(row[c.name], c) : '';
      const control =
        MULTILINE.has(c.logical) && !c.array
          ? el('textarea', { name: c.name, text: shown, placeholder: hint, rows: 1 })
          : el('input', { name: c.name, value: shown, placeholder: hint });
      control.readOnly = locked;
      // A value the control cannot hold as it is (a textarea turns a carriage return into
      // a line feed) would go back changed with any edit of the field: shown, not editable.
      if (control.value !== shown) {
        control.readOnly = true;
        control.title =
          'holds characters this form cannot keep (a carriage return): edit it in SQL';
      }
      return el('label', {}, el('span', { text: `${c.name} (${c.type})` }), control);
    }),
  );
}

export async function submitEditor(event) {
  event.preventDefault();
  const t = state.table;
  const { kind, row } = state.editing;
  const values = {};
  try {
    for (const c of t.columns) {
      const control = $('editor-fields').querySelector(`[name="${CSS.escape(c.name)}"]`);
      if (control.readOnly) continue;
      const text = control.value;
      if (kind === 'insert') {
        if (text !== '') values[c.name] = fromText(text, c);
      } else if (text !== asText(row[c.name], c)) {
        values[c.name] = text === '' && c.nullable ? null : fromText(text, c);
      }
    }
  } catch (error) {
    return say(error.message, 'error');
  }
  const ok = await stage(
    kind === 'insert'
      ? { kind, table: t.key, values }
      : { kind, table: t.key, values, original: row },
  );
  if (ok) closeEditor();
}

export function closeEditor() {
  state.editing = null;
  $('editor').hidden = true;
}
