// The row form: edit a row (only changed columns are sent) or fill a new one, then stage it.

import { $, asText, el, fromText, say } from './dom.js';
import { state } from './state.js';
import { stage } from './changes.js';

// Text and JSON may hold line breaks, which an <input> drops from its value.
const MULTILINE = new Set(['text', 'varchar', 'char', 'json', 'jsonb']);
// Columns where an empty field is a value of its own, the empty string.
const TEXTUAL = new Set(['text', 'varchar', 'char']);

/**
 * Empty fields: in a text column the empty string; in any other column nothing (the
 * default or NULL on insert, NULL on update); a column with a default takes it when left
 * empty on insert. NULL itself is the "NULL" box of a nullable column, so NULL and '' are
 * told apart (an empty field alone could not say which the user meant).
 */
function emptyHint(kind, c) {
  if (kind === 'insert' && (c.autoIncrement || c.hasDefault)) return 'empty: default';
  if (TEXTUAL.has(c.logical) && !c.array) return '';
  if (c.nullable) return 'empty: NULL';
  return '';
}

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
      const hint = emptyHint(kind, c);
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
      const label = el('label', {}, el('span', { text: `${c.name} (${c.type})` }), control);
      if (c.nullable && !control.readOnly) label.append(nullBox(c, control, kind, row));
      return label;
    }),
  );
}

/** A nullable column's "NULL" box: ticked, the field is NULL and its text is not used. */
function nullBox(c, control, kind, row) {
  const box = el('input', { type: 'checkbox', 'data-null-for': c.name, title: 'NULL' });
  box.checked = kind === 'update' && (row[c.name] === null || row[c.name] === undefined);
  control.disabled = box.checked;
  box.addEventListener('change', () => (control.disabled = box.checked));
  return el('span', { class: 'null-box' }, box, document.createTextNode(' NULL'));
}

/** What the field says: `null`, `undefined` (nothing: the default) or its text. */
function fieldValue(kind, c, control) {
  const box = $('editor-fields').querySelector(`[data-null-for="${CSS.escape(c.name)}"]`);
  if (box?.checked) return null;
  const text = control.value;
  if (text !== '' || (TEXTUAL.has(c.logical) && !c.array)) {
    if (kind === 'insert' && text === '' && (c.autoIncrement || c.hasDefault)) return undefined;
    return text;
  }
  if (kind === 'insert') return undefined;
  return c.nullable ? null : text;
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
      const value = fieldValue(kind, c, control);
      if (value === undefined) continue;
      if (kind === 'insert') {
        values[c.name] = value === null ? null : fromText(value, c);
        continue;
      }
      const was = row[c.name] === undefined ? null : row[c.name];
      if (value === null) {
        if (was !== null) values[c.name] = null;
      } else if (was === null || value !== asText(was, c)) {
        values[c.name] = fromText(value, c);
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
