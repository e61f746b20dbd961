import { afterEach, describe, expect, it } from 'vitest'
import {
  IDLE_PHASE,
  offersBackToStart,
  PHASE_NOTES,
  reduceCallPhase,
  type CallEvent,
  type CallPhase,
} from '../../../src/renderer/src/call/call-phase'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'
import { setCurrentLocale } from '../../../src/renderer/src/i18n/current-locale.svelte'
import { callText } from '../../../src/renderer/src/i18n/messages/call'

/** What the status line shows for a phase, in the current language. */
const words = (phase: CallPhase): string => callText().phase[phase.note]

afterEach(() => setCurrentLocale('en'))

/** Every phase the reducer can be in, each with a label for the table below. */
const PHASES: Record<string, CallPhase> = {
  idle: IDLE_PHASE,
  joining: { name: 'joining', note: 'joining' },
  waiting: { name: 'waiting', note: 'waiting' },
  connecting: { name: 'connecting', note: 'connecting' },
  connected: { name: 'connected', note: 'connected' },
  'reconnecting:server': { name: 'reconnecting', cause: 'server', note: 'reconnectingServer' },
  'reconnecting:media': { name: 'reconnecting', cause: 'media', note: 'reconnectingMedia' },
  'peer-left': { name: 'peer-left', note: 'peerLeft' },
  'room-full': { name: 'room-full', note: 'roomFull' },
  failed: { name: 'failed', note: 'joinFailed' },
  ended: { name: 'ended', note: 'ended' },
}
const ORDER = Object.keys(PHASES)

/**
 * Each row: an event, then the phase it leads to from each phase in ORDER ('=' means unchanged).
 *                      idle       joining   waiting   connecting connected  rec:server rec:media  peer-left  room-full failed  ended
 */
