/** A JSON value as `json`/`jsonb` columns hold it (parsed on read, serialised on write). */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
