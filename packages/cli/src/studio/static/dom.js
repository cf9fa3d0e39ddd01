// Building the page. Values from the database are only ever put in as text (textContent),
// never as HTML.

export const $ = (id) => document.getElementById(id);

export function el(tag, props = {}, ...children) {
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

/** Tells the user what happened (`ok`) or went wrong (`error`). */
export function say(text, kind = 'ok') {
  const box = $('message');
  box.textContent = text;
  box.className = kind;
}

export function asText(value, column) {
  if (value === null || value === undefined) return '';
  // A document comes as the database's text (rows.ts), shown and sent back as it is.
  if (typeof value === 'object' && '$json' in value) return value.$json;
  if (column && (column.logical === 'json' || column.logical === 'jsonb' || column.array))
    return JSON.stringify(value);
  if (typeof value === 'object' && '$base64' in value)
    return `(${atob(value.$base64).length} bytes)`;
  return String(value);
}

/**
 * What the user typed, as the wire value of the column (the server checks it). A JSON
 * document goes as its text, `{ $json: text }`: JSON.parse here would round an integer
 * past 2^53 before the server could see its digits.
 */
export function fromText(text, column) {
  if (column.logical === 'json' || column.logical === 'jsonb' || column.array) {
    try {
      JSON.parse(text);
    } catch {
      throw new Error(`${column.name}: not valid JSON`);
    }
    return column.array ? JSON.parse(text) : { $json: text };
  }
  return text;
}
