/** How RESULTS.md writes numbers: grouped digits, a dash for a figure that is missing, ratios with a ×. */

/** A ratio, or a dash when there is none (a figure that is zero or missing on one side). */
export function times(ratio: number): string {
  return Number.isFinite(ratio) ? `${fmt(ratio, 2)}×` : '—'
}

export function fmt(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '—'
  return value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}
