// Browsing: the table list, filters, sorting, paging, the rows, and the links that follow
// relations both ways (a foreign key to its parent row, a row to the child rows pointing at it).

import { api } from './api.js';
import { $, asText, el, say } from './dom.js';
import { OPERATORS, PAGE_SIZE, state, tableOf } from './state.js';
import { openEditor } from './editor.js';
import { stage } from './changes.js';

export function renderTables() {
  const nav = $('tables');
  nav.replaceChildren(
    ...state.schema.tables.map((t) =>
      el('button', {
        type: 'button',
        text: t.name,
        class: state.table?.key === t.key ? 'active' : null,
        dataset: { table: t.key },
        on: { click: () => openTable(t.key, []) },
      }),
    ),
  );
}

async function openTable(key, filters) {
  state.table = tableOf(key);
  state.filters = filters;
  state.sort = [];
  state.offset = 0;
  state.editing = null;
  renderTables();
  renderFilterForm();
  await loadRows();
}

export async function loadRows() {
  const t = state.table;
  try {
    const page = await api('POST', '/api/rows', {
      table: t.key,
      filters: state.filters,
      sort: state.sort,
      limit: PAGE_SIZE,
      offset: state.offset,
    });
    state.rows = page.rows;
    state.total = page.total;
    renderGrid();
  } catch (error) {
    say(error.message, 'error');
  }
}

function renderFilterForm() {
  const t = state.table;
  $('table-title').textContent = t.name;
  $('new-row').hidden = false;
  $('filter-form').hidden = false;
  $('filter-column').replaceChildren(
    ...t.columns.map((c) => el('option', { value: c.name, text: c.name })),
  );
  $('filter-op').replaceChildren(
    ...state.schema.operators.map((op) => el('option', { value: op, text: OPERATORS[op] ?? op })),
  );
}

function renderFilters() {
  $('filters').replaceChildren(
    ...state.filters.map((f, i) =>
      el(
        'span',
        { class: 'chip', dataset: { testid: 'filter' } },
        `${f.column} ${OPERATORS[f.op] ?? f.op} ${f.value === undefined ? '' : asText(f.value)}`,
        el('button', {
          type: 'button',
          text: '×',
          title: 'remove this filter',
          on: {
            click: () => {
              state.filters.splice(i, 1);
              state.offset = 0;
              loadRows();
            },
          },
        }),
      ),
    ),
  );
}

function renderGrid() {
  const t = state.table;
  renderFilters();
  const header = el(
    'tr',
    {},
    el('th', { text: '' }),
    ...t.columns.map((c) => {
      const sorted = state.sort.find((s) => s.column === c.name);
      const arrow = sorted ? (sorted.direction === 'asc' ? ' ▲' : ' ▼') : '';
      return el(
        'th',
        {
          dataset: { column: c.name },
          title: c.note ?? c.type,
          // JSON, bytes and arrays have no order to sort by.
          on: sortable(c) ? { click: () => toggleSort(c.name) } : {},
        },
        `${c.name}${arrow} `,
        el('span', { class: 'type', text: c.type }),
      );
    }),
    t.children.length > 0 ? el('th', { text: 'children' }) : null,
  );
  $('grid').tHead.replaceChildren(header);
  $('grid').tBodies[0].replaceChildren(...state.rows.map((row) => renderRow(t, row)));
  const first = state.total === 0 ? 0 : state.offset + 1;
  $('pager').hidden = false;
  $('page-info').textContent =
    `rows ${first}–${state.offset + state.rows.length} of ${state.total}`;
  $('prev').disabled = state.offset === 0;
  $('next').disabled = state.offset + state.rows.length >= state.total;
}

function renderRow(t, row) {
  const editable = t.primaryKey.length > 0;
  const cells = t.columns.map((c) => {
    const value = row[c.name];
    const cell = el('td', { class: value === null ? 'null' : null, dataset: { column: c.name } });
    cell.textContent = value === null ? 'NULL' : asText(value, c);
    // A foreign key's value leads to the parent row it points at.
    for (const rel of t.parents.filter((r) => r.columns[0] === c.name)) {
      const values = rel.columns.map((name) => row[name]);
      if (values.some((v) => v === null)) continue;
      const parent = tableOf(rel.to);
      cell.append(
        el('a', {
          class: 'rel',
          text: `→ ${parent.name}`,
          dataset: { testid: 'parent-link' },
          title: `the ${parent.name} row this ${rel.columns.join(', ')} points at`,
          on: {
            click: () =>
              openTable(
                rel.to,
                rel.toColumns.map((column, i) => ({ column, op: 'eq', value: values[i] })),
              ),
          },
        }),
      );
    }
    return cell;
  });
  const actions = el(
    'td',
    { class: 'actions' },
    editable
      ? el('button', {
          type: 'button',
          text: 'Edit',
          on: { click: () => openEditor('update', row) },
        })
      : null,
    editable
      ? el('button', {
          type: 'button',
          text: 'Delete',
          on: { click: () => stage({ kind: 'delete', table: t.key, original: row }) },
        })
      : null,
  );
  const children =
    t.children.length === 0
      ? null
      : el(
          'td',
          {},
          ...t.children.map((rel) => {
            const values = rel.toColumns.map((name) => row[name]);
            const child = tableOf(rel.from);
            return el('a', {
              class: 'rel',
              text: `${child.name}.${rel.columns.join(',')}`,
              dataset: { testid: 'child-link' },
              title: `the ${child.name} rows whose ${rel.columns.join(', ')} point here`,
              on: {
                click: () =>
                  openTable(
                    rel.from,
                    rel.columns.map((column, i) => ({ column, op: 'eq', value: values[i] })),
                  ),
              },
            });
          }),
        );
  return el('tr', {}, actions, ...cells, children);
}

function sortable(column) {
  return !column.array && !['json', 'jsonb', 'bytes'].includes(column.logical);
}

function toggleSort(column) {
  const current = state.sort.find((s) => s.column === column);
  state.sort = [{ column, direction: current?.direction === 'asc' ? 'desc' : 'asc' }];
  state.offset = 0;
  loadRows();
}
