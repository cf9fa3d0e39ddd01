// The shape of the client `dbgen generate` emits for bench/peers/schema.dbml (its
// users.d.ts and posts.d.ts, written out): the peer bench generates the client into .tmp
// when it starts, so the type checker never sees the generated files themselves.
import type { ColumnsOf, GetMethod, InitOf, Model, Table } from '@dbgen/runtime';

export interface UserRow {
  id: number;
  email: string;
  name: string;
  createdAt: Date;
}

export interface PostRow {
  id: number;
  authorId: number;
  title: string;
  body: string;
  published: boolean;
}

export type PeerUser = Model & UserRow & { posts: PeerPost[] };
export type PeerPost = Model & PostRow & { author: PeerUser };

export interface PeerUserClass {
  new (init: InitOf<UserRow, 'email' | 'name'>): PeerUser;
  readonly c: Table<ColumnsOf<UserRow>>;
  get: GetMethod<PeerUser, [id: number]>;
}

export interface PeerPostClass {
  new (init: InitOf<PostRow, 'title' | 'body', { author?: PeerUser }>): PeerPost;
  readonly c: Table<ColumnsOf<PostRow>>;
}

/** What the generated index.js exports that the bench uses. */
export interface PeerClient {
  readonly users: Table<ColumnsOf<UserRow>>;
  readonly posts: Table<ColumnsOf<PostRow>>;
  readonly User: PeerUserClass;
  readonly Post: PeerPostClass;
}