const S = 'reconnecting:server'
const M = 'reconnecting:media'
const TABLE: [string, CallEvent, string[]][] = [
  ['join-started', { type: 'join-started' }, ['joining', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
  ['server connecting', { type: 'server-connection', status: 'connecting' }, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
  ['server reconnecting', { type: 'server-connection', status: 'reconnecting' }, ['=', S, S, S, S, S, S, S, '=', '=', '=']],
  ['server open', { type: 'server-connection', status: 'open' }, ['=', '=', '=', '=', '=', 'joining', '=', '=', '=', '=', '=']],
  ['server closed', { type: 'server-connection', status: 'closed' }, ['=', 'failed', 'failed', 'failed', 'failed', 'failed', 'failed', 'failed', '=', '=', '=']],
  ['joined with a peer', { type: 'joined', peerPresent: true }, ['=', 'connecting', 'connecting', 'connecting', 'connecting', 'connecting', 'connecting', 'connecting', '=', '=', '=']],
  ['joined alone', { type: 'joined', peerPresent: false }, ['=', 'waiting', 'waiting', 'waiting', 'waiting', 'waiting', 'waiting', 'waiting', '=', '=', '=']],
  ['peer joined', { type: 'peer-joined' }, ['=', 'connecting', 'connecting', 'connecting', 'connecting', 'connecting', 'connecting', 'connecting', '=', '=', '=']],
  ['peer left', { type: 'peer-left', reason: 'left' }, ['=', 'peer-left', 'peer-left', 'peer-left', 'peer-left', 'peer-left', 'peer-left', 'peer-left', '=', '=', '=']],
  ['peer disconnected', { type: 'peer-left', reason: 'disconnected' }, ['=', 'peer-left', 'peer-left', 'peer-left', 'peer-left', 'peer-left', 'peer-left', 'peer-left', '=', '=', '=']],
  ['media new', { type: 'media-connection', state: 'new' }, ['=', '=', '=', 'connecting', 'connecting', '=', '=', '=', '=', '=', '=']],
  ['media connecting', { type: 'media-connection', state: 'connecting' }, ['=', '=', '=', 'connecting', 'connecting', '=', '=', '=', '=', '=', '=']],
  ['media connected', { type: 'media-connection', state: 'connected' }, ['=', '=', '=', 'connected', 'connected', '=', 'connected', '=', '=', '=', '=']],
  ['media disconnected', { type: 'media-connection', state: 'disconnected' }, ['=', '=', '=', M, M, '=', M, '=', '=', '=', '=']],
  ['media failed', { type: 'media-connection', state: 'failed' }, ['=', '=', '=', 'failed', 'failed', '=', 'failed', '=', '=', '=', '=']],
  ['media closed', { type: 'media-connection', state: 'closed' }, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
  ['media restarting', { type: 'media-restarting' }, ['=', '=', '=', M, M, '=', M, '=', '=', '=', '=']],
  ...(
    [
      [SignalingErrorCode.RoomFull, ['=', 'room-full', 'room-full', 'room-full', 'room-full', 'room-full', 'room-full', 'room-full', '=', '=', '=']],
      [SignalingErrorCode.BadRoomCode, ['=', 'failed', 'failed', 'failed', 'failed', 'failed', 'failed', 'failed', '=', '=', '=']],
      [SignalingErrorCode.UnsupportedVersion, ['=', 'failed', 'failed', 'failed', 'failed', 'failed', 'failed', 'failed', '=', '=', '=']],
      [SignalingErrorCode.BadMessage, ['=', 'failed', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.UnknownType, ['=', 'failed', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.MessageTooLarge, ['=', 'failed', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.RateLimited, ['=', 'failed', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.TooManyAttempts, ['=', 'failed', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.AlreadyInRoom, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.NotInRoom, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.UnknownPeer, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.ServerShuttingDown, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.BadSecret, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.BadPersonalCode, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.AlreadyRegistered, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.NotRegistered, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.Replaced, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.CodeTaken, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.CallSelf, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.TooManyCalls, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.CallIdInUse, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.UnknownCall, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.AlreadyRinging, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.RingingTooSoon, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.TooManyNewCodes, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.NewCodesThrottled, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.CodeTableFull, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      // Only a join can be refused this way (the room's host app lost its last person), so only while joining.
      [SignalingErrorCode.LocalOnly, ['=', 'failed', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
      [SignalingErrorCode.CallerUnknown, ['=', '=', '=', '=', '=', '=', '=', '=', '=', '=', '=']],
    ] as const
  ).map(([code, row]): [string, CallEvent, string[]] => [`signaling error ${code}`, { type: 'signaling-error', code }, [...row]]),
  ['local failure', { type: 'failed', note: 'joinFailed' }, ['=', 'failed', 'failed', 'failed', 'failed', 'failed', 'failed', 'failed', '=', '=', '=']],
  ['hung up', { type: 'hung-up' }, ['ended', 'ended', 'ended', 'ended', 'ended', 'ended', 'ended', 'ended', 'ended', 'ended', 'ended']],
]

function label(phase: CallPhase): string {
  return phase.name === 'reconnecting' ? `reconnecting:${phase.cause}` : phase.name
}

describe('reduceCallPhase', () => {
  it('has a row for every signaling error code', () => {
    const covered = TABLE.flatMap(([, event]) => (event.type === 'signaling-error' ? [event.code] : []))
    expect(covered.sort()).toEqual(Object.values(SignalingErrorCode).sort())
  })

  for (const [name, event, row] of TABLE) {
    it(`handles "${name}" in every phase as the table says`, () => {
      expect(row).toHaveLength(ORDER.length)
      ORDER.forEach((from, index) => {
        const before = PHASES[from]!
        const after = reduceCallPhase(before, event)
        const expected = row[index] === '=' ? from : row[index]
        expect({ from, to: label(after) }).toEqual({ from, to: expected })
        if (row[index] === '=') expect(after).toBe(before)
        expect(words(after).length).toBeGreaterThan(0)
      })
    })
  }

  it('says in plain words what each phase means', () => {
    const joining = reduceCallPhase(IDLE_PHASE, { type: 'join-started' })
    expect(words(joining)).toBe('Joining the room…')
    expect(words(reduceCallPhase(joining, { type: 'joined', peerPresent: false }))).toBe('Waiting for the other person to join')
    expect(words(reduceCallPhase(joining, { type: 'joined', peerPresent: true }))).toBe('Connecting…')
    const connecting = PHASES.connecting!
    expect(words(reduceCallPhase(connecting, { type: 'media-connection', state: 'connected' }))).toBe('Connected')
    expect(words(reduceCallPhase(connecting, { type: 'media-connection', state: 'disconnected' }))).toBe('Reconnecting…')
    expect(words(reduceCallPhase(connecting, { type: 'server-connection', status: 'reconnecting' }))).toBe('Reconnecting to the server…')
    expect(words(reduceCallPhase(connecting, { type: 'peer-left', reason: 'left' }))).toBe('The other person left the call')
    expect(words(reduceCallPhase(connecting, { type: 'hung-up' }))).toBe('You left the call')
  })

  it('says the call continues while reconnecting to the server from a connected call, until it resumes', () => {
    const inCall = reduceCallPhase(PHASES.connected!, { type: 'server-connection', status: 'reconnecting' })
    expect(inCall).toEqual({ name: 'reconnecting', cause: 'server', note: 'reconnectingServerInCall' })
    expect(words(inCall)).toBe('Reconnecting to the server… your call continues')
    expect(reduceCallPhase(inCall, { type: 'server-connection', status: 'reconnecting' })).toBe(inCall)
    expect(reduceCallPhase(inCall, { type: 'server-connection', status: 'open' })).toBe(inCall)
    // The connection to the other person is not followed while the server is away; `resumed` reads it again.
    expect(reduceCallPhase(inCall, { type: 'media-connection', state: 'disconnected' })).toBe(inCall)
    expect(reduceCallPhase(inCall, { type: 'resumed', state: 'connected' })).toEqual(PHASES.connected)
    expect(reduceCallPhase(inCall, { type: 'resumed', state: 'disconnected' })).toEqual(PHASES['reconnecting:media'])
    expect(reduceCallPhase(inCall, { type: 'server-connection', status: 'closed' }).name).toBe('failed')
  })

  it('resumes the call from any phase but the final ones', () => {
    for (const from of ['joining', 'waiting', 'connecting', 'reconnecting:server', 'peer-left']) {
      expect(reduceCallPhase(PHASES[from]!, { type: 'resumed', state: 'connected' })).toEqual(PHASES.connected)
    }
    expect(reduceCallPhase(PHASES.joining!, { type: 'resumed', state: 'connecting' })).toEqual(PHASES.connecting)
    for (const from of ['room-full', 'failed', 'ended']) {
      expect(reduceCallPhase(PHASES[from]!, { type: 'resumed', state: 'connected' })).toBe(PHASES[from])
    }
  })

  it('tells apart the other person leaving from them losing their connection', () => {
    const connected = PHASES.connected!
    expect(reduceCallPhase(connected, { type: 'peer-left', reason: 'left' }).note).toBe('peerLeft')
    expect(reduceCallPhase(connected, { type: 'peer-left', reason: 'disconnected' }).note).toBe('peerDisconnected')
  })

  it('gives each error its own message', () => {
    const joining = PHASES.joining!
    const error = (code: SignalingErrorCode): string => reduceCallPhase(joining, { type: 'signaling-error', code }).note
    expect(error(SignalingErrorCode.RoomFull)).toBe('roomFull')
    expect(words(reduceCallPhase(joining, { type: 'signaling-error', code: SignalingErrorCode.RoomFull }))).toBe(
      'This room is full: a call here already has two people.',
    )
    expect(error(SignalingErrorCode.BadRoomCode)).toBe('badRoomCode')
    expect(error(SignalingErrorCode.UnsupportedVersion)).toBe('unsupportedVersion')
    expect(error(SignalingErrorCode.BadMessage)).toBe('joinRefused')
    expect(reduceCallPhase(PHASES.connected!, { type: 'media-connection', state: 'failed' }).note).toBe('mediaFailed')
    expect(error(SignalingErrorCode.TooManyAttempts)).toBe('tooManyAttempts')
    expect(reduceCallPhase(joining, { type: 'failed', note: 'joinFailed' }).note).toBe('joinFailed')
    expect(reduceCallPhase(joining, { type: 'server-connection', status: 'closed' }).note).toBe('serverClosed')
  })

  it('has words for every note in English and in Korean, different in each', () => {
    for (const note of PHASE_NOTES) {
      const en = callText.catalogs.en.phase[note]
      const ko = callText.catalogs.ko.phase[note]
      expect(en.length).toBeGreaterThan(0)
      expect(ko.length).toBeGreaterThan(0)
      expect(ko).not.toBe(en)
    }
  })

  it('shows the same phase in Korean once the language is Korean', () => {
    const connected = PHASES.connected!
    setCurrentLocale('ko')
    expect(words(connected)).toBe('연결됨')
    expect(words(reduceCallPhase(connected, { type: 'hung-up' }))).toBe('통화를 나왔어요')
  })

  it('keeps saying "Reconnecting…" while an ICE restart passes through connecting again', () => {
    const restarting = reduceCallPhase(PHASES.connected!, { type: 'media-restarting' })
    const checking = reduceCallPhase(restarting, { type: 'media-connection', state: 'connecting' })
    expect(checking).toBe(restarting)
    expect(reduceCallPhase(checking, { type: 'media-connection', state: 'connected' }).name).toBe('connected')
  })

  it('offers a way back to the start once the call is over or the other person left', () => {
    const offered = ORDER.filter((key) => offersBackToStart(PHASES[key]!))
    expect(offered).toEqual(['peer-left', 'room-full', 'failed', 'ended'])
  })
})
