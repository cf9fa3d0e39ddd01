/**
 * Date/time text formats shared by the dialects. Conventions (documented in
 * docs/runtime-core.md): `date` values are Dates at UTC midnight; `timestamp` (without
 * time zone) values are read and written as UTC; `timestamptz` values are instants.
 */

import { fixedLayoutUtc } from './fixed-timestamp.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a Date's UTC calendar day. */
export function formatDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `YYYY-MM-DDTHH:MM:SS.sss` in UTC, without a zone (for timestamp without time zone). */
export function formatUtcTimestamp(d: Date): string {
  return d.toISOString().slice(0, -1);
}

/** Parses `YYYY-MM-DD` as UTC midnight. */
export function parseDate(text: string): Date {
  return new Date(`${text.slice(0, 10)}T00:00:00Z`);
}

const HAS_ZONE = /(?:Z|[+-]\d\d(?::?\d\d)?)$/;

/** Parses an ISO-8601 / SQL timestamp; text without a zone is taken as UTC. */
export function parseTimestamp(text: string): Date {
  // The layouts the dialects store, without building a string (fixed-timestamp.ts).
  const utc = fixedLayoutUtc(text);
  if (!Number.isNaN(utc)) return new Date(utc);
  let iso = text.length > 10 && text[10] === ' ' ? `${text.slice(0, 10)}T${text.slice(11)}` : text;
  if (iso.length === 10) iso += 'T00:00:00';
  if (!HAS_ZONE.test(iso)) iso += 'Z';
  // PostgreSQL prints offsets as `+01`; Date wants `+01:00`.
  else if (/[+-]\d\d$/.test(iso)) iso += ':00';
  return new Date(iso);
}
