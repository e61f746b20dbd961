/**
 * The quality panel's numbers in the reader's locale (`Intl.NumberFormat`): "12 ms", "1.2 Mb/s", "0.5%",
 * "640×480". Pure: the locale is an argument, so tests check both languages.
 */
import type { Locale } from '../../../shared/language'

/** Milliseconds, whole above 10 and with one decimal below (a loopback call measures fractions of one). */
export function formatMilliseconds(ms: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'millisecond', maximumFractionDigits: ms < 10 ? 1 : 0 }).format(ms)
}

/** A percentage given as 0–100. */
export function formatPercent(percent: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(percent / 100)
}

/** Bits per second, as kb/s below a megabit and Mb/s from there. */
export function formatBitrate(bitsPerSecond: number, locale: Locale): string {
  if (bitsPerSecond >= 1_000_000) {
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabit-per-second', maximumFractionDigits: 1 }).format(bitsPerSecond / 1_000_000)
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobit-per-second', maximumFractionDigits: 0 }).format(bitsPerSecond / 1000)
}

/** "640×480": no digit grouping, since a resolution is a pair of sizes, not amounts. */
export function formatResolution(width: number, height: number, locale: Locale): string {
  const format = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 0 })
  return `${format.format(width)}×${format.format(height)}`
}

export function formatCount(value: number, locale: Locale, fractionDigits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value)
}
