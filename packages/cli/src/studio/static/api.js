// The studio's API, called with the token from the URL the CLI printed, in the
// X-Studio-Token header (a header, not a cookie: no other site can make the browser send it).

const TOKEN_KEY = 'dbgen-studio-token';

// The token leaves the address bar (and the history) as soon as the page has it.
const fromUrl = new URLSearchParams(location.search).get('token');
if (fromUrl) {
  sessionStorage.setItem(TOKEN_KEY, fromUrl);
  history.replaceState(null, '', '/');
}
const token = sessionStorage.getItem(TOKEN_KEY) ?? '';

/** Calls the API; an answer that is not 2xx throws an Error with the server's message (and `data`). */
export async function api(method, path, body) {
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
