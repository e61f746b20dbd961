import { describe, expect, it } from 'vitest'
import { AttentionController, incomingCallTitle, MAX_NOTIFICATIONS, whenToAlert } from '../../../src/main/attention'
import { mainText } from '../../../src/main/i18n/main-messages'
import type { CallId } from '../../../src/shared/calls'
import type { Locale } from '../../../src/shared/language'
import type { IncomingCall } from '../../../src/shared/phone'
import { formatRoomCode, generateRoomCode } from '../../../src/shared/room-code'
import { recordingAttentionHost } from './recording-attention'

function incoming(callId: string, contactName: string | null = 'Minji'): IncomingCall {
  return { callId: callId as CallId, from: generateRoomCode(), room: generateRoomCode(), contactName }
}

describe('whenToAlert', () => {
  it.each([
    [{ count: 1, focused: true }, 'none'],
    [{ count: 2, focused: true }, 'none'],
    [{ count: 1, focused: false }, 'notify'],
    [{ count: 3, focused: false }, 'notify'],
    [{ count: 0, focused: false }, 'open-window'],
  ] as const)('for windows %j decides %s', (windows, decision) => {
    expect(whenToAlert(windows)).toBe(decision)
  })
})

describe('incomingCallTitle', () => {
  it("names a contact, and shows a stranger's code in display form", () => {
    const call = incoming('abcdefghij01', null)
    expect(incomingCallTitle({ from: call.from, contactName: 'Minji' })).toBe('Minji is calling')
    expect(incomingCallTitle(call)).toBe(`${formatRoomCode(call.from)} is calling`)
  })

  it('says it in Korean with the Korean catalog', () => {
    const call = incoming('abcdefghij01', null)
    expect(incomingCallTitle({ from: call.from, contactName: '민지' }, mainText('ko'))).toBe('민지 님의 전화')
    expect(incomingCallTitle(call, mainText('ko'))).toBe(`${formatRoomCode(call.from)} 님의 전화`)
  })
})

describe('AttentionController in the language of the moment', () => {
  it('words the notification in the language read when the call rings', () => {
    const host = recordingAttentionHost({ count: 1, focused: false })
    let locale: Locale = 'en'
    const attention = new AttentionController(host, () => locale)
    attention.ring(incoming('abcdefghij01'))
    locale = 'ko'
    attention.ring(incoming('abcdefghij02'))
    expect(attention.records().map((record) => record.title)).toEqual(['Minji is calling', 'Minji 님의 전화'])
    expect(host.notifications().map((notification) => notification.body)).toEqual([
      'Open Tonghwa to answer or decline.',
      '통화 앱을 열어 받거나 거절하세요.',
    ])
  })
})

describe('AttentionController', () => {
  it('only rings in the window when a window is focused', () => {
    const host = recordingAttentionHost({ count: 1, focused: true })
    const attention = new AttentionController(host)
    attention.ring(incoming('abcdefghij01'))
    expect(host.log).toEqual([])
    expect(attention.records()).toEqual([{ callId: 'abcdefghij01', decision: 'none', title: null }])
  })

  it('notifies and asks the OS for attention when the app is in the background, and stops both on answer', () => {
    const host = recordingAttentionHost({ count: 1, focused: false })
    const attention = new AttentionController(host)
    attention.ring(incoming('abcdefghij01'))
    expect(host.log).toEqual(['notify Minji is calling', 'attention'])
    attention.stop('abcdefghij01' as CallId)
    expect(host.log).toEqual(['notify Minji is calling', 'attention', 'close Minji is calling', 'attention-stop'])
    expect(attention.records()).toEqual([{ callId: 'abcdefghij01', decision: 'notify', title: 'Minji is calling' }])
  })

  it('brings the window forward when the notification is clicked', () => {
    const host = recordingAttentionHost({ count: 1, focused: false })
    new AttentionController(host).ring(incoming('abcdefghij01'))
    host.click('Minji is calling')
    expect(host.log.at(-1)).toBe('show-window')
  })

  it('opens a window when none is open (macOS), and notifies too', () => {
    const host = recordingAttentionHost({ count: 0, focused: false })
    new AttentionController(host).ring(incoming('abcdefghij01'))
    expect(host.log).toEqual(['open-window', 'notify Minji is calling', 'attention'])
  })

  it('keeps asking for attention while any of two calls still rings', () => {
    const host = recordingAttentionHost({ count: 1, focused: false })
    const attention = new AttentionController(host)
    attention.ring(incoming('abcdefghij01', 'Minji'))
    attention.ring(incoming('abcdefghij02', 'Bora'))
    attention.stop('abcdefghij01' as CallId)
    expect(host.log).toEqual(['notify Minji is calling', 'attention', 'notify Bora is calling', 'close Minji is calling'])
    attention.stop('abcdefghij02' as CallId)
    expect(host.log.slice(-2)).toEqual(['close Bora is calling', 'attention-stop'])
  })

  it('stops flashing when a window is focused, and takes everything down on quit', () => {
    const host = recordingAttentionHost({ count: 1, focused: false })
    const attention = new AttentionController(host)
    attention.ring(incoming('abcdefghij01'))
    attention.focused()
    expect(host.log.at(-1)).toBe('attention-stop')
    attention.stopAll()
    expect(host.log.at(-1)).toBe('close Minji is calling')
    attention.stop('abcdefghij01' as CallId)
    expect(host.log.filter((entry) => entry === 'attention-stop')).toHaveLength(1)
  })

  it('ignores a stop for a call it never alerted for', () => {
    const host = recordingAttentionHost({ count: 1, focused: false })
    new AttentionController(host).stop('abcdefghij01' as CallId)
    expect(host.log).toEqual([])
  })
})

describe('AttentionController under a flood of rings', () => {
  it('shows one notification per caller: a new ring from the same caller replaces it, never stacks', () => {
    const host = recordingAttentionHost({ count: 1, focused: false })
    const attention = new AttentionController(host)
    const from = generateRoomCode()
    for (let i = 0; i < 100; i++) attention.ring({ ...incoming(`flood${String(i).padStart(7, '0')}`, null), from })
    expect(attention.showing).toBe(1)
    expect(host.log.filter((entry) => entry.startsWith('notify'))).toHaveLength(100)
    expect(host.log.filter((entry) => entry.startsWith('close'))).toHaveLength(99)
    expect(host.log.filter((entry) => entry === 'attention')).toHaveLength(1)
    // A stop for a ring that was replaced leaves the caller's current notification alone.
    attention.stop('flood0000000' as CallId)
    expect(attention.showing).toBe(1)
    attention.stop('flood0000099' as CallId)
    expect(attention.showing).toBe(0)
    expect(host.log.at(-1)).toBe('attention-stop')
  })

  it(`shows at most ${MAX_NOTIFICATIONS} at once, however many callers ring; the oldest goes for the newest`, () => {
    const host = recordingAttentionHost({ count: 1, focused: false })
    const attention = new AttentionController(host)
    const calls = Array.from({ length: 20 }, (_, i) => incoming(`many${String(i).padStart(8, '0')}`, `Caller ${i}`))
    for (const call of calls) attention.ring(call)
    expect(attention.showing).toBe(MAX_NOTIFICATIONS)
    expect(host.log.slice(-2)).toEqual(['notify Caller 19 is calling', 'close Caller 16 is calling'])
    for (const call of calls) attention.stop(call.callId)
    expect(attention.showing).toBe(0)
  })
})
