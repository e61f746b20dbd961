/**
 * One connection's place in a room: joining (with a resume claim), relaying its signals to the other members,
 * and leaving. A connection is in at most one room at a time, under a new peer id for every join, so one id names
 * one membership. The exception is a resume claim (resume-tokens.ts): it takes its id back for a new connection,
 * from the old one if that still holds it (usually half-open), and for the room the membership simply goes on.
 * Split out of connection.ts, which keeps the socket, the frame queue and the limits.
 */
import type { JoinMessage, PeerId, PeerLeftReason, SendSignalMessage, ServerMessage } from '../shared/protocol'
import type { RoomCode } from '../shared/room-code'
import { SignalingErrorCode } from '../shared/signaling-errors'
import { nodeOf, type LeaveRoomOutcome, type RoomMember } from './cluster/backplane'
import type { ClientConnection, SignalingContext } from './connection'
import { IceServerRefresh } from './ice-refresh'
import { generatePeerId } from './peer-id'

/** Peer ids are 60 random bits: one clash is absurdly unlikely, five in a row means something is broken. */
const PEER_ID_ATTEMPTS = 5

interface Membership {
  room: RoomCode
  peerId: PeerId
  ice: IceServerRefresh
}

export class RoomMembership {
  readonly #connection: ClientConnection
  readonly #context: SignalingContext
  readonly #sendError: (code: SignalingErrorCode, message: string) => void
  /** Set while this connection is in a room. */
  #membership: Membership | undefined

  constructor(connection: ClientConnection, context: SignalingContext, sendError: (code: SignalingErrorCode, message: string) => void) {
    this.#connection = connection
    this.#context = context
    this.#sendError = sendError
  }

  /** The peer id of the current membership, for logs; undefined while not in a room. */
  get peerId(): PeerId | undefined {
    return this.#membership?.peerId
  }

  get inRoom(): boolean {
    return this.#membership !== undefined
  }

  /** The room of the current membership; undefined while not in one. */
  get room(): RoomCode | undefined {
    return this.#membership?.room
  }

