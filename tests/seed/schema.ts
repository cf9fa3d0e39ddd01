/** The schema the seed tests load: every kind of ordering problem a seed meets. */
export const SEED_SCHEMA = `
Table users {
  id integer [pk, increment]
  email varchar(100) [not null, unique]
  active boolean [not null, default: true]
  joined_at timestamp [not null]
  balance decimal(10, 2) [not null, default: 0]
  points bigint [not null, default: 0]
  settings json
  favorite_post_id integer [null, note: 'closes a cycle users <-> posts']

  records (id, email, active, joined_at, balance, points, settings, favorite_post_id) {
    1, 'ada@example.org', true, '2024-01-02 10:30:00', 12.50, 9007199254740993, '{"theme": "dark"}', 2
    2, 'bob@example.org', false, '2024-02-03 08:00:00', 0, 0, null, null
  }
}

Table categories {
  id integer [pk]
  parent_id integer [null, ref: > categories.id]
  name varchar(50) [not null]

  // a child before its parent: the parent key is set after every row exists
  records (id, parent_id, name) {
    3, 1, 'SQL'
    1, null, 'Databases'
    2, 1, 'ORMs'
  }
}

Table posts {
  id integer [pk, increment]
  author_id integer [not null, ref: > users.id]
  category_id integer [null, ref: > categories.id]
  title varchar(200) [not null]

  records (id, author_id, category_id, title) {
    1, 1, 3, 'Joins explained'
    2, 1, 2, 'Unit of work'
    3, 2, null, 'Hello'
  }
}

Table tags {
  name varchar(30) [pk]
  records (name) {
    'sql'
    'orm'
  }
}

Table post_tags {
  post_id integer [not null, ref: > posts.id]
  tag_name varchar(30) [not null, ref: > tags.name]
  indexes { (post_id, tag_name) [pk] }
  records (post_id, tag_name) {
    1, 'sql'
    2, 'orm'
    2, 'sql'
  }
}

Table comments {
  id integer [pk, increment]
  post_id integer [not null, ref: > posts.id]
  body text [not null]
}

Ref: users.favorite_post_id > posts.id
`;
