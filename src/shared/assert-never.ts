/** Compile-time exhaustiveness for `switch` over a discriminated union; throws if reached at run time. */
export function assertNever(value: never, context = 'value'): never {
  throw new Error(`Unexpected ${context}: ${JSON.stringify(value)}`)
}
