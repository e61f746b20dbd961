import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Ringer } from '../../../src/renderer/src/audio/ring-tone'
import { PhoneState, type ConnectingCall } from '../../../src/renderer/src/state/phone.svelte'
import { generateCallId } from '../../../src/shared/calls'
import { PhoneErrorCode } from '../../../src/shared/phone'
import { formatRoomCode, generateRoomCode, type RoomCode } from '../../../src/shared/room-code'
import { settle } from '../../support/signaling-relay'
import { setupLocalMedia } from './support/local-media-setup'

const MINJI = generateRoomCode()
const STRANGER = generateRoomCode()

class FakeRinger implements Ringer {
  stopped = false
  stop(): void {
    this.stopped = true
  }
}

/**
 * A PhoneState whose `onConnect` does what the app does: opens the camera and microphone (a real `LocalMedia`
 * on a fake machine). So `machine.requests` counts every capture the phone caused.
 */
function setup(options: { now?: () => number; waitOnlineMs?: number } = {}) {
  const { media, machine, bridge } = setupLocalMedia()
  const rings: FakeRinger[] = []
  const connected: ConnectingCall[] = []
  const aborted: string[] = []
  const errors: unknown[] = []
  const phone = new PhoneState({
    bridge,
    startRinger: () => {
      const ringer = new FakeRinger()
      rings.push(ringer)
      return ringer
    },
    lookupName: (code) => (code === MINJI ? 'Minji' : null),
    onConnect: (call) => {
      connected.push(call)
      void media.open({ camera: null, microphone: null })
    },
    onConnectAborted: (callId) => aborted.push(callId),
    now: options.now,
    waitOnlineMs: options.waitOnlineMs,
    onError: (error) => errors.push(error),
  })
  return { phone, bridge, machine, media, rings, connected, aborted, errors }
}

async function started(options: Parameters<typeof setup>[0] = {}) {
  const context = setup(options)
  await context.phone.start()
  return context
}

/** Calls Minji and lets `callPerson` answer. */
async function calling(context: Awaited<ReturnType<typeof started>>, code: RoomCode = MINJI) {
  context.phone.call(code)
  await settle()
  return context.bridge.lastPlaced()
}

afterEach(() => {
  vi.useRealTimers()
})

describe('PhoneState: identity', () => {
  it('shows the personal code formatted and whether it can be called', async () => {
    const { phone, bridge } = setup()
    expect(phone.presence).toBe('connecting')
    await phone.start()
    expect(phone.formattedCode).toBe(formatRoomCode(bridge.identity.code))
    expect(phone.presence).toBe('online')
    bridge.setIdentity({ code: bridge.identity.code, status: 'offline' })
    expect(phone.presence).toBe('offline')
  })

  it('asks main for a new code and shows it', async () => {
    const { phone, bridge } = await started()
    const old = phone.identity!.code
    await phone.regenerate()
    expect(bridge.callsOf('regeneratePersonalCode')).toHaveLength(1)
    expect(phone.identity!.code).not.toBe(old)
    expect(phone.identity!.code).toBe(bridge.identity.code)
  })

  it('says "offline" when the code cannot be known (web mode on a page without crypto.subtle)', async () => {
    const { phone, bridge, errors } = setup()
    bridge.getPhoneIdentity = async () => {
      throw new Error('PHONE_ERR_NO_CRYPTO: crypto.subtle is missing')
    }
    await phone.start()
    expect(phone.presence).toBe('offline')
    expect(errors).toHaveLength(1)
  })

  it('removes every listener on dispose', async () => {
    const { phone, bridge } = await started()
    expect(bridge.listenerCount()).toBeGreaterThan(0)
    phone.dispose()
    expect(bridge.listenerCount()).toBe(0)
  })
})

