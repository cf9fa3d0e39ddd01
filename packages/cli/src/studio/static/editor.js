// The row form: edit a row (only changed columns are sent) or fill a new one, then stage it.

import { $, asText, el, fromText, say } from './dom.js';
import { state } from './state.js';
import { stage } from './changes.js';

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
      return el(
        'label',
        {},
        el('span', { text: `${c.name} (${c.type})` }),
        el('input', {
          name: c.name,
          value: kind === 'update' ? asText(row[c.name], c) : '',
          placeholder: hint,
          readonly: locked,
        }),
      );
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
      const input = $('editor-fields').querySelector(`input[name="${CSS.escape(c.name)}"]`);
      if (input.readOnly) continue;
      const text = input.value;
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
