// Fixture schema of the events and default-criteria tests: tenant-owned tables (every
// one has tenant_id), two of them soft-deleting (`@dbgen softDelete: deleted_at`), a
// many-to-many link table that is tenant-owned too, and an audit table that is not.
// Models are written as `dbgen generate` emits them (docs/contracts.md).
import { defineTable, Model, registerModel, type Column, type TableIR } from '@dbgen/runtime';
import type { TestDialect } from '../../../support/databases.js';
import { column, foreignKey, id, relation, table } from '../../../support/ir.js';

type C<T> = Column<T>;

/** The table as `@dbgen softDelete: <column>` on its note makes it. */
const softDeleting = (t: TableIR, column = 'deleted_at'): TableIR => ({
  ...t,
  orm: { ...t.orm, softDeleteColumn: column },
});

const tenant = () => column('tenant_id', 'integer');
const deletedAt = () => column('deleted_at', 'timestamp', { nullable: true });

export const authorsIR = softDeleting(
  table('authors', [id(), tenant(), column('name', 'text'), deletedAt()], {
    className: 'Author',
    relations: [
      relation('articles', 'one-to-many', 'articles', ['id'], ['author_id'], {
        inverse: 'author',
        orphan: 'delete',
      }),
    ],
  }),
);

export const articlesIR = softDeleting(
  table(
    'articles',
    [id(), tenant(), column('author_id', 'integer'), column('title', 'text'), deletedAt()],
    {
      className: 'Article',
      foreignKeys: [foreignKey(['author_id'], 'authors', ['id'], { onDelete: 'cascade' })],
      relations: [
        relation('author', 'many-to-one', 'authors', ['author_id'], ['id'], {
          inverse: 'articles',
        }),
        relation('labels', 'many-to-many', 'labels', ['id'], ['id'], {
          inverse: 'articles',
          through: {
            table: 'public.article_labels',
            localColumns: ['article_id'],
            targetColumns: ['label_id'],
          },
        }),
      ],
    },
  ),
);

export const labelsIR = table('labels', [id(), tenant(), column('name', 'text')], {
  className: 'Label',
  relations: [
    relation('articles', 'many-to-many', 'articles', ['id'], ['id'], {
      inverse: 'labels',
      through: {
        table: 'public.article_labels',
        localColumns: ['label_id'],
        targetColumns: ['article_id'],
      },
    }),
  ],
});

export const articleLabelsIR = table(
  'article_labels',
  [
    column('article_id', 'integer', { primaryKey: true }),
    column('label_id', 'integer', { primaryKey: true }),
    tenant(),
  ],
  {
    className: 'ArticleLabel',
    isJoinTable: true,
    foreignKeys: [
      foreignKey(['article_id'], 'articles', ['id'], { onDelete: 'cascade' }),
      foreignKey(['label_id'], 'labels', ['id'], { onDelete: 'cascade' }),
    ],
  },
);

/** Soft delete by a boolean column (set to true). */
export const notesIR = softDeleting(
  table('notes', [id(), tenant(), column('body', 'text'), column('removed', 'boolean')], {
    className: 'Note',
  }),
  'removed',
);

export const auditIR = table(
  'audit',
  [id(), column('action', 'text'), column('model', 'text'), column('detail', 'text')],
  { className: 'Audit' },
);

export const authors = defineTable<{
  id: C<number>;
  tenantId: C<number>;
  name: C<string>;
  deletedAt: C<Date | null>;
}>(authorsIR);
export const articles = defineTable<{
  id: C<number>;
  tenantId: C<number>;
  authorId: C<number>;
  title: C<string>;
  deletedAt: C<Date | null>;
}>(articlesIR);
export const labels = defineTable<{ id: C<number>; tenantId: C<number>; name: C<string> }>(
  labelsIR,
);
export const articleLabels = defineTable<{
  articleId: C<number>;
  labelId: C<number>;
  tenantId: C<number>;
}>(articleLabelsIR);
export const audit = defineTable<{
  id: C<number>;
  action: C<string>;
  model: C<string>;
  detail: C<string>;
}>(auditIR);

export const notes = defineTable<{
  id: C<number>;
  tenantId: C<number>;
  body: C<string>;
  removed: C<boolean>;
}>(notesIR);

export class Note extends Model {
  static readonly c = notes;
  declare id: number;
  declare tenantId: number;
  declare body: string;
  declare removed: boolean;
  constructor(init: { body: string; removed: boolean; tenantId?: number }) {
    super(init);
  }
}

export class Author extends Model {
  static readonly c = authors;
  declare id: number;
  declare tenantId: number;
  declare name: string;
  declare deletedAt: Date | null;
  declare articles: Article[];
  constructor(init: { name: string; tenantId?: number; id?: number; articles?: Article[] }) {
    super(init);
  }
}
export class Article extends Model {
  static readonly c = articles;
  declare id: number;
  declare tenantId: number;
  declare authorId: number;
  declare title: string;
  declare deletedAt: Date | null;
  declare author: Author;
  declare labels: Label[];
  constructor(init: {
    title: string;
    tenantId?: number;
    authorId?: number;
    author?: Author;
    labels?: Label[];
  }) {
    super(init);
  }
}
export class Label extends Model {
  static readonly c = labels;
  declare id: number;
  declare tenantId: number;
  declare name: string;
  declare articles: Article[];
  constructor(init: { name: string; tenantId?: number }) {
    super(init);
  }
}
export class ArticleLabel extends Model {
  static readonly c = articleLabels;
  declare articleId: number;
  declare labelId: number;
  declare tenantId: number;
}
export class Audit extends Model {
  static readonly c = audit;
  declare id: number;
  declare action: string;
  declare model: string;
  declare detail: string;
  constructor(init: { action: string; model: string; detail: string }) {
    super(init);
  }
}
registerModel(Author, authors, { articles: () => Article });
registerModel(Article, articles, { author: () => Author, labels: () => Label });
registerModel(Label, labels, { articles: () => Article });
registerModel(ArticleLabel, articleLabels, {});
registerModel(Audit, audit, {});
registerModel(Note, notes, {});

const KEY: Record<TestDialect, string> = {
  sqlite: 'integer primary key autoincrement',
  postgres: 'integer generated by default as identity primary key',
  mysql: 'integer auto_increment primary key',
};
const TIME: Record<TestDialect, string> = {
  sqlite: 'timestamp',
  postgres: 'timestamp',
  mysql: 'datetime(3)',
};

/** The fixture's DDL for a dialect. */
export function ddl(dialect: TestDialect): string[] {
  const k = KEY[dialect];
  const t = TIME[dialect];
  return [
    `create table authors (id ${k}, tenant_id integer not null, name text not null, deleted_at ${t} null)`,
    `create table articles (id ${k}, tenant_id integer not null, author_id integer not null references authors(id) on delete cascade, title text not null, deleted_at ${t} null)`,
    `create table labels (id ${k}, tenant_id integer not null, name text not null)`,
    `create table article_labels (article_id integer not null references articles(id) on delete cascade, label_id integer not null references labels(id) on delete cascade, tenant_id integer not null, primary key (article_id, label_id))`,
    `create table audit (id ${k}, action text not null, model text not null, detail text not null)`,
    `create table notes (id ${k}, tenant_id integer not null, body text not null, removed boolean not null default false)`,
  ];
}

export const TABLES = ['article_labels', 'articles', 'labels', 'authors', 'audit', 'notes'];
