// Public API of the core area; see docs/contracts.md.
export {};
