// Public API of the orm area; see docs/contracts.md.
export {};
