// Public API of the ir area; see docs/contracts.md.
export {};
