// dbgen studio's page: plain JavaScript, no framework and no build step. Every API call
// carries the token from the URL the CLI printed, in the X-Studio-Token header. Values from
// the database are only ever put into the page as text (textContent), never as HTML.

const TOKEN_KEY = 'dbgen-studio-token';
const PAGE_SIZE = 50;
const OPERATORS = {
  eq: '=',
  ne: '≠',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  contains: 'contains',
  isNull: 'is null',
  isNotNull: 'is not null',
};

// The token leaves the address bar (and the history) as soon as the page has it.
const fromUrl = new URLSearchParams(location.search).get('token');
if (fromUrl) {
  sessionStorage.setItem(TOKEN_KEY, fromUrl);
  history.replaceState(null, '', '/');
}
const token = sessionStorage.getItem(TOKEN_KEY) ?? '';

const state = {
  schema: null,
  table: null,
  filters: [],
  sort: [],
  offset: 0,
  total: 0,
  rows: [],
  editing: null,
};

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'on')
      for (const [event, fn] of Object.entries(value)) node.addEventListener(event, fn);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (value !== undefined && value !== null && value !== false)
      node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: {
      'X-Studio-Token': token,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) {
    const error = new Error(data.error ?? `HTTP ${response.status}`);
    error.data = data;
    throw error;
  }
  return data;
}

function say(text, kind = 'ok') {
  const box = $('message');
  box.textContent = text;
  box.className = kind;
}

function tableOf(key) {
  return state.schema.tables.find((t) => t.key === key);
}

/** A value as the user reads and types it. */
function asText(value, column) {
  if (value === null || value === undefined) return '';
  if (column && (column.logical === 'json' || column.logical === 'jsonb' || column.array))
    return JSON.stringify(value);
  if (typeof value === 'object' && '$base64' in value)
    return `(${atob(value.$base64).length} bytes)`;
  return String(value);
}

/** What the user typed, as the wire value of the column (the server checks it). */
function fromText(text, column) {
  if (column.logical === 'json' || column.logical === 'jsonb' || column.array) {
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`${column.name}: not valid JSON`);
    }
  }
  return text;
}

// ---- browsing ------------------------------------------------------------------------

function renderTables() {
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

async function loadRows() {
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

// ---- editing ---------------------------------------------------------------------------

function openEditor(kind, row) {
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

async function submitEditor(event) {
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

function closeEditor() {
  state.editing = null;
  $('editor').hidden = true;
}

async function stage(change) {
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

function renderChanges(changes, conflicts = []) {
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

async function commit() {
  try {
    const result = await api('POST', '/api/commit', {});
    renderChanges(result.changes);
    say(`committed ${result.committed} change(s) in one transaction`);
    if (state.table) await loadRows();
  } catch (error) {
    renderChanges((await api('GET', '/api/changes')).changes, error.data?.conflicts ?? []);
    say(error.message, 'error');
  }
}

async function discard() {
  const result = await api('POST', '/api/discard', {});
  renderChanges(result.changes);
  say(`discarded ${result.discarded} change(s); nothing was written`);
}

// ---- start -----------------------------------------------------------------------------

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
