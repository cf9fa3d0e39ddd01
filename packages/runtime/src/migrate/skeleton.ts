/**
 * The comment a hand-written migration (`dbgen migrate new --empty`) starts with: what
 * `up` and `down` may hold, DDL and data steps, so that the file shows how to fill it in.
 */
export const HAND_WRITTEN_HINT = `// A hand-written migration. Operations run in order, in one transaction where the
// database allows; a data step commits what came before it, then works batch by batch:
//
//   export const up = (op) => [
//     op.addColumn('users', { name: 'first_name', type: 'text' }),
//     op.batch({
//       table: 'users', // walked in primary-key order, batchSize rows at a time
//       batchSize: 1000,
//       update: (rows) =>
//         rows.map((row) => ({ id: row.id, first_name: row.name.split(' ')[0] })),
//     }),
//     op.data('one-off fix', async ({ db, q }) => {
//       await db.execute(q.sql\`UPDATE users SET first_name = 'n/a' WHERE first_name = ''\`);
//     }),
//   ];
//
// A failed or interrupted data step resumes after its last committed batch when the same
// command runs again. See docs/migrations.md ("Data migrations").

`;
