/** Why a value does not fit its column: what was expected, and what was given (if not just the value). */
export interface Misfit {
  readonly expected: string;
  readonly received?: string;
}
