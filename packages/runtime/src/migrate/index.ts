// Public API of the migrate area; see docs/contracts.md.
export {};
