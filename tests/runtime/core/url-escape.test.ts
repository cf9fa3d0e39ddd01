// A MySQL/MariaDB URL whose user, password or database has a bad percent-escape (and a
// PostgreSQL URL whose database name has one: pg decodes only that) is
// refused when the engine is created, as a DatabaseUrlError naming the part and hiding the
// password, not at connect as a bare `URIError: URI malformed` from the driver.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DatabaseUrlError, createEngine, redactUrl } from '@dbgen/runtime';

const SECRET = 'Sup3rSecret';

function refusal(url: string): unknown {
  try {
    createEngine(url);
  } catch (error) {
    return error;
  }
  return null;
}

test('a bad percent-escape in a MySQL/MariaDB URL is a DatabaseUrlError naming the part', () => {
  const cases: [string, RegExp][] = [
    [`mysql://root:${SECRET}%zz@127.0.0.1:3306/test`, /its password has a bad percent-escape/],
    [`mariadb://root:${SECRET}%zz@127.0.0.1:3306/test`, /its password has a bad percent-escape/],
    ['mysql://ro%zzot@127.0.0.1:3306/test', /its user name has a bad percent-escape/],
    ['mysql://root@127.0.0.1:3306/te%zzst', /its database name has a bad percent-escape/],
  ];
  for (const [url, problem] of cases) {
    const error = refusal(url);
    assert.ok(error instanceof DatabaseUrlError, String(error));
    assert.match(error.message, problem);
    assert.match(error.message, /%25/);
    assert.ok(!error.message.includes(SECRET), error.message);
  }
});

test('a well-formed escape (%25, %40) in a MySQL/MariaDB password is accepted', async () => {
  const engine = createEngine(`mysql://root:p%25w%40rd@127.0.0.1:3306/test`);
  await engine.close();
});

test('a bad percent-escape in a PostgreSQL database name is a DatabaseUrlError too', () => {
  const error = refusal(`postgresql://postgres:${SECRET}@127.0.0.1:5432/te%zzst`);
  assert.ok(error instanceof DatabaseUrlError, String(error));
  assert.match(error.message, /its database name has a bad percent-escape/);
  assert.ok(!error.message.includes(SECRET), error.message);
});

test('redactUrl hides the password of a URL written without // after the scheme', () => {
  assert.equal(
    redactUrl(`postgresql:postgres:${SECRET}@127.0.0.1:5499/test`),
    'postgresql:postgres:***@127.0.0.1:5499/test',
  );
  assert.equal(
    redactUrl(`mysql://root:${SECRET}@127.0.0.1/test`),
    'mysql://root:***@127.0.0.1/test',
  );
  assert.equal(redactUrl('sqlite:./dev.db'), 'sqlite:./dev.db');
});
