/**
 * Which MySQL/MariaDB errors end the session's whole transaction (the Connection then
 * refuses statements until rollback): a deadlock always, a lock wait timeout only when the
 * server runs with innodb_rollback_on_timeout (a startup option, so not testable against
 * the shared server: its answer is stubbed here).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mysqlEndsTransaction } from '../../../packages/runtime/src/dialects/mysql/errors.js';

const on = async () => true;
const off = async () => false;
const unasked = async () => assert.fail('asked the server for an error that does not need it');

test('a deadlock (1213) ends the transaction, without asking the server', async () => {
  assert.equal(await mysqlEndsTransaction({ errno: 1213 }, unasked), true);
});

test('a lock wait timeout (1205) ends it only with innodb_rollback_on_timeout', async () => {
  assert.equal(await mysqlEndsTransaction({ errno: 1205 }, on), true);
  assert.equal(await mysqlEndsTransaction({ errno: 1205 }, off), false);
});

test('other errors leave the transaction open', async () => {
  for (const error of [{ errno: 1062 }, { errno: 1317 }, { errno: 1305 }, null, new Error('x')])
    assert.equal(await mysqlEndsTransaction(error, unasked), false);
});
