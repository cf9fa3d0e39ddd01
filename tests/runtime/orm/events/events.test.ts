// Lifecycle events on every dialect: the documented order, the objects and changes each
// handler sees, what before/after-flush handlers may do, and that a failing handler
// leaves the database untouched and the session usable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect, selectinload, SessionEvents, type Session } from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { Article, Audit, Author, Label } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  async function seed(): Promise<void> {
    await t.run(
      "insert into authors (tenant_id, name) values (1, 'Ann')",
      "insert into articles (tenant_id, author_id, title) values (1, (select id from authors where name = 'Ann'), 'A1')",
      "insert into labels (tenant_id, name) values (1, 'old')",
    );
  }

  /** Every event as `name Model` in firing order, into `log`. */
  function recordAll(s: Session, log: string[]): void {
    for (const e of ['beforeFlush', 'afterFlush', 'afterCommit', 'afterRollback'] as const)
      s.on(e, () => void log.push(e));
    for (const e of [
      'beforeInsert',
      'afterInsert',
      'beforeUpdate',
      'afterUpdate',
      'beforeDelete',
      'afterDelete',
      'load',
    ] as const)
      s.on(e, ({ object }) => void log.push(`${e} ${object.constructor.name}`));
  }

  test('a flush fires its events in the documented order, with the objects and their changes', async () => {
    await seed();
    const s = t.session();
    const log: string[] = [];
    const [article] = await s.query(Article).all();
    const [label] = await s.query(Label).all();
    recordAll(s, log);
    const updates: unknown[] = [];
    s.on('afterUpdate', Article, ({ object, changes }) => {
      assert.equal(object, article);
      updates.push(changes);
    });
    let flushed: unknown = null;
    s.on('afterFlush', ({ inserted, updated, deleted }) => {
      flushed = {
        inserted: inserted.map((i) => [i.object, i.changes['name']]),
        updated: updated.map((u) => [u.object, u.changes]),
        deleted,
      };
    });
    const bob = new Author({ name: 'Bob', tenantId: 1 });
    s.add(bob);
    article!.title = 'A1b';
    s.delete(label!);
    await s.commit();
    assert.deepEqual(log, [
      'beforeFlush',
      'beforeInsert Author',
      'afterInsert Author',
      'beforeUpdate Article',
      'afterUpdate Article',
      'beforeDelete Label',
      'afterDelete Label',
      'afterFlush',
      'afterCommit',
    ]);
    assert.deepEqual(updates, [{ title: { old: 'A1', new: 'A1b' } }]);
    assert.deepEqual(flushed, {
      inserted: [[bob, { old: undefined, new: 'Bob' }]],
      updated: [[article, { title: { old: 'A1', new: 'A1b' } }]],
      deleted: [label],
    });
    assert.equal(typeof bob.id, 'number', 'afterInsert ran after the key came back');
  });

  test('beforeFlush may add and change objects; beforeUpdate may change more columns', async () => {
    await seed();
    const s = t.session();
    s.on('beforeFlush', ({ session, dirty }) => {
      for (const o of dirty) if (o instanceof Article) o.title = o.title.toUpperCase();
      session.add(new Audit({ action: 'flush', model: '*', detail: `${dirty.length} dirty` }));
    });
    s.on('beforeUpdate', Article, ({ object, changes }) => {
      assert.deepEqual(Object.keys(changes), ['title']);
      object.deletedAt = null;
      object.authorId = object.authorId; // no change: not written
    });
    const article = (await s.query(Article).one())!;
    article.title = 'shout';
    await s.commit();
    assert.deepEqual(
      (await t.rows('select title from articles')).map((r) => r['title']),
      ['SHOUT'],
    );
    assert.deepEqual(
      (await t.rows('select action, detail from audit')).map((r) => [r['action'], r['detail']]),
      [['flush', '1 dirty']],
    );
  });

  test('afterFlush may add objects (an audit log): they are flushed in a second pass', async () => {
    await seed();
    const s = t.session();
    const passes: number[] = [];
    s.on('afterFlush', ({ session, inserted, updated }) => {
      passes.push(inserted.length + updated.length);
      for (const { object, changes } of [...inserted, ...updated]) {
        if (object instanceof Audit) continue;
        session.add(
          new Audit({
            action: inserted.some((i) => i.object === object) ? 'insert' : 'update',
            model: object.constructor.name,
            detail: JSON.stringify(Object.keys(changes)),
          }),
        );
      }
    });
    const article = await s.query(Article).one();
    s.add(new Author({ name: 'Cy', tenantId: 1 }));
    article.title = 'A2';
    await s.commit();
    assert.deepEqual(passes, [2, 2]);
    const rows = await t.rows('select action, model, detail from audit order by id');
    assert.deepEqual(
      rows.map((r) => [r['action'], r['model'], r['detail']]),
      [
        ['insert', 'Author', '["id","tenantId","name","deletedAt"]'],
        ['update', 'Article', '["title"]'],
      ],
    );
  });

  test('per-model handlers see only their model; the remover takes a handler off', async () => {
    const s = t.session();
    const seen: string[] = [];
    const off = s.on('beforeInsert', Label, ({ object }) => void seen.push(object.name));
    s.add(new Label({ name: 'x', tenantId: 1 }));
    s.add(new Author({ name: 'not a label', tenantId: 1 }));
    await s.flush();
    off();
    s.add(new Label({ name: 'y', tenantId: 1 }));
    await s.flush();
    assert.deepEqual(seen, ['x']);
  });

  for (const where of ['beforeFlush', 'beforeInsert', 'afterInsert', 'afterFlush'] as const) {
    test(`an error thrown (async) in ${where} rolls the flush back and reaches the caller unchanged`, async () => {
      await seed();
      const s = t.session();
      const boom = new Error(`no (${where})`);
      const log: string[] = [];
      s.on('afterRollback', () => void log.push('afterRollback'));
      const fail = async (): Promise<void> => {
        await Promise.resolve();
        throw boom;
      };
      const off =
        where === 'beforeFlush' || where === 'afterFlush' ? s.on(where, fail) : s.on(where, fail);
      const ann = await s.query(Author).one();
      ann.name = 'Ann2';
      const cy = new Author({ name: 'Cy', tenantId: 1 });
      s.add(cy);
      await assert.rejects(s.commit(), (e) => e === boom);
      assert.deepEqual(log, ['afterRollback']);
      assert.deepEqual(
        (await t.rows('select name from authors order by id')).map((r) => r['name']),
        ['Ann'],
        'nothing written',
      );
      // The session is usable: the new object is transient again, the change still unflushed.
      assert.equal(inspect(cy).status, 'transient');
      assert.equal(ann.name, 'Ann2');
      off();
      s.add(cy);
      await s.commit();
      assert.deepEqual(
        (await t.rows('select name from authors order by id')).map((r) => r['name']),
        ['Ann2', 'Cy'],
      );
    });
  }

  test('load fires once per object hydrated (query, get, relation load), not for identity-map hits', async () => {
    await seed();
    const s = t.session();
    const loaded: string[] = [];
    s.on('load', ({ object }) => {
      loaded.push(`${object.constructor.name}`);
    });
    const [ann] = await s.query(Author).options(selectinload('articles')).all();
    assert.deepEqual(loaded, ['Author', 'Article']);
    assert.equal(await s.get(Author, ann!.id), ann);
    await s.query(Author).all();
    assert.deepEqual(loaded, ['Author', 'Article'], 'objects already mapped do not load again');
    await s.get(Label, (await t.rows('select id from labels'))[0]!['id']);
    assert.deepEqual(loaded, ['Author', 'Article', 'Label']);
  });

  test('a shared registry serves many sessions, before each session’s own handlers', async () => {
    const shared = new SessionEvents<Session>();
    const log: string[] = [];
    shared.on('afterInsert', Label, ({ object }) => void log.push(`shared ${object.name}`));
    const a = t.session({ events: shared });
    a.on('afterInsert', Label, ({ object }) => void log.push(`own ${object.name}`));
    a.add(new Label({ name: 'a', tenantId: 1 }));
    await a.commit();
    const b = t.session({ events: shared });
    b.add(new Label({ name: 'b', tenantId: 1 }));
    await b.commit();
    assert.deepEqual(log, ['shared a', 'own a', 'shared b']);
  });

  test('unknown event names and misplaced models are rejected', () => {
    const s = t.session();
    // Per-model handlers are typed by the model: its object, and changes keyed by its columns.
    s.on('beforeUpdate', Article, ({ object, changes }) => {
      const title: string | undefined = changes.title?.new;
      void [object.author, title];
      // @ts-expect-error: `name` is not a column of Article
      void changes.name;
    });
    assert.throws(() => s.on('afterSave' as never, () => undefined), /unknown event 'afterSave'/);
    assert.throws(
      () => s.on('afterFlush' as never, Label as never, (() => undefined) as never),
      /session event: it takes no model/,
    );
  });
});
