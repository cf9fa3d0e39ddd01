// The staged changes: staging, the list with each change's SQL, unstaging, commit and
// discard. After a commit it fires `studio:committed` on the document (the grid reloads).

import { api } from './api.js';
import { $, el, say } from './dom.js';
import { tableOf } from './state.js';

export async function stage(change) {
  try {
    const result = await api('POST', '/api/changes', change);
    renderChanges(result.changes);
    say(
      `staged change #${result.change.id} (${result.change.kind} ${tableOf(result.change.table).name})`,
    );
    return true;
  } catch (error) {
    say(error.message, 'error');
    return false;
  }
}

export function renderChanges(changes, conflicts = []) {
  const conflicting = new Map(conflicts.map((c) => [c.change, c]));
  $('changes').replaceChildren(
    ...changes.map((change) => {
      const conflict = conflicting.get(change.id);
      return el(
        'li',
        {
          class: conflict ? 'conflict' : null,
          dataset: { testid: 'change', id: String(change.id) },
        },
        el('strong', { text: `#${change.id} ${change.kind} ${tableOf(change.table).name}` }),
        ' ',
        el('a', { text: 'unstage', on: { click: () => unstage(change.id) } }),
        el('pre', { text: change.sql, dataset: { testid: 'sql' } }),
        el('div', { class: 'params', text: `parameters: ${JSON.stringify(change.parameters)}` }),
        conflict
          ? el('div', {
              class: 'params',
              text: conflict.current
                ? `now in the database: ${JSON.stringify(conflict.current)}`
                : 'the row is gone from the database',
            })
          : null,
      );
    }),
  );
  $('commit').disabled = changes.length === 0;
  $('discard').disabled = changes.length === 0;
}

async function unstage(id) {
  try {
    renderChanges((await api('DELETE', `/api/changes/${id}`)).changes);
  } catch (error) {
    say(error.message, 'error');
  }
}

export async function commit() {
  try {
    const result = await api('POST', '/api/commit', {});
    renderChanges(result.changes);
    say(`committed ${result.committed} change(s) in one transaction`);
    document.dispatchEvent(new CustomEvent('studio:committed'));
  } catch (error) {
    renderChanges((await api('GET', '/api/changes')).changes, error.data?.conflicts ?? []);
    say(error.message, 'error');
  }
}

export async function discard() {
  const result = await api('POST', '/api/discard', {});
  renderChanges(result.changes);
  say(`discarded ${result.discarded} change(s); nothing was written`);
}
