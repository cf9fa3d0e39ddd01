/** @dbgen/cli: the `dbgen` command line, also callable as a function for tests and tools. */
export { main } from './main.js';
