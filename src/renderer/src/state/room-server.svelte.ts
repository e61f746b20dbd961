/**
 * Which server the room on screen is on, and the invitations to it:
 * - a `tonghwa://join/…?server=` link naming a server other than the person's own waits here for their consent
 *   ("Join room 7KD-93QF-XZ5 on signal.example.org?"); agreed, its room is entered with that server, for that one
 *   room: it is dropped when the room is left, and never saved;
 * - **Copy invite** puts on the clipboard the room's web page (when its server has a public https address) and a
 *   `tonghwa://` link naming its server (shared/invite.ts).
 * The window's own server is whatever main says invitations name (`getInviteServer`: null in automatic mode).
 */
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import { buildInvite } from '../../../shared/invite'
import { formatRoomCode, type RoomCode } from '../../../shared/room-code'
import { sameServerAddress, serverHostLabel } from '../../../shared/server-address'
import { inviteText } from '../i18n/messages/invite'
import { CopyState } from './copy.svelte'

export interface RoomServerStateOptions {
  bridge: Pick<TonghwaBridge, 'getInviteServer'>
  writeClipboard: (text: string) => Promise<void>
  copiedForMs?: number
  onError: (error: unknown) => void
}

export class RoomServerState {
  /** "Copy invite" and its feedback. */
  readonly copy: CopyState
  readonly #options: RoomServerStateOptions
  #pending = $state.raw<{ room: RoomCode; server: string } | null>(null)
  #server = $state<string | null>(null)

  constructor(options: RoomServerStateOptions) {
    this.#options = options
    this.copy = new CopyState(options.writeClipboard, options.copiedForMs)
  }

  /** The server the room on screen is on when it is not the person's own (a link they agreed to); else null. */
  get server(): string | null {
    return this.#server
  }
  /** "signal.example.org", or null on the person's own server. */
  get label(): string | null {
    return this.#server === null ? null : serverHostLabel(this.#server)
  }
  /** A room on another server a link asks to join, as the question shows it, until the person answers. */
  get pending(): { room: string; host: string } | null {
    const pending = this.#pending
    return pending ? { room: formatRoomCode(pending.room), host: serverHostLabel(pending.server) } : null
  }

  /**
   * A join link naming `server`: true when that is another server than the person's own, and the link now waits
   * for their answer; false when it is an ordinary room link (their own server, or none named).
   */
  async asksFirst(room: RoomCode, server: string | undefined): Promise<boolean> {
    if (server === undefined || (await this.#isOwn(server))) return false
    this.#pending = { room, server }
    return true
  }

  /** The person agreed: the room and its server, once. */
  takeAgreed(): { room: RoomCode; server: string } | null {
    const pending = this.#pending
    this.#pending = null
    return pending
  }

  dismiss(): void {
    this.#pending = null
  }

  /** A room is on screen: on `server` (a link the person agreed to), or, with null, on their own. */
  enter(server: string | null): void {
    this.#server = server
    this.copy.reset()
  }

  /** The room is left: a server a link named is forgotten with it. */
  leave(): void {
    this.enter(null)
  }

  async copyInvite(room: RoomCode): Promise<void> {
    let server = this.#server
    if (server === null) {
      try {
        server = await this.#options.bridge.getInviteServer()
      } catch (error) {
        this.#options.onError(error)
      }
    }
    const invite = buildInvite(room, server)
    await this.copy.copy(inviteText().clipboard(formatRoomCode(room), invite.appLink, invite.webLink))
  }

  dispose(): void {
    this.copy.dispose()
  }

  async #isOwn(server: string): Promise<boolean> {
    try {
      const own = await this.#options.bridge.getInviteServer()
      return own !== null && sameServerAddress(own, server)
    } catch (error) {
      this.#options.onError(error)
      return false
    }
  }
}
