/**
 * A man in the middle for end-to-end tests: what a signaling server (or anything on the path to it) could do.
 * Each person's WebSocket to the real server is routed through the test (`page.routeWebSocket`); while the
 * attack is on, their `signal` frames never reach the other person but a third Chromium page, which answers
 * each side with its own RTCPeerConnection (its own DTLS certificate) and forwards the media it receives from
 * one side to the other (`replaceTrack`). Everything else (joining, ringing, presence) passes untouched, so the
 * call sets up as usual and media flows both ways, through the attacker.
 *
 * On the safety channel (the app's commit-then-reveal check, src/renderer/src/call/safety-exchange.ts) the
 * attacker either takes part in the protocol on each leg with nonces and an identity key of its own (`'own'`,
 * the default: what a real attacker does, since it cannot make the honest frames fit its certificates), or
 * relays every frame verbatim between the legs (`'relay'`).
 */
import type { Browser, BrowserContext, Page, WebSocketRoute } from '@playwright/test'

export type Leg = 'a' | 'b'
export type SafetyMode = 'own' | 'relay'
type Frame = { type?: string; peerId?: string; peers?: string[]; data?: unknown }

export class ManInTheMiddle {
  /** Whether signals are diverted now; off, every frame passes as it would without the test. */
  active = false
  readonly #page: Page
  readonly #clients = new Map<Leg, WebSocketRoute>()
  /** Per leg, the peer id that person believes they talk to (learned from `joined` / `peer-joined`). */
  readonly #peerOf = new Map<Leg, string>()

  private constructor(page: Page) {
    this.#page = page
  }