describe('PhoneState: calling a person', () => {
  it('says "Calling Minji…", then "Ringing", by her contact name', async () => {
    const context = await started()
    context.phone.call(MINJI)
    expect(context.phone.outgoing.view?.status).toBe('calling')
    expect(context.phone.outgoing.words?.title).toBe('Calling Minji…')
    await settle()
    expect(context.bridge.callsOf('callPerson')).toEqual([{ method: 'callPerson', code: MINJI }])
    context.bridge.callUpdate('ringing')
    expect(context.phone.outgoing.view?.status).toBe('ringing')
    expect(context.phone.outgoing.words).toEqual({ title: 'Calling Minji…', detail: 'Ringing' })
  })

  it('names someone who is not a contact by their formatted code', async () => {
    const context = await started()
    context.phone.call(STRANGER)
    expect(context.phone.outgoing.words?.title).toBe(`Calling ${formatRoomCode(STRANGER)}…`)
  })

  it('opens no camera or microphone while it rings, and hands over the room once accepted', async () => {
    const context = await started()
    const call = await calling(context)
    context.bridge.callUpdate('ringing')
    await settle()
    expect(context.machine.requests).toHaveLength(0)
    expect(context.connected).toEqual([])

    context.bridge.callUpdate('accepted')
    expect(context.connected).toEqual([{ callId: call.callId, room: call.room, label: 'Minji', code: MINJI }])
    expect(context.phone.outgoing.view).toBeNull()
    await settle()
    expect(context.machine.requests).toHaveLength(1)
    expect(context.phone.connectedCallId).toBe(call.callId)
  })

  it.each([
    ['declined', 'Minji declined the call'],
    ['busy', 'Minji is busy'],
    ['unreachable', "Minji can't be reached"],
    ['no-answer', "Minji didn't answer"],
  ] as const)('shows %s in plain words, opens nothing, and offers to call again', async (state, title) => {
    const context = await started()
    await calling(context)
    context.bridge.callUpdate('ringing')
    context.bridge.callUpdate(state)
    expect(context.phone.outgoing.view?.status).toBe(state)
    expect(context.phone.outgoing.words?.title).toBe(title)
    await settle()
    expect(context.machine.requests).toHaveLength(0)

    context.phone.outgoing.callAgain()
    await settle()
    expect(context.bridge.callsOf('callPerson')).toHaveLength(2)
    expect(context.phone.outgoing.view?.status).toBe('calling')
    expect(context.phone.outgoing.view?.call?.callId).toBe(context.bridge.lastPlaced().callId)
  })

  it('ignores updates about other calls, and anything after the call is over', async () => {
    const context = await started()
    const call = await calling(context)
    context.bridge.callUpdate('declined', generateCallId())
    expect(context.phone.outgoing.view?.status).toBe('calling')
    context.bridge.callUpdate('busy', call.callId)
    context.bridge.callUpdate('accepted', call.callId)
    expect(context.phone.outgoing.view?.status).toBe('busy')
    expect(context.connected).toEqual([])
  })

  it('hangs up when the person cancels while it rings', async () => {
    const context = await started()
    const call = await calling(context)
    context.bridge.callUpdate('ringing')
    await context.phone.outgoing.cancel()
    expect(context.bridge.callsOf('hangUpCall')).toEqual([{ method: 'hangUpCall', callId: call.callId }])
    expect(context.phone.outgoing.view?.status).toBe('cancelled')
    expect(context.phone.outgoing.words?.title).toBe('Call cancelled')
    await context.phone.outgoing.close()
    expect(context.phone.outgoing.view).toBeNull()
  })

  it('hangs up a call cancelled before main answered with its id, so it never rings on', async () => {
    const context = await started()
    context.phone.call(MINJI)
    await context.phone.outgoing.cancel()
    await settle()
    expect(context.bridge.callsOf('hangUpCall')).toEqual([{ method: 'hangUpCall', callId: context.bridge.lastPlaced().callId }])
    expect(context.phone.outgoing.view?.status).toBe('cancelled')
  })

  it('keeps an update that arrives before main answered with the call id', async () => {
    const context = await started()
    let release!: () => void
    const answered = new Promise<void>((resolve) => (release = resolve))
    const callPerson = context.bridge.callPerson.bind(context.bridge)
    context.bridge.callPerson = async (code) => {
      const call = await callPerson(code)
      await answered
      return call
    }
    context.phone.call(MINJI)
    await settle()
    context.bridge.callUpdate('unreachable')
    release()
    await settle()
    expect(context.phone.outgoing.view?.status).toBe('unreachable')
  })

  it('says why a call could not be placed, by the error code', async () => {
    const context = await started()
    context.bridge.callError = new Error(`Error invoking remote method 'phone:call': Error: ${PhoneErrorCode.NotOnline}: not registered`)
    await calling(context).catch(() => undefined)
    expect(context.phone.outgoing.view?.status).toBe('failed')
    expect(context.phone.outgoing.words?.detail).toMatch(/offline/)
  })

  it('waits for this app to be online before placing the call', async () => {
    const context = setup()
    context.bridge.identity = { code: context.bridge.identity.code, status: 'connecting' }
    await context.phone.start()
    context.phone.call(MINJI)
    await settle()
    expect(context.bridge.callsOf('callPerson')).toHaveLength(0)
    context.bridge.setIdentity({ code: context.bridge.identity.code, status: 'online' })
    await settle()
    expect(context.bridge.callsOf('callPerson')).toHaveLength(1)
  })

  it('gives up waiting to be online after a while, in plain words', async () => {
    vi.useFakeTimers()
    const context = setup({ waitOnlineMs: 5_000 })
    context.bridge.identity = { code: context.bridge.identity.code, status: 'offline' }
    await context.phone.start()
    context.phone.call(MINJI)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(context.phone.outgoing.view?.status).toBe('failed')
    expect(context.bridge.callsOf('callPerson')).toHaveLength(0)
  })
})

