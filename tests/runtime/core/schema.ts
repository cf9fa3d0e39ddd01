// The tables the core tests share (as a generated client would define them).
import { defineTable, type Column } from '@dbgen/runtime';
import { col, tableIR } from './fixtures.js';

export interface UsersColumns {
  readonly id: Column<number>;
  readonly email: Column<string>;
  readonly name: Column<string | null>;
  readonly createdAt: Column<Date>;
}
export const users = defineTable<UsersColumns>(
  tableIR('users', [
    col('id', 'integer', { primaryKey: true, autoIncrement: true }),
    col('email', 'varchar', { unique: true }),
    col('name', 'text', { nullable: true }),
    col('created_at', 'timestamptz'),
  ]),
);

export interface PostsColumns {
  readonly id: Column<number>;
  readonly authorId: Column<number>;
  readonly title: Column<string>;
  readonly score: Column<number>;
  readonly views: Column<bigint>;
}
export const posts = defineTable<PostsColumns>(
  tableIR('posts', [
    col('id', 'integer', { primaryKey: true }),
    col('author_id', 'integer'),
    col('title', 'text'),
    col('score', 'integer'),
    col('views', 'bigint'),
  ]),
);

export interface AuditLogColumns {
  readonly id: Column<number>;
  readonly message: Column<string>;
}
export const auditLog = defineTable<AuditLogColumns>(
  tableIR('log', [col('id', 'integer', { primaryKey: true }), col('message', 'text')], 'audit'),
);
