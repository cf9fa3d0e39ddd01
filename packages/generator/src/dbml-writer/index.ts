// Public API of the dbml-writer area (IR → DBML text, used by `dbgen pull`).
export { writeDbml } from './write.js';
