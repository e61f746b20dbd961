/** Small statistics for benchmark figures: every figure in RESULTS.md is a median of alternating runs. */

export function median(values: readonly number[]): number {
  return percentile(values, 50)
}

/** Nearest-rank percentile (`p` from 0 to 100); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN
}

/**
 * The median of per-round ratios `a[i] / b[i]`: rounds ran back to back (A B A B …), so each pair saw the same
 * machine load, and the median of their ratios is steadier than the ratio of two medians.
 */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  const ratios: number[] = []
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]
    const y = b[i]
    if (x !== undefined && y !== undefined && Number.isFinite(x) && Number.isFinite(y) && y !== 0) ratios.push(x / y)
  }
  return median(ratios)
}