  /**
   * Resolves true when the join missed, as guessing a room code does: refused as full, a resume claim that was
   * not granted, or a room with nobody else in it. (Whoever opens a room for a call misses once too; the free
   * failures of the throttle are for them.)
   */
  async join(message: JoinMessage): Promise<boolean> {
    const { backplane, members, logger } = this.#context
    if (this.#membership !== undefined) {
      this.#sendError(SignalingErrorCode.AlreadyInRoom, 'this connection is already in a room: send leave first')
      return false
    }
    const { resumeTokens } = this.#context
    // A claim whose token does not verify is ignored, not refused: the client simply gets a fresh id (and a miss).
    const resume = message.resume !== undefined && resumeTokens.allows(message.room, message.resume.peerId, message.resume.token) ? message.resume : undefined
    const holder = this.#connection.address
    for (let attempt = 1; ; attempt++) {
      const resuming = resume !== undefined && attempt === 1
      const peerId = resuming ? resume.peerId : generatePeerId()
      // A verified claim takes its id back even from a connection that still holds it in the room: only the
      // client the token was given to can make one, and the connection it replaces is usually half-open (its
      // network changed, and the server has not noticed yet).
      const outcome = resuming
        ? await backplane.joinRoom(message.room, peerId, holder, { takeOver: true })
        : members.has(peerId)
          ? ({ ok: false, reason: 'clash' } as const)
          : await backplane.joinRoom(message.room, peerId, holder)
      if (!outcome.ok && outcome.reason === 'clash') {
        // A claimed id in use outside this room (a fresh id that clashed with it) is not taken: a fresh id.
        if (attempt < PEER_ID_ATTEMPTS + (resume !== undefined ? 1 : 0)) continue
        throw new Error('no free peer id after several attempts')
      }
      for (const gone of outcome.gone) this.#tellAll(outcome.peers, { v: 1, type: 'peer-left', peerId: gone, reason: 'disconnected' })
      if (!outcome.ok) {
        this.#sendError(SignalingErrorCode.RoomFull, 'this room is full')
        return true
      }
      // Before this connection is listed under the id: the old holder, if on this process, is found by it.
      if (outcome.replaced !== undefined) backplane.send(nodeOf(outcome.replaced), { t: 'taken-over', peerId, address: outcome.replaced })

      const ice = new IceServerRefresh(this.#context.issueIceServers, peerId, (iceServers) => this.#connection.send({ v: 1, type: 'ice-servers', iceServers }))
      this.#membership = { room: message.room, peerId, ice }
      members.set(peerId, this.#connection)
      // The same token for the same id in the same room: a granted claim keeps its token.
      const resumeToken = resumeTokens.issue(message.room, peerId)
      // Room codes are the only thing that keeps a call private, so they are never logged.
      logger.info('peer joined', { peerId, resumed: resuming, tookOver: outcome.tookOver === true, peersInRoom: outcome.peers.length + 1 })
      const peers = outcome.peers.map((peer) => peer.peerId)
      this.#connection.send({ v: 1, type: 'joined', room: message.room, peerId, peers, iceServers: ice.start(), resumeToken })
      // Taken over, the id never left: the others see it go on, with nothing to tell them.
      if (outcome.tookOver !== true) this.#tellAll(outcome.peers, { v: 1, type: 'peer-joined', peerId })
      return peers.length === 0 || (message.resume !== undefined && resume === undefined)
    }
  }

  /**
   * A resume claim gave this membership's peer id to another connection (connection.ts, `takenOver`): the
   * membership ends here without a word to the room, where the id goes on. False when this connection does not
   * hold `peerId` (it left already).
   */
  surrender(peerId: PeerId): boolean {
    const membership = this.#membership
    if (membership?.peerId !== peerId) return false
    const { backplane, logger } = this.#context
    this.#forget(membership)
    logger.info('peer taken over by a resume claim', { peerId })
    // Changes nothing shared (the id is the other connection's now), only this process's record of this holder.
    backplane.leaveRoom(membership.room, peerId, this.#connection.address).then(
      (left) => this.#tellGone(left),
      (error: unknown) => logger.warn('could not forget a member that was taken over', { peerId, error }),
    )
    return true
  }

  /**
   * Relays a signal to another member. Synchronous when the backplane can find the member at once (one process
   * alone): then the frame costs no promise (serial-queue.ts); a promise otherwise.
   */
  relay(message: SendSignalMessage): void | Promise<void> {
    const membership = this.#membership
    if (membership === undefined) return this.#sendError(SignalingErrorCode.NotInRoom, 'signal sent before join')
    if (message.to === membership.peerId) return this.#relayTo(undefined, membership.peerId, message)
    const { backplane } = this.#context
    if (backplane.findMemberNow !== undefined) return this.#relayTo(backplane.findMemberNow(membership.room, message.to), membership.peerId, message)
    return backplane.findMember(membership.room, message.to).then((target) => this.#relayTo(target, membership.peerId, message))
  }

  async leave(reason: PeerLeftReason): Promise<void> {
    const membership = this.#membership
    if (membership === undefined) return
    const { backplane, logger } = this.#context
    const { room, peerId } = membership
    this.#forget(membership)
    const left = await backplane.leaveRoom(room, peerId, this.#connection.address)
    this.#tellGone(left)
    // Another connection took the id over meanwhile: for the room it goes on, so nobody is told it left.
    if (!left.left) return logger.info('peer left after its id was taken over', { peerId, reason })
    logger.info('peer left', { peerId, reason, peersInRoom: left.remaining.length })
    this.#tellAll(left.remaining, { v: 1, type: 'peer-left', peerId, reason })
  }

  /** Ends the membership here; the id stays listed for delivery only if another connection holds it now. */
  #forget(membership: Membership): void {
    const { members } = this.#context
    this.#membership = undefined
    if (members.get(membership.peerId) === this.#connection) members.delete(membership.peerId)
    membership.ice.stop()
  }

  /** Tells the rest of the room about members the backplane found dead on the way. */
  #tellGone(left: LeaveRoomOutcome): void {
    for (const gone of left.gone) this.#tellAll(left.remaining, { v: 1, type: 'peer-left', peerId: gone, reason: 'disconnected' })
  }

  #relayTo(target: RoomMember | undefined, from: PeerId, message: SendSignalMessage): void {
    if (target === undefined) return this.#sendError(SignalingErrorCode.UnknownPeer, `peer ${message.to} is not in your room`)
    const { data } = message
    this.#context.metrics.relayed(data.kind === 'candidate' ? 'candidate' : data.description.type)
    // `from` comes from the server's own record, never from the frame: a peer cannot speak for another.
    this.#tell(target, { v: 1, type: 'signal', from, data })
  }

  #tell(member: RoomMember, message: ServerMessage): void {
    this.#context.backplane.send(member.node, { t: 'peer', peerId: member.peerId, message })
  }

  #tellAll(members: readonly RoomMember[], message: ServerMessage): void {
    for (const member of members) this.#tell(member, message)
  }
}
