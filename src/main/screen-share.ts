/**
 * Which screen or window a `getDisplayMedia` call gets, in the app. Electron hands every such call to one
 * session-wide handler, with no say from the page about what to capture; the page shows its own picker
 * instead, from a list main made, and names the source it wants before it calls `getDisplayMedia`.
 *
 * So that a page can only ever get what the person just picked: a window's choice must be one of the sources
 * main listed to that same window; it is used once; it expires after a few seconds; and it is only handed to
 * a request from that window's main frame, on one of the app's own pages. Everything else is refused.
 *
 * Those rules keep a page to its own picker's list, but a script in the page (an injected one, say) could list,
 * name and ask all by itself. Main cannot see the picker, so "the person picked" is what main can observe of a
 * person acting in that window: the `getDisplayMedia` call came with a user gesture (Chromium's transient
 * activation: a real click or key press in the last few seconds, which no script can make), and the window was
 * in front (focused, visible, not minimized) when it asked. A share then needs a person at the window, acting;
 * it cannot start from a hidden window, on a timer, or while they are in another program. Its limit: a script
 * that waits for any click in the window (on Mute, say) can spend that gesture on a source of its choice. A
 * native confirmation per share would close that, at the price of asking twice every time; it is not done
 * because such a script already holds the camera and microphone that the app's origin is granted.
 * docs/security-electron.md, "Screen sharing", says the same. No Electron import: tested in Node.
 */
import { screenSourceKindOf, type ScreenSource } from '../shared/screen-sources'
import { isTrustedUrl, originOf } from './app-origin'
import { CodedError } from '../shared/coded-error'

/** How long a choice waits for its `getDisplayMedia`, in ms: the page calls it right after choosing. */
export const SCREEN_CHOICE_TTL_MS = 10_000
/** How long a listed source can still be chosen, in ms: a picker left open longer is listed again. */
export const SCREEN_LIST_TTL_MS = 5 * 60_000

/** Stable error codes `chooseSource` rejects with; the message is `CODE: detail`. */
export const ScreenShareErrorCode = {
  /** The id is not one of the sources main listed to this window (or that list expired). */
  NotListed: 'SCREEN_ERR_NOT_LISTED',
} as const
export type ScreenShareErrorCode = (typeof ScreenShareErrorCode)[keyof typeof ScreenShareErrorCode]

export class ScreenShareError extends CodedError<ScreenShareErrorCode> {
  override name = 'ScreenShareError'
}

/** A source as Electron's `desktopCapturer` gives it, with the thumbnail already a data URL. */
export interface CapturedSourceLike {
  id: string
  name: string
  thumbnail: string
}

/** What the display-media request handler knows about a request, from Electron's `request`. */
export interface DisplayMediaRequestInfo {
  /** The window whose page asked (`BrowserWindow#id`); null when the frame is gone or not in a window. */
  windowId: number | null
  /** The requesting frame's URL; null when the frame is gone. */
  frameUrl: string | null
  isMainFrame: boolean
  securityOrigin: string
  videoRequested: boolean
  /** Electron's `request.userGesture`: the page had transient activation (a real click or key press) when it asked. */
  userGesture: boolean
  /** The window was focused, visible and not minimized when the request came. */
  windowInFront: boolean
}

/** What Electron's display-media request says, as far as the decision needs it (`DisplayMediaRequestHandlerHandlerRequest`). */
export interface ElectronDisplayMediaRequestLike {
  frame: { readonly url: string; readonly parent: unknown } | null
  securityOrigin: string
  videoRequested: boolean
  userGesture: boolean
}

/** The window of the requesting frame (`BrowserWindow`), as far as the decision needs it. */
export interface RequestingWindowLike {
  readonly id: number
  isFocused(): boolean
  isVisible(): boolean
  isMinimized(): boolean
}

/** Turns Electron's request and the window of its frame into what `decide` reads. */
export function describeDisplayMediaRequest(request: ElectronDisplayMediaRequestLike, window: RequestingWindowLike | null): DisplayMediaRequestInfo {
  const { frame } = request
  return {
    windowId: window?.id ?? null,
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame.parent === null,
    securityOrigin: request.securityOrigin,
    videoRequested: request.videoRequested,
    userGesture: request.userGesture,
    windowInFront: window !== null && window.isFocused() && window.isVisible() && !window.isMinimized(),
  }
}