describe('PhoneState: a call ringing here', () => {
  it('rings with the caller’s contact name and opens nothing until accepted', async () => {
    const context = await started()
    context.bridge.ring(MINJI, 'Minji')
    expect(context.phone.incoming.callerLabel).toBe('Minji')
    expect(context.rings).toHaveLength(1)
    expect(context.rings[0]!.stopped).toBe(false)
    await settle()
    expect(context.machine.requests).toHaveLength(0)
  })

  it('shows the formatted code of a caller who is not a contact', async () => {
    const context = await started()
    context.bridge.ring(STRANGER)
    expect(context.phone.incoming.callerLabel).toBe(formatRoomCode(STRANGER))
  })

  it('accepting stops the ring, answers, and only then opens media and joins the call’s room', async () => {
    const context = await started()
    const call = context.bridge.ring(MINJI, 'Minji')
    let capturesWhenAnswered = -1
    const answerCall = context.bridge.answerCall.bind(context.bridge)
    context.bridge.answerCall = async (callId, accept) => {
      capturesWhenAnswered = context.machine.requests.length
      return answerCall(callId, accept)
    }
    await context.phone.incoming.accept()
    expect(context.rings[0]!.stopped).toBe(true)
    expect(context.bridge.callsOf('answerCall')).toEqual([{ method: 'answerCall', callId: call.callId, accept: true }])
    expect(capturesWhenAnswered).toBe(0)
    expect(context.connected).toEqual([{ callId: call.callId, room: call.room, label: 'Minji', code: MINJI }])
    expect(context.phone.incoming.call).toBeNull()
    await settle()
    expect(context.machine.requests).toHaveLength(1)
  })

  it('declining stops the ring and tells main, and opens nothing', async () => {
    const context = await started()
    const call = context.bridge.ring(MINJI, 'Minji')
    await context.phone.incoming.decline()
    expect(context.rings[0]!.stopped).toBe(true)
    expect(context.bridge.callsOf('answerCall')).toEqual([{ method: 'answerCall', callId: call.callId, accept: false }])
    expect(context.phone.incoming.call).toBeNull()
    expect(context.machine.requests).toHaveLength(0)
  })

  it('shows "Missed call" when the caller hangs up while it rings, and stops the ring', async () => {
    const context = await started()
    const call = context.bridge.ring(STRANGER)
    context.bridge.callCancelled(call.callId, 'hung-up')
    expect(context.rings[0]!.stopped).toBe(true)
    expect(context.phone.incoming.call).toBeNull()
    expect(context.phone.incoming.missed).toEqual({ callId: call.callId, code: STRANGER, label: formatRoomCode(STRANGER) })
    context.phone.incoming.dismissMissed()
    expect(context.phone.incoming.missed).toBeNull()
  })

  it('joins nothing when the call stopped ringing just as it was accepted', async () => {
    const context = await started()
    context.bridge.ring(MINJI, 'Minji')
    context.bridge.answerError = new Error(`${PhoneErrorCode.UnknownCall}: that call is not ringing any more`)
    await context.phone.incoming.accept()
    expect(context.connected).toEqual([])
    expect(context.phone.incoming.missed?.label).toBe('Minji')
    await settle()
    expect(context.machine.requests).toHaveLength(0)
  })

  it('gives the call up when the caller’s cancel won the race with the answer', async () => {
    const context = await started()
    const call = context.bridge.ring(MINJI, 'Minji')
    await context.phone.incoming.accept()
    context.bridge.callCancelled(call.callId)
    expect(context.aborted).toEqual([call.callId])
    expect(context.phone.incoming.missed?.label).toBe('Minji')
    expect(context.phone.connectedCallId).toBeNull()
  })

  it('lets a second call ring out while one rings', async () => {
    const context = await started()
    const first = context.bridge.ring(MINJI, 'Minji')
    context.bridge.ring(STRANGER)
    expect(context.phone.incoming.call?.callId).toBe(first.callId)
    expect(context.rings).toHaveLength(1)
  })
})

describe('PhoneState: busy and the call that is on', () => {
  it('tells main it is busy while a call rings out, and not once it is over', async () => {
    const context = await started()
    await calling(context)
    context.bridge.callUpdate('declined')
    expect(context.bridge.busyReports).toEqual([true, false])
  })

  it('is busy while a call rings here and once it is accepted, until the call ends', async () => {
    const context = await started()
    context.bridge.ring(MINJI, 'Minji')
    await context.phone.incoming.accept()
    context.phone.setInRoom(true)
    expect(context.bridge.busyReports).toEqual([true])
    context.phone.callEnded()
    context.phone.setInRoom(false)
    expect(context.bridge.busyReports).toEqual([true, false])
  })

  it('is busy in a call by room code too', async () => {
    const context = await started()
    context.phone.setInRoom(true)
    context.phone.setInRoom(false)
    expect(context.bridge.busyReports).toEqual([true, false])
  })

  it('reports how long an answered call lasted, once', async () => {
    let clock = 1_000
    const context = await started({ now: () => clock })
    const call = await calling(context)
    context.bridge.callUpdate('accepted')
    clock += 65_000
    context.phone.callEnded()
    context.phone.callEnded()
    expect(context.bridge.callsOf('reportCallEnded')).toEqual([{ method: 'reportCallEnded', callId: call.callId, durationMs: 65_000 }])
  })
})
