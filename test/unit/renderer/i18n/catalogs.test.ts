import { readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { setCurrentLocale } from '../../../../src/renderer/src/i18n/current-locale.svelte'
import { callText } from '../../../../src/renderer/src/i18n/messages/call'
import { contactsText } from '../../../../src/renderer/src/i18n/messages/contacts'
import { homeText } from '../../../../src/renderer/src/i18n/messages/home'
import { mediaText } from '../../../../src/renderer/src/i18n/messages/media'
import { phoneText } from '../../../../src/renderer/src/i18n/messages/phone'
import { recentsText } from '../../../../src/renderer/src/i18n/messages/recents'
import { settingsText } from '../../../../src/renderer/src/i18n/messages/settings'
import type { Message, MessageTree } from '../../../../src/renderer/src/i18n/define-messages'
import { LOCALES, type Locale } from '../../../../src/shared/language'
import { describeMediaFailures } from '../../../../src/renderer/src/call/media-messages'
import { MediaErrorCode } from '../../../../src/renderer/src/call/media'
import { fallbackNotice } from '../../../../src/renderer/src/devices/device-notices'
import { describeRecent } from '../../../../src/renderer/src/phone/recent-words'
import { RoomEntryState } from '../../../../src/renderer/src/state/room-entry.svelte'
import { generateRoomCode } from '../../../../src/shared/room-code'

afterEach(() => setCurrentLocale('en'))

const CATALOGS = { callText, contactsText, homeText, mediaText, phoneText, recentsText, settingsText }

/** Every leaf, as [path, English, Korean]; functions are called with sample values. */
function leaves(en: MessageTree, ko: MessageTree, path = ''): Array<[string, string, string]> {
  return Object.keys(en).flatMap((key) => {
    const [a, b] = [en[key], ko[key]]
    if (typeof a === 'object' && typeof b === 'object') return leaves(a, b, `${path}${key}.`)
    const sample = (message: unknown): string =>
      typeof message === 'function' ? (message as (...values: unknown[]) => string)('video', 'Minji', 'Minji') : String(message)
    return [[`${path}${key}`, sample(a), sample(b)]]
  })
}

describe('the catalogs', () => {
  it('have a non-empty Korean word for every English one, with the same keys', () => {
    for (const [name, catalog] of Object.entries(CATALOGS)) {
      const { en, ko } = catalog.catalogs as { en: MessageTree; ko: MessageTree }
      for (const [path, english, korean] of leaves(en, ko)) {
        expect({ at: `${name}.${path}`, english: english.length > 0, korean: korean.length > 0 }).toEqual({ at: `${name}.${path}`, english: true, korean: true })
      }
    }
  })

  it('word a camera problem in Korean when the language is Korean', () => {
    const failures = [{ kind: 'video' as const, code: MediaErrorCode.NotFound, errorName: 'NotFoundError', deviceId: null }]
    expect(describeMediaFailures(failures, { os: 'web' })!.message).toMatch(/^No camera found\./)
    setCurrentLocale('ko')
    expect(describeMediaFailures(failures, { os: 'web' })!.message).toBe('카메라를 찾지 못했어요. 그래도 대화할 수 있어요. 음성으로만 통화해요.')
  })

  it('reword a device notice already on screen when the language changes', () => {
    const notice = fallbackNotice('camera', { deviceId: 'usb', label: 'USB Camera' }, { deviceId: 'cam', label: 'FaceTime HD Camera' })
    expect(notice.message).toBe('Your camera "USB Camera" is not connected; using "FaceTime HD Camera".')
    setCurrentLocale('ko')
    expect(notice.message).toBe('카메라 "USB Camera"이(가) 연결되어 있지 않아서 "FaceTime HD Camera"을(를) 사용해요.')
  })

  it('reword a room-code error already shown when the language changes', () => {
    const entry = new RoomEntryState('abc')
    entry.submit()
    expect(entry.problem).toBe('too-short')
    expect(entry.error).toMatch(/too short/)
    setCurrentLocale('ko')
    expect(entry.error).toMatch(/너무 짧아요/)
  })

  it('say when and how a recent call went in Korean', () => {
    setCurrentLocale('ko')
    const now = new Date(2026, 5, 15, 12).getTime()
    const row = describeRecent({ id: 'r1', code: generateRoomCode(), direction: 'incoming', outcome: 'answered', at: now - 5 * 60_000, durationMs: 65_000 } as never, [], now)
    expect([row.direction, row.outcome, row.when, row.duration]).toEqual(['수신 통화', '받음', '5분 전', '1분 5초'])
  })
})

/** Every catalog module in messages/, read from the directory so a new one is covered the day it is added. */
const MESSAGES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../src/renderer/src/i18n/messages')
const MODULE_FILES = readdirSync(MESSAGES_DIR).filter((file) => file.endsWith('.ts')).sort()

type Catalog = (() => MessageTree) & { readonly catalogs: Record<Locale, MessageTree> }

function isCatalog(value: unknown): value is Catalog {
  if (typeof value !== 'function' || !('catalogs' in value)) return false
  const catalogs = (value as { catalogs: unknown }).catalogs
  return typeof catalogs === 'object' && catalogs !== null && LOCALES.every((locale) => locale in catalogs)
}

/** `[module, export, catalog]` for every `defineMessages` catalog the modules export. */
async function allCatalogs(): Promise<Array<[string, string, Catalog]>> {
  const found: Array<[string, string, Catalog]> = []
  for (const file of MODULE_FILES) {
    const exports = (await import(/* @vite-ignore */ pathToFileURL(join(MESSAGES_DIR, file)).href)) as Record<string, unknown>
    for (const [name, value] of Object.entries(exports)) if (isCatalog(value)) found.push([file, name, value])
  }
  return found
}

/**
 * Values to word a message with: the first set whose result in both languages reads as words (no `undefined`,
 * `NaN` or `[object …]` from a value of the wrong kind) is used. A message none of them fits fails the test:
 * add a set here for it.
 */
const SAMPLE_VALUES: ReadonlyArray<readonly unknown[]> = [
  ['video', 'Minji', 'Minji'],
  ['camera', 'USB Camera', 'FaceTime HD Camera'],
  ['contacts', 'Minji', 'Minji'],
  ['contacts', { count: 2, of: 3 }, 'tonghwa.contacts.backup-1'],
  [3, 4, 5],
  ['Minji', 'Minji', 'Minji'],
]
const NOT_WORDS = /undefined|NaN|\[object /

interface Leaf {
  at: string
  en: Message | MessageTree | undefined
  ko: Message | MessageTree | undefined
}

/** Every leaf of the English tree with what the Korean tree has at the same place, and every key only Korean has. */
function pairLeaves(en: MessageTree, ko: MessageTree, path: string): Leaf[] {
  const keys = [...new Set([...Object.keys(en), ...Object.keys(ko)])]
  return keys.flatMap((key): Leaf[] => {
    const [a, b] = [en[key], ko[key]]
    const at = `${path}.${key}`
    if (typeof a === 'object' && typeof b === 'object') return pairLeaves(a, b, at)
    return [{ at, en: a, ko: b }]
  })
}

/** The words of a message in both languages, or null when no sample fits it. */
function word(en: Message, ko: Message): { en: string; ko: string; values: readonly unknown[] } | null {
  if (typeof en === 'string' && typeof ko === 'string') return { en, ko, values: [] }
  if (typeof en !== 'function' || typeof ko !== 'function') return null
  for (const values of SAMPLE_VALUES) {
    try {
      const words = [(en as (...v: unknown[]) => unknown)(...values), (ko as (...v: unknown[]) => unknown)(...values)]
      if (words.every((w) => typeof w === 'string' && !NOT_WORDS.test(w))) return { en: words[0] as string, ko: words[1] as string, values }
    } catch {
      // A value of the wrong kind for this message: try the next set.
    }
  }
  return null
}

/**
 * Korean words that are rightly the same as the English ones, each with why. Anything else equal in both
 * languages is taken for a string nobody translated.
 */
const SAME_IN_BOTH: Readonly<Record<string, string>> = {
  'media.ts:mediaText.notice.why.unknown': 'only the full stop that ends the sentence when the reason is unknown',
  'quality.ts:qualityText.candidateName.host': "WebRTC's name for the candidate type, shown as the standard spells it beside its meaning in words",
  'quality.ts:qualityText.candidateName.srflx': "WebRTC's name for the candidate type, shown as the standard spells it beside its meaning in words",
  'quality.ts:qualityText.candidateName.prflx': "WebRTC's name for the candidate type, shown as the standard spells it beside its meaning in words",
  'quality.ts:qualityText.candidateName.relay': "WebRTC's name for the candidate type, shown as the standard spells it beside its meaning in words",
  'call-screen.ts:callScreenText.withKeys': 'only brackets around the shortcut after a label that is already translated',
  'recents.ts:recentsText.grouped': 'only a count in brackets after a name, as phone apps show repeated calls in both languages',
}

/**
 * Latin text a Korean message may keep: names and codes that are not translated. Whatever is left once these and
 * the sample values are taken out must not hold an English phrase.
 */
const LATIN_KEPT_IN_KOREAN: ReadonlyArray<[string | RegExp, string]> = [
  ['7KD-93QF-XZ5', 'an example code, shown as the person will see a real one'],
  ['I, L, O, U', 'the letters a code leaves out, which are Latin letters'],
  ['A–Z', 'the range of letters a code uses'],
  [/\bhttps?\b/g, 'the scheme a secure page needs'],
]
/** Three Latin words in a row: an English phrase left in a Korean message. */
const ENGLISH_PHRASE = /[A-Za-z]+(?:[\s,'’-]+[A-Za-z]+){2,}/

describe('every catalog module in messages/', () => {
  it('exports at least one catalog with English and Korean, found by reading the directory', async () => {
    expect(MODULE_FILES.length).toBeGreaterThan(0)
    const catalogs = await allCatalogs()
    expect(MODULE_FILES.filter((file) => !catalogs.some(([module]) => module === file))).toEqual([])
  })

  it('has the same keys in Korean as in English, each a message of the same kind (text, function of the same arity, or group)', async () => {
    const mismatches: string[] = []
    for (const [file, name, catalog] of await allCatalogs()) {
      const { en, ko } = catalog.catalogs
      for (const leaf of pairLeaves(en, ko, `${file}:${name}`)) {
        const [a, b] = [leaf.en, leaf.ko]
        if (a === undefined || b === undefined) mismatches.push(`${leaf.at}: only in ${a === undefined ? 'Korean' : 'English'}`)
        else if (typeof a !== typeof b) mismatches.push(`${leaf.at}: ${typeof a} in English, ${typeof b} in Korean`)
        else if (typeof a === 'object') mismatches.push(`${leaf.at}: a group in one language, not in the other`)
        else if (typeof a === 'function' && typeof b === 'function' && a.length !== b.length) mismatches.push(`${leaf.at}: takes ${a.length} values in English, ${b.length} in Korean`)
        else if (typeof a !== 'string' && typeof a !== 'function') mismatches.push(`${leaf.at}: a ${typeof a}, not a message`)
      }
    }
    expect(mismatches).toEqual([])
  })

  it('has no empty message in either language, and words every function message with sample values', async () => {
    const problems: string[] = []
    for (const [file, name, catalog] of await allCatalogs()) {
      const { en, ko } = catalog.catalogs
      for (const leaf of pairLeaves(en, ko, `${file}:${name}`)) {
        if (typeof leaf.en === 'object' || typeof leaf.ko === 'object' || leaf.en === undefined || leaf.ko === undefined) continue
        const words = word(leaf.en, leaf.ko)
        if (!words) problems.push(`${leaf.at}: no sample values fit it (add some to SAMPLE_VALUES)`)
        else if (words.en.trim() === '' || words.ko.trim() === '') problems.push(`${leaf.at}: empty in ${words.en.trim() === '' ? 'English' : 'Korean'}`)
      }
    }
    expect(problems).toEqual([])
  })

  it('has no English left untranslated in the Korean catalog', async () => {
    const untranslated: string[] = []
    const stillSame = new Set<string>()
    for (const [file, name, catalog] of await allCatalogs()) {
      const { en, ko } = catalog.catalogs
      for (const leaf of pairLeaves(en, ko, `${file}:${name}`)) {
        if (typeof leaf.en === 'object' || typeof leaf.ko === 'object' || leaf.en === undefined || leaf.ko === undefined) continue
        const words = word(leaf.en, leaf.ko)
        if (!words) continue
        if (leaf.at in SAME_IN_BOTH) {
          if (words.en === words.ko) stillSame.add(leaf.at)
          continue
        }
        if (words.en === words.ko) {
          untranslated.push(`${leaf.at}: the same as English (${JSON.stringify(words.ko)})`)
          continue
        }
        const values = words.values.filter((value): value is string => typeof value === 'string').sort((a, b) => b.length - a.length)
        const rest = [...values, ...LATIN_KEPT_IN_KOREAN.map(([kept]) => kept)].reduce<string>((text, kept) => text.replaceAll(kept, ' '), words.ko)
        const phrase = ENGLISH_PHRASE.exec(rest)
        if (phrase) untranslated.push(`${leaf.at}: English in the Korean (${JSON.stringify(phrase[0])})`)
      }
    }
    expect(untranslated).toEqual([])
    // A stale exception would let a later string through unchecked.
    expect(Object.keys(SAME_IN_BOTH).filter((at) => !stillSame.has(at))).toEqual([])
  })

  it('reports a Korean message left in English, a missing key and a different arity (the checks can fail)', () => {
    const en = { hello: 'Hello there', greet: (name: string) => `Hi ${name}`, only: 'Only English' } satisfies MessageTree
    const ko = { hello: 'Hello there', greet: (name: string, extra: string) => `${name}${extra}` } as unknown as MessageTree
    const leaves = pairLeaves(en, ko, 'sample')
    expect(leaves.find((leaf) => leaf.at === 'sample.only')?.ko).toBeUndefined()
    const greet = leaves.find((leaf) => leaf.at === 'sample.greet')!
    expect([(greet.en as () => string).length, (greet.ko as () => string).length]).toEqual([1, 2])
    const hello = word(en.hello, ko.hello as string)!
    expect(hello.en).toBe(hello.ko)
    expect(ENGLISH_PHRASE.test('연결 실패: could not connect')).toBe(true)
    expect(ENGLISH_PHRASE.test('코드는 7KD-93QF-XZ5처럼 10자예요')).toBe(false)
  })
})
