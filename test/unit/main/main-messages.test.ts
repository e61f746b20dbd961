import { describe, expect, it } from 'vitest'
import { MAIN_MESSAGES, mainText, type MainMessages } from '../../../src/main/i18n/main-messages'
import { LOCALES } from '../../../src/shared/language'

type Tree = { readonly [key: string]: unknown }

/** Every leaf as [path, words]; a function is called with a sample value. */
function leaves(tree: Tree, path = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]): Array<[string, string]> => {
    if (typeof value === 'function') return [[`${path}${key}`, String((value as (sample: unknown) => unknown)(2))]]
    if (typeof value === 'object' && value !== null) return leaves(value as Tree, `${path}${key}.`)
    return [[`${path}${key}`, String(value)]]
  })
}

describe('mainText', () => {
  it('has a catalog for every locale, with the same strings in each', () => {
    expect(Object.keys(MAIN_MESSAGES).sort()).toEqual([...LOCALES].sort())
    const paths = (messages: MainMessages) => leaves(messages as unknown as Tree).map(([path]) => path)
    expect(paths(mainText('ko'))).toEqual(paths(mainText('en')))
  })

  it('says every Korean string in Korean: no Latin letters but the access keys of menu names', () => {
    for (const [path, words] of leaves(mainText('ko') as unknown as Tree)) {
      expect({ path, empty: words.trim() === '', latin: /[A-Za-z]/.test(words.replace(/\(&[A-Z]\)$/, '')) }).toEqual({ path, empty: false, latin: false })
    }
  })

  it('gives each top-level Korean menu a distinct access key, as the English one has', () => {
    const keys = (messages: MainMessages) =>
      [messages.menu.file, messages.menu.edit, messages.menu.view, messages.devices.menu, messages.menu.window, messages.menu.help].map((label) =>
        /&(\w)/.exec(label)?.[1]?.toUpperCase(),
      )
    expect(keys(mainText('ko'))).toEqual(keys(mainText('en')))
    expect(new Set(keys(mainText('ko'))).size).toBe(6)
  })
})
