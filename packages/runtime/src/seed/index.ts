export { seedRecords, type SeedOptions, type SeedReport } from './seed.js';
export { SeedError } from './errors.js';
export { factory, type Factory, type FactoryModel, type FactoryOverrides } from './factory.js';
// For `dbgen check`: it holds Records values and defaults to what the seed accepts.
export { recordValueProblem } from './record-values.js';
export { plainDecimal } from './decimal-text.js';