  /** The attacker's page, in a context of its own (its own fake camera), on the app's origin. */
  static async open(browser: Browser, httpUrl: string): Promise<{ mitm: ManInTheMiddle; context: BrowserContext }> {
    const context = await browser.newContext()
    const page = await context.newPage()
    const mitm = new ManInTheMiddle(page)
    await page.route('**/mitm', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>mitm</title>' }))
    await page.goto(new URL('/mitm', httpUrl).href)
    await page.exposeBinding('__mitmSend', (_source, leg: Leg, data: unknown) => mitm.#inject(leg, data))
    await page.evaluate(installAttacker)
    return { mitm, context }
  }

  /** For `openPerson({ beforeLoad })`: routes this person's signaling socket through the test as `leg`. */
  route(leg: Leg): (context: BrowserContext, page: Page) => Promise<void> {
    return async (_context, page) => {
      await page.routeWebSocket(/\/signal$/, (client) => {
        const server = client.connectToServer()
        this.#clients.set(leg, client)
        client.onMessage((message) => {
          const frame = parse(message)
          if (this.active && frame?.type === 'join') void this.#page.evaluate((which) => window.__mitm!.reset(which), leg)
          if (this.active && frame?.type === 'signal') {
            void this.#page.evaluate(([which, data]) => window.__mitm!.handle(which, data), [leg, frame.data] as const)
            return
          }
          server.send(message)
        })
        server.onMessage((message) => {
          const frame = parse(message)
          if (frame?.type === 'joined' && frame.peers?.[0]) this.#peerOf.set(leg, frame.peers[0])
          if (frame?.type === 'peer-joined' && frame.peerId) this.#peerOf.set(leg, frame.peerId)
          // The real other side's signals are not sent while active; any left over from before are dropped.
          if (this.active && frame?.type === 'signal') return
          client.send(message)
        })
      })
    }
  }

  /** The attacker's certificates, one per leg, as in its SDP (`sha-256 AB:…`). */
  fingerprints(): Promise<Record<Leg, string | null>> {
    return this.#page.evaluate(() => window.__mitm!.fingerprints())
  }

  /** How the attacker meets the safety check on the connections it makes from now on. */
  setSafetyMode(mode: SafetyMode): Promise<void> {
    return this.#page.evaluate((which) => window.__mitm!.setSafetyMode(which), mode)
  }

  /** Whether the attacker now relays each person's own audio and video to the other. */
  forwarding(): Promise<boolean> {
    return this.#page.evaluate(() => window.__mitm!.forwarding())
  }

  #inject(leg: Leg, data: unknown): void {
    const from = this.#peerOf.get(leg)
    const client = this.#clients.get(leg)
    if (from && client) client.send(JSON.stringify({ v: 1, type: 'signal', from, data }))
  }
}

function parse(message: string | Buffer): Frame | null {
  try {
    return JSON.parse(message.toString()) as Frame
  } catch {
    return null
  }
}

interface Attacker {
  handle(leg: Leg, data: unknown): Promise<void>
  reset(leg: Leg): void
  fingerprints(): Record<Leg, string | null>
  forwarding(): boolean
  setSafetyMode(mode: SafetyMode): void
}
declare global {
  interface Window {
    __mitm?: Attacker
    __mitmSend?: (leg: Leg, data: unknown) => Promise<void>
  }
}

/** Runs in the attacker's page. */
function installAttacker(): void {
  type Side = { pc: RTCPeerConnection; senders: Map<string, RTCRtpSender>; received: Map<string, MediaStreamTrack>; safety: RTCDataChannel }
  const legs = new Map<Leg, Side>()
  let safetyMode: SafetyMode = 'own'
  const other = (leg: Leg): Leg => (leg === 'a' ? 'b' : 'a')
  let camera: Promise<MediaStream> | null = null
  const send = (leg: Leg, data: unknown) => void window.__mitmSend!(leg, data)

  /** What one side sends goes out to the other side, in place of the attacker's own fake camera. */
  const forward = () => {
    for (const [leg, side] of legs) {
      const from = legs.get(other(leg))
      if (!from) continue
      for (const [kind, track] of from.received) void side.senders.get(kind)?.replaceTrack(track)
    }
  }

  const open = async (leg: Leg): Promise<Side> => {
    const existing = legs.get(leg)
    if (existing) return existing
    const pc = new RTCPeerConnection()
    // The app's safety check runs on a pre-negotiated channel, id 2.
    const safety = pc.createDataChannel('safety', { negotiated: true, id: 2 })
    const side: Side = { pc, senders: new Map(), received: new Map(), safety }
    legs.set(leg, side)
    meetSafetyCheck(leg, side)
    camera ??= navigator.mediaDevices.getUserMedia({ audio: true, video: true })
    const stream = await camera
    for (const track of stream.getTracks()) side.senders.set(track.kind, pc.addTrack(track.clone(), stream))
    // The app's chat channel is pre-negotiated (id 0): the same here, so the descriptions have a data section.
    pc.createDataChannel('chat', { negotiated: true, id: 0 })
    pc.addEventListener('icecandidate', (event) => {
      if (event.candidate?.candidate) send(leg, { kind: 'candidate', candidate: event.candidate.toJSON() })
    })
    pc.addEventListener('track', (event) => {
      // Chromium pulls a remote audio track only while something plays it: without this element it would
      // forward silence, no packets at all.
      if (event.track.kind === 'audio') {
        const player = new Audio()
        player.srcObject = new MediaStream([event.track])
        player.muted = true
        void player.play().catch(() => {})
      }
      side.received.set(event.track.kind, event.track)
      forward()
    })
    forward()
    return side
  }

  const answerOrAccept = async (leg: Leg, description: RTCSessionDescriptionInit) => {
    const { pc } = await open(leg)
    await pc.setRemoteDescription(description)
    if (description.type === 'offer') {
      await pc.setLocalDescription()
      send(leg, { kind: 'description', description: { type: pc.localDescription!.type, sdp: pc.localDescription!.sdp } })
      // The other person has not been offered anything yet: the attacker offers, as the one who joined.
      if (!legs.has(other(leg))) {
        const far = await open(other(leg))
        await far.pc.setLocalDescription()
        send(other(leg), { kind: 'description', description: { type: 'offer', sdp: far.pc.localDescription!.sdp } })
      }
    }
  }

  const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
  const fingerprintOf = (pc: RTCPeerConnection) => {
    const match = /^a=fingerprint:(\S+) (\S+)/m.exec(pc.localDescription?.sdp ?? '')
    return match ? `${match[1]!.toLowerCase()} ${match[2]!.toUpperCase()}` : ''
  }
  let identity: Promise<{ key: string; pair: CryptoKeyPair }> | null = null
  const attackerIdentity = () =>
    (identity ??= crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']).then(async (pair) => ({
      key: base64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey))),
      pair,
    })))

  /** The attacker's part in the safety check on one leg (see the module's comment). */
  const meetSafetyCheck = (leg: Leg, side: Side) => {
    if (safetyMode === 'relay') {
      const pending: string[] = []
      side.safety.addEventListener('message', (event) => {
        const far = legs.get(other(leg))?.safety
        if (far?.readyState === 'open') far.send(event.data as string)
        else pending.push(event.data as string)
      })
      // Frames that came before the other leg's channel opened go out as soon as it does.
      const flush = setInterval(() => {
        const far = legs.get(other(leg))?.safety
        if (side.pc.connectionState === 'closed') clearInterval(flush)
        else if (far?.readyState === 'open') for (const frame of pending.splice(0)) far.send(frame)
      }, 50)
      return
    }
    // Its own nonce, committed to its own certificate on this leg, revealed once the person's commitment is in.
    const nonce = crypto.getRandomValues(new Uint8Array(32))
    let ownCommitment: Uint8Array | null = null
    side.safety.addEventListener('open', async () => {
      const label = new TextEncoder().encode(`tonghwa safety commit v1\n${fingerprintOf(side.pc)}\n`)
      ownCommitment = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array([...label, ...nonce])))
      side.safety.send(JSON.stringify({ v: 1, type: 'commit', commitment: base64(ownCommitment) }))
    })
    side.safety.addEventListener('message', async (event) => {
      const frame = JSON.parse(event.data as string) as { type: string; commitment?: string }
      if (frame.type !== 'commit' || !frame.commitment) return
      while (!ownCommitment) await new Promise((resolve) => setTimeout(resolve, 10))
      const { key, pair } = await attackerIdentity()
      const statement = new TextEncoder().encode(`tonghwa safety identity v1\n${fingerprintOf(side.pc)}\n${base64(ownCommitment)}\n${frame.commitment}`)
      const signature = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, statement))
      side.safety.send(JSON.stringify({ v: 1, type: 'reveal', nonce: base64(nonce), identity: { key, signature: base64(signature) } }))
    })
  }

  // One signal at a time per leg, in order: a candidate must not overtake the description before it.
  const queues = new Map<Leg, Promise<void>>()
  window.__mitm = {
    handle: (leg, data) => {
      const signal = data as { kind: string; description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit }
      const next = (queues.get(leg) ?? Promise.resolve()).then(async () => {
        if (signal.kind === 'description' && signal.description) await answerOrAccept(leg, signal.description)
        else if (signal.kind === 'candidate' && signal.candidate) await (await open(leg)).pc.addIceCandidate(signal.candidate)
      })
      queues.set(leg, next.catch((error) => console.warn('[mitm]', error)))
      return next
    },
    setSafetyMode: (mode) => {
      safetyMode = mode
    },
    reset: () => {
      for (const side of legs.values()) side.pc.close()
      legs.clear()
      queues.clear()
    },
    /** Whether each leg sends exactly the audio and video the other leg receives (not the attacker's camera). */
    forwarding: () =>
      [...legs].length === 2 &&
      [...legs].every(([leg, side]) =>
        ['audio', 'video'].every((kind) => {
          const received = legs.get(other(leg))!.received.get(kind)
          return received !== undefined && side.senders.get(kind)?.track === received
        }),
      ),
    fingerprints: () => {
      const of = (leg: Leg) => {
        const sdp = legs.get(leg)?.pc.localDescription?.sdp ?? ''
        const match = /^a=fingerprint:(\S+) (\S+)/m.exec(sdp)
        return match ? `${match[1]!.toLowerCase()} ${match[2]!.toUpperCase()}` : null
      }
      return { a: of('a'), b: of('b') }
    },
  }
}
