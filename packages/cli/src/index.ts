/** @dbgen/cli: the `dbgen` command line, also callable as a function for tests and tools. */
export { main } from './main.js';
export {
  startStudio,
  TOKEN_HEADER,
  type RunningStudio,
  type StudioOptions,
} from './studio/server.js';
