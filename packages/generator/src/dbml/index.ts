// Public API of the dbml area; see docs/contracts.md.
export {};
