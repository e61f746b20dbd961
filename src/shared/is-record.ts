/** A JSON object (not `null`, not an array): the first check on anything parsed from the other side. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
