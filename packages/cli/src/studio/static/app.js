// dbgen studio's page: plain JavaScript modules, no framework and no build step. This one
// wires the controls and loads the schema; see grid.js, editor.js and changes.js.

import { api } from './api.js';
import { $, say } from './dom.js';
import { PAGE_SIZE, state } from './state.js';
import { loadRows, renderTables } from './grid.js';
import { closeEditor, openEditor, submitEditor } from './editor.js';
import { commit, discard, renderChanges } from './changes.js';

async function start() {
  $('filter-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const op = $('filter-op').value;
    const needsValue = op !== 'isNull' && op !== 'isNotNull';
    state.filters.push({
      column: $('filter-column').value,
      op,
      ...(needsValue ? { value: $('filter-value').value } : {}),
    });
    $('filter-value').value = '';
    state.offset = 0;
    loadRows();
  });
  $('prev').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    loadRows();
  });
  $('next').addEventListener('click', () => {
    state.offset += PAGE_SIZE;
    loadRows();
  });
  $('new-row').addEventListener('click', () => openEditor('insert', null));
  $('editor').addEventListener('submit', submitEditor);
  $('editor-cancel').addEventListener('click', closeEditor);
  $('commit').addEventListener('click', commit);
  $('discard').addEventListener('click', discard);
  document.addEventListener('studio:committed', () => {
    if (state.table) loadRows();
  });
  try {
    state.schema = await api('GET', '/api/schema');
  } catch (error) {
    say(
      `${error.message}: open the URL that \`dbgen studio\` printed (it holds the token)`,
      'error',
    );
    return;
  }
  $('dialect').textContent = state.schema.dialect;
  $('status').textContent = `${state.schema.tables.length} tables`;
  renderTables();
  renderChanges((await api('GET', '/api/changes')).changes);
}

start();
