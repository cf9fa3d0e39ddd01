/**
 * The answers of `migrate new`'s rename prompt and `migrate up`'s drop prompt: the safe
 * answer (keep the data) is the default, a drop needs an explicit answer, and anything
 * unclear asks again. (tests/migrate/tty.test.ts asks them on a real terminal.)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  readRenameAnswer,
  renameQuestion,
} from '../../packages/cli/src/commands/migrate/renames.js';
import { readDropAnswer } from '../../packages/cli/src/commands/migrate/prompt.js';

describe('the rename prompt', () => {
  test('one candidate: Enter and y mean renamed; n and drop mean dropped', () => {
    for (const answer of ['', 'y', 'Y', 'yes', ' full_name ', 'users.full_name']) {
      assert.deepEqual(readRenameAnswer(answer, ['full_name']), {
        kind: 'rename',
        to: 'full_name',
      });
    }
    for (const answer of ['n', 'No', 'drop', 'dropped']) {
      assert.deepEqual(readRenameAnswer(answer, ['full_name']), { kind: 'drop' });
    }
    assert.equal(
      renameQuestion('column public.users.name', ['full_name']),
      'Was column public.users.name renamed to full_name? [Y/n] (n: it was dropped, its data is lost)',
    );
  });

  test('several candidates: Enter cannot choose and asks again; a name chooses', () => {
    const added = ['full_name', 'nickname'];
    assert.equal(readRenameAnswer('', added).kind, 'unclear');
    assert.equal(readRenameAnswer('y', added).kind, 'unclear');
    assert.deepEqual(readRenameAnswer('nickname', added), { kind: 'rename', to: 'nickname' });
    assert.deepEqual(readRenameAnswer('drop', added), { kind: 'drop' });
  });

  test('an unknown answer asks again, naming the choices', () => {
    assert.deepEqual(readRenameAnswer('maybe', ['full_name']), {
      kind: 'unclear',
      why: '"maybe" is not one of full_name; type one of them, or "drop"',
    });
  });
});

describe('the drop prompt', () => {
  test('Enter and n keep; only y drops; anything else asks again', () => {
    assert.equal(readDropAnswer('').kind, 'keep');
    assert.equal(readDropAnswer('n').kind, 'keep');
    assert.equal(readDropAnswer('yes').kind, 'drop');
    assert.equal(readDropAnswer('sure').kind, 'unclear');
  });
});
