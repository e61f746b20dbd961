/**
 * A call's running time as a clock shows it: `mm:ss`, then `h:mm:ss` from an
 * hour. The same digits in English and Korean, as phones in both show them. Negative or non-finite times
 * (a clock that moved back) read as 0:00.
 */
export function formatCallDuration(ms: number): string {
  const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  const two = (value: number) => String(value).padStart(2, '0')
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`
}
