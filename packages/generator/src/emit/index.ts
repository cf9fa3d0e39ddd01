// Public API of the emit area; see docs/contracts.md.
export {};
