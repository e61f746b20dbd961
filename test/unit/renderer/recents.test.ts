import { describe, expect, it } from 'vitest'
import { groupRecents } from '../../../src/renderer/src/phone/recent-groups'
import { describeRecent, formatDuration, relativeTime } from '../../../src/renderer/src/phone/recent-words'
import { RecentsState } from '../../../src/renderer/src/state/recents.svelte'
import { generateCallId } from '../../../src/shared/calls'
import type { Contact, ContactId, RecentCall, RecentEntry, RoomRecent } from '../../../src/shared/contacts'
import { formatRoomCode, generateRoomCode } from '../../../src/shared/room-code'
import { FakeBridge } from '../../support/fake-bridge'

const MINJI = generateRoomCode()
const STRANGER = generateRoomCode()
const CONTACTS: Contact[] = [{ id: 'minji0000000' as ContactId, name: 'Minji', code: MINJI, createdAt: 1, updatedAt: 1 }]
const NOW = new Date(2026, 5, 15, 14, 30).getTime()

function recent(patch: Partial<RecentCall> = {}): RecentCall {
  return { id: generateCallId(), direction: 'outgoing', code: MINJI, at: NOW - 5 * 60_000, outcome: 'answered', durationMs: 125_000, ...patch }
}

function roomCall(patch: Partial<RoomRecent> = {}): RoomRecent {
  return { id: generateCallId(), kind: 'room', code: ROOM, at: NOW - 60 * 60_000, outcome: 'joined', durationMs: 754_000, ...patch }
}

const ROOM = generateRoomCode()

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

  it('shows a room call by its formatted room code, as joined, with how long this person was in it', () => {
    const row = describeRecent(roomCall(), CONTACTS, NOW)
    expect(row).toMatchObject({ kind: 'room', name: null, label: formatRoomCode(ROOM), direction: 'Room call', outcome: 'Joined', duration: '12 min 34 s', when: '1 h ago' })
    // A room code that happens to be a contact's personal code is still a room, not that person.
    expect(describeRecent(roomCall({ code: MINJI }), CONTACTS, NOW)).toMatchObject({ kind: 'room', name: null, label: formatRoomCode(MINJI) })
    expect(describeRecent(recent(), CONTACTS, NOW).kind).toBe('person')
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

  it('groups what main recorded, and follows a room call recorded later', async () => {
    const bridge = new FakeBridge()
    bridge.recents = [recent({ at: NOW - 1_000 }), recent({ at: NOW - 2_000 })]
    const state = new RecentsState({ bridge, contacts: () => CONTACTS, now: () => NOW, every: () => () => undefined })
    await state.start()
    expect(state.groups.map((group) => [group.latest.label, group.rows.length])).toEqual([['Minji', 2]])
    await bridge.recordRoomCall(ROOM, 30_000)
    expect(state.groups.map((group) => [group.latest.kind, group.latest.label, group.rows.length])).toEqual([
      ['room', formatRoomCode(ROOM), 1],
      ['person', 'Minji', 2],
    ])
    expect(bridge.callsOf('recordRoomCall')).toEqual([{ method: 'recordRoomCall', room: ROOM, durationMs: 30_000 }])
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

describe('grouping recent calls', () => {
  const rows = (entries: RecentEntry[]) => groupRecents(entries.map((entry) => describeRecent(entry, CONTACTS, NOW)))

  it('makes calls in a row with the same person one group, the newest first, keyed by the newest call', () => {
    const [a, b, c] = [recent({ at: NOW - 1_000 }), recent({ at: NOW - 2_000, outcome: 'no-answer' }), recent({ at: NOW - 3_000, direction: 'incoming', outcome: 'missed' })]
    const groups = rows([a, b, c])
    expect(groups).toHaveLength(1)
    expect(groups[0]!.id).toBe(a.id)
    expect(groups[0]!.latest.entry).toBe(a)
    expect(groups[0]!.rows.map((row) => row.entry.id)).toEqual([a.id, b.id, c.id])
  })

  it('starts a new group when someone else, or a room, comes between', () => {
    const entries = [recent(), recent(), recent({ code: STRANGER }), recent(), roomCall(), roomCall(), roomCall({ code: STRANGER })]
    expect(rows(entries).map((group) => `${group.latest.label} ×${group.rows.length}`)).toEqual([
      'Minji ×2',
      `${formatRoomCode(STRANGER)} ×1`,
      'Minji ×1',
      `${formatRoomCode(ROOM)} ×2`,
      `${formatRoomCode(STRANGER)} ×1`,
    ])
  })

  it('keeps a room apart from a person whose personal code is the same string', () => {
    expect(rows([recent({ code: ROOM }), roomCall({ code: ROOM })])).toHaveLength(2)
  })

  it('is empty for no calls', () => {
    expect(groupRecents([])).toEqual([])
  })
})
