export { seedRecords, type SeedOptions, type SeedReport } from './seed.js';
export { SeedError } from './errors.js';
