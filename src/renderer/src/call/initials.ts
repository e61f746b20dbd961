/**
 * The letters shown in the circle on the other person's tile when their camera is off: the first character of the
 * first and of the last word ("Minji Kim" → "MK", "minji" → "M"), and for a name written without spaces in a
 * script without capitals, its first character ("김민지" → "김"), as Korean apps do. Characters are counted as a
 * person sees them (grapheme clusters), so an emoji or a letter with an accent stays whole. Empty for no name.
 */
export function initialsOf(name: string, locale?: string): string {
  const words = name.trim().split(/\s+/u).filter((word) => word.length > 0)
  const first = words[0]
  if (first === undefined) return ''
  const last = words.length > 1 ? words[words.length - 1] : undefined
  const letters = [firstGrapheme(first), last === undefined ? '' : firstGrapheme(last)].join('')
  return letters.toLocaleUpperCase(locale)
}

function firstGrapheme(word: string): string {
  if (typeof Intl.Segmenter === 'function') {
    for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(word)) return segment
    return ''
  }
  return Array.from(word)[0] ?? ''
}
