import { describe, expect, it } from 'vitest'
import type { CallId } from '../../../src/shared/calls'
import { formatRoomCode, generateRoomCode } from '../../../src/shared/room-code'
import { CallsWhileBusyState } from '../../../src/renderer/src/state/calls-while-busy.svelte'

const minji = generateRoomCode()
const stranger = generateRoomCode()
const busyCall = (from: typeof minji, contactName: string | null, n = 1) => ({ callId: `abcdefghij0${n}` as CallId, from, contactName })

describe('CallsWhileBusyState', () => {
  it('shows who tried to call, by contact name or else the formatted code, newest first and once a person', () => {
    const busy = new CallsWhileBusyState()
    busy.add(busyCall(minji, 'Minji', 1))
    busy.add(busyCall(stranger, null, 2))
    busy.add(busyCall(minji, 'Minji', 3))
    expect(busy.callers).toEqual([
      { code: minji, label: 'Minji' },
      { code: stranger, label: formatRoomCode(stranger) },
    ])
  })

  it('keeps "Call back" for after the call, and hands it over once', () => {
    const busy = new CallsWhileBusyState()
    busy.add(busyCall(minji, 'Minji'))
    busy.callBackLater(minji)
    expect(busy.callBack).toEqual({ code: minji, label: 'Minji' })
    expect(busy.callers).toEqual([])
    // Trying again while waiting for the call back adds no second notice.
    busy.add(busyCall(minji, 'Minji', 2))
    expect(busy.callers).toEqual([])
    expect(busy.takeCallBack()).toBe(minji)
    expect(busy.takeCallBack()).toBeNull()
  })

  it('puts an earlier call-back choice back among the notices when another is chosen', () => {
    const busy = new CallsWhileBusyState()
    busy.add(busyCall(minji, 'Minji', 1))
    busy.add(busyCall(stranger, null, 2))
    busy.callBackLater(minji)
    busy.callBackLater(stranger)
    expect(busy.callBack?.code).toBe(stranger)
    expect(busy.callers.map((caller) => caller.code)).toEqual([minji])
  })

  it('forgets a dismissed notice, a cancelled call back, and everything when cleared', () => {
    const busy = new CallsWhileBusyState()
    busy.add(busyCall(minji, 'Minji', 1))
    busy.add(busyCall(stranger, null, 2))
    busy.dismiss(stranger)
    expect(busy.callers.map((caller) => caller.code)).toEqual([minji])
    busy.callBackLater(minji)
    busy.cancelCallBack()
    expect(busy.takeCallBack()).toBeNull()
    busy.add(busyCall(stranger, null, 3))
    busy.clear()
    expect(busy.callers).toEqual([])
  })
})
