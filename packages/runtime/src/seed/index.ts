export { seedRecords, type SeedOptions, type SeedReport } from './seed.js';
export { SeedError } from './errors.js';
export { factory, type Factory, type FactoryModel, type FactoryOverrides } from './factory.js';
