// The tables the core tests share (as a generated client would define them).
import { defineTable, type Column } from '@dbgen/runtime';
import { column, table } from '../../support/ir.js';

export interface UsersColumns {
  readonly id: Column<number>;
  readonly email: Column<string>;
  readonly name: Column<string | null>;
  readonly createdAt: Column<Date>;
}
export const users = defineTable<UsersColumns>(
  table('users', [
    column('id', 'integer', { primaryKey: true, autoIncrement: true }),
    column('email', 'varchar', { unique: true }),
    column('name', 'text', { nullable: true }),
    column('created_at', 'timestamptz'),
  ]),
);

/**
 * A plain `users` table for {@link users} (created_at as text outside PostgreSQL, where the
 * dialect stores timestamps as text anyway), for suites that make their own.
 */
export function usersTableDdl(dialect: string): string {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return `create table "users" ("id" integer primary key, "email" text not null, "name" text, "created_at" ${ts} not null)`;
}

export interface PostsColumns {
  readonly id: Column<number>;
  readonly authorId: Column<number>;
  readonly title: Column<string>;
  readonly score: Column<number>;
  readonly views: Column<bigint>;
}
export const posts = defineTable<PostsColumns>(
  table('posts', [
    column('id', 'integer', { primaryKey: true }),
    column('author_id', 'integer'),
    column('title', 'text'),
    column('score', 'integer'),
    column('views', 'bigint'),
  ]),
);

export interface AuditLogColumns {
  readonly id: Column<number>;
  readonly message: Column<string>;
}
export const auditLog = defineTable<AuditLogColumns>(
  table('log', [column('id', 'integer', { primaryKey: true }), column('message', 'text')], {
    schema: 'audit',
  }),
);
