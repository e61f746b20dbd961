import { describe, expect, it } from 'vitest'
import { describeRecent, formatDuration, relativeTime } from '../../../src/renderer/src/phone/recent-words'
import { RecentsState } from '../../../src/renderer/src/state/recents.svelte'
import { generateCallId } from '../../../src/shared/calls'
import type { Contact, ContactId, RecentCall } from '../../../src/shared/contacts'
import { formatRoomCode, generateRoomCode } from '../../../src/shared/room-code'
import { FakeBridge } from '../../support/fake-bridge'

const MINJI = generateRoomCode()
const STRANGER = generateRoomCode()
const CONTACTS: Contact[] = [{ id: 'minji0000000' as ContactId, name: 'Minji', code: MINJI, createdAt: 1, updatedAt: 1 }]
const NOW = new Date(2026, 5, 15, 14, 30).getTime()

function recent(patch: Partial<RecentCall> = {}): RecentCall {
  return { id: generateCallId(), direction: 'outgoing', code: MINJI, at: NOW - 5 * 60_000, outcome: 'answered', durationMs: 125_000, ...patch }
}

describe('how a recent call is worded', () => {
  it('names a contact, and shows the formatted code of anyone else', () => {
    expect(describeRecent(recent(), CONTACTS, NOW)).toMatchObject({ name: 'Minji', label: 'Minji' })
    expect(describeRecent(recent({ code: STRANGER }), CONTACTS, NOW)).toMatchObject({ name: null, label: formatRoomCode(STRANGER) })
  })

  it('says the direction, the outcome and, for answered calls, how long', () => {
    expect(describeRecent(recent(), CONTACTS, NOW)).toMatchObject({ direction: 'Outgoing call', outcome: 'Answered', duration: '2 min 5 s' })
    const missed = describeRecent(recent({ direction: 'incoming', outcome: 'missed', durationMs: null }), CONTACTS, NOW)
    expect(missed).toMatchObject({ direction: 'Incoming call', outcome: 'Missed', duration: null })
    expect(describeRecent(recent({ direction: 'incoming', outcome: 'declined', durationMs: null }), CONTACTS, NOW).outcome).toBe('You declined')
    for (const [outcome, words] of [['no-answer', 'No answer'], ['unreachable', 'Unreachable'], ['busy', 'Busy'], ['cancelled', 'Cancelled']] as const) {
      expect(describeRecent(recent({ outcome, durationMs: null }), CONTACTS, NOW).outcome).toBe(words)
    }
  })

  it('says when, relative to now', () => {
    expect(relativeTime(NOW - 20_000, NOW)).toBe('Just now')
    expect(relativeTime(NOW + 20_000, NOW)).toBe('Just now')
    expect(relativeTime(NOW - 5 * 60_000, NOW)).toBe('5 min ago')
    expect(relativeTime(NOW - 3 * 3600_000, NOW)).toBe('3 h ago')
    expect(relativeTime(new Date(2026, 5, 14, 9).getTime(), NOW)).toBe('Yesterday')
    expect(relativeTime(new Date(2026, 5, 11, 9).getTime(), NOW)).toBe('Thursday')
    expect(relativeTime(new Date(2026, 2, 3, 9).getTime(), NOW)).toBe('3 Mar')
    expect(relativeTime(new Date(2025, 2, 3, 9).getTime(), NOW)).toBe('3 Mar 2025')
  })

  it('formats durations', () => {
    expect(formatDuration(400)).toBe('0 s')
    expect(formatDuration(59_000)).toBe('59 s')
    expect(formatDuration(120_000)).toBe('2 min')
    expect(formatDuration(3_725_000)).toBe('1 h 2 min')
  })
})

describe('RecentsState', () => {
  it('lists what main recorded, newest first as given, and follows changes', async () => {
    const bridge = new FakeBridge()
    const first = recent()
    bridge.recents = [first]
    const state = new RecentsState({ bridge, contacts: () => CONTACTS, now: () => NOW, every: () => () => undefined })
    await state.start()
    expect(state.rows.map((row) => row.entry.id)).toEqual([first.id])
    const second = recent({ at: NOW, outcome: 'missed', direction: 'incoming', code: STRANGER, durationMs: null })
    bridge.setRecents([second, first])
    expect(state.rows.map((row) => row.label)).toEqual([formatRoomCode(STRANGER), 'Minji'])
    await state.clear()
    expect(bridge.callsOf('clearRecents')).toHaveLength(1)
    expect(state.rows).toEqual([])
  })

  it('moves "5 min ago" on as the clock ticks, and stops ticking on dispose', async () => {
    const bridge = new FakeBridge()
    bridge.recents = [recent()]
    let now = NOW
    let tick: () => void = () => undefined
    let stopped = false
    const state = new RecentsState({
      bridge,
      contacts: () => CONTACTS,
      now: () => now,
      every: (callback) => {
        tick = callback
        return () => {
          stopped = true
        }
      },
    })
    await state.start()
    expect(state.rows[0]!.when).toBe('5 min ago')
    now += 10 * 60_000
    tick()
    expect(state.rows[0]!.when).toBe('15 min ago')
    state.dispose()
    expect(stopped).toBe(true)
    expect(bridge.listenerCount()).toBe(0)
  })
})