export type DisplayMediaDecision = { allow: true; source: { id: string; name: string }; reason: string } | { allow: false; reason: string }

interface Listed {
  sources: ReadonlyMap<string, string>
  at: number
}
interface Choice {
  id: string
  name: string
  at: number
}

export interface ScreenShareServiceOptions {
  /** Lists the screens and windows (`desktopCapturer.getSources` in the app). */
  listSources: () => Promise<CapturedSourceLike[]>
  /** Default `Date.now`. */
  now?: () => number
}

/** One per app: the sources listed to each window and each window's pending choice. */
export class ScreenShareService {
  readonly #listSources: () => Promise<CapturedSourceLike[]>
  readonly #now: () => number
  readonly #listed = new Map<number, Listed>()
  readonly #chosen = new Map<number, Choice>()

  constructor({ listSources, now = Date.now }: ScreenShareServiceOptions) {
    this.#listSources = listSources
    this.#now = now
  }

  /** Lists the sources for a window's picker; only these can then be chosen by that window. */
  async list(windowId: number): Promise<ScreenSource[]> {
    const sources = toScreenSources(await this.#listSources())
    this.#listed.set(windowId, { sources: new Map(sources.map((source) => [source.id, source.name])), at: this.#now() })
    // A new list means a new pick: an older choice must not be the one a later request gets.
    this.#chosen.delete(windowId)
    return sources
  }

  /** The person picked `id` in the window's picker; its `getDisplayMedia` follows at once. */
  choose(windowId: number, id: string): void {
    const listed = this.#listed.get(windowId)
    const name = listed && this.#now() - listed.at <= SCREEN_LIST_TTL_MS ? listed.sources.get(id) : undefined
    if (name === undefined) throw new ScreenShareError(ScreenShareErrorCode.NotListed, `${id.slice(0, 60)} is not one of the sources listed to this window`)
    this.#chosen.set(windowId, { id, name, at: this.#now() })
  }

  /** Answers a `getDisplayMedia` request; a granted choice is used up. */
  decide(request: DisplayMediaRequestInfo, trustedOrigins: readonly string[]): DisplayMediaDecision {
    if (request.windowId === null || request.frameUrl === null) return { allow: false, reason: 'the requesting frame is gone' }
    // Taken before the checks below: a refused request must not leave the choice for a later one.
    const choice = this.#chosen.get(request.windowId)
    this.#chosen.delete(request.windowId)
    if (!isTrustedUrl(request.securityOrigin, trustedOrigins) || !isTrustedUrl(request.frameUrl, trustedOrigins)) {
      return { allow: false, reason: `screen sharing is only for the app's own pages, not ${originOf(request.frameUrl) ?? 'an unknown origin'}` }
    }
    if (!request.isMainFrame) return { allow: false, reason: 'screen sharing is only for the main frame; the app has no frames of its own' }
    if (!request.videoRequested) return { allow: false, reason: 'the request asks for no video' }
    if (!choice) return { allow: false, reason: 'nothing was picked in the app before the request' }
    if (!request.userGesture) return { allow: false, reason: 'no click or key press in the window came before the request; the person must pick the source' }
    if (!request.windowInFront) return { allow: false, reason: 'the window is not in front (hidden, minimized or not focused); the person must be looking at it' }
    if (this.#now() - choice.at > SCREEN_CHOICE_TTL_MS) return { allow: false, reason: 'the pick is too old; pick again' }
    return { allow: true, source: { id: choice.id, name: choice.name }, reason: `sharing ${screenSourceKindOf(choice.id)} ${choice.id}` }
  }

  /** The window closed: nothing of it is kept. */
  forget(windowId: number): void {
    this.#listed.delete(windowId)
    this.#chosen.delete(windowId)
  }
}

/** Keeps only sources with a well-formed id; names are trimmed to a sane length; screens first. */
export function toScreenSources(captured: readonly CapturedSourceLike[]): ScreenSource[] {
  const sources: ScreenSource[] = []
  for (const source of captured) {
    const kind = screenSourceKindOf(source.id)
    if (!kind) continue
    const thumbnail = source.thumbnail.startsWith('data:image/png;base64,') ? source.thumbnail : ''
    sources.push({ id: source.id, name: source.name.slice(0, 500), kind, thumbnail })
  }
  return [...sources.filter((source) => source.kind === 'screen'), ...sources.filter((source) => source.kind === 'window')]
}
