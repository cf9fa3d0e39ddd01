import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  camelCase,
  className,
  pascalCase,
  pluralize,
  singularize,
} from '../../../packages/generator/src/ir/naming.js';

test('singularize: regular, -ies, -es, irregular, uncountable, already singular', () => {
  const cases: [string, string][] = [
    ['users', 'user'],
    ['posts', 'post'],
    ['categories', 'category'],
    ['addresses', 'address'],
    ['boxes', 'box'],
    ['matches', 'match'],
    ['wishes', 'wish'],
    ['statuses', 'status'],
    ['status', 'status'],
    ['people', 'person'],
    ['children', 'child'],
    ['news', 'news'],
    ['series', 'series'],
    ['analyses', 'analysis'],
    ['leaves', 'leaf'],
    ['movies', 'movie'],
    ['heroes', 'hero'],
    ['user', 'user'],
    ['class', 'class'],
    ['post_tags', 'post_tag'],
    ['user_categories', 'user_category'],
    ['PostTags', 'PostTag'],
    ['Users', 'User'],
    ['days', 'day'],
    ['keys', 'key'],
    ['data', 'datum'],
    ['metadata', 'metadata'],
  ];
  for (const [plural, singular] of cases) assert.equal(singularize(plural), singular, plural);
});

test('pluralize: regular, -y, -es, irregular, already plural', () => {
  const cases: [string, string][] = [
    ['post', 'posts'],
    ['category', 'categories'],
    ['day', 'days'],
    ['box', 'boxes'],
    ['match', 'matches'],
    ['status', 'statuses'],
    ['person', 'people'],
    ['child', 'children'],
    ['posts', 'posts'],
    ['post_tag', 'post_tags'],
    ['post_tags', 'post_tags'],
    ['reply', 'replies'],
    ['news', 'news'],
    ['analysis', 'analyses'],
    ['follows', 'follows'],
  ];
  for (const [singular, plural] of cases) assert.equal(pluralize(singular), plural, singular);
});

test('camelCase and pascalCase', () => {
  assert.equal(camelCase('created_at'), 'createdAt');
  assert.equal(camelCase('id'), 'id');
  assert.equal(camelCase('ID'), 'id');
  assert.equal(camelCase('userID'), 'userId');
  assert.equal(camelCase('HTTPCode'), 'httpCode');
  assert.equal(camelCase('full name'), 'fullName');
  assert.equal(camelCase('already_camelCase'), 'alreadyCamelCase');
  assert.equal(camelCase('2fa_secret'), '_2faSecret');
  assert.equal(camelCase('$weird'), '$weird');
  assert.equal(pascalCase('post_tags'), 'PostTags');
});

test('className: singular PascalCase of the table name', () => {
  assert.equal(className('users'), 'User');
  assert.equal(className('post_tags'), 'PostTag');
  assert.equal(className('categories'), 'Category');
  assert.equal(className('people'), 'Person');
  assert.equal(className('UserProfiles'), 'UserProfile');
  assert.equal(className('order_items'), 'OrderItem');
  assert.equal(className('status'), 'Status');
});
