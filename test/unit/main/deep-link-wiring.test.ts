import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { installDeepLinks, type DeepLinkAppLike } from '../../../src/main/deep-link-wiring'

/** Electron's `app` as far as the wiring can tell: the lock, the registration and the two events. */
class FakeApp implements DeepLinkAppLike {
  lock = true
  registered: unknown[][] = []
  registerResult = true
  readonly listeners = new Map<string, (...args: never[]) => void>()
  requestSingleInstanceLock(): boolean {
    return this.lock
  }
  setAsDefaultProtocolClient(...args: unknown[]): boolean {
    this.registered.push(args)
    return this.registerResult
  }
  on(event: string, listener: (...args: never[]) => void): this {
    this.listeners.set(event, listener)
    return this
  }
  secondInstance(argv: string[]): void {
    ;(this.listeners.get('second-instance') as (event: unknown, argv: string[]) => void)({}, argv)
  }
  openUrl(url: string): { prevented: boolean } {
    const event = { prevented: false, preventDefault: () => void (event.prevented = true) }
    ;(this.listeners.get('open-url') as (event: { preventDefault(): void }, url: string) => void)(event, url)
    return event
  }
}

const LINK = 'tonghwa://call/7KD93QFXZ5'

function install(app: FakeApp, argv: string[] = ['/opt/Tonghwa/tonghwa'], defaultApp = false) {
  const shown: number[] = []
  const logs: string[] = []
  const intake = installDeepLinks({
    app,
    argv,
    defaultApp,
    execPath: '/opt/electron/electron',
    onSecondInstance: () => void shown.push(1),
    log: (message) => logs.push(message),
  })
  return { intake, shown, logs }
}

describe('installDeepLinks', () => {
  it('says to quit, and registers nothing, when another instance holds the lock', () => {
    const app = new FakeApp()
    app.lock = false
    const { intake } = install(app, ['/opt/Tonghwa/tonghwa', LINK])
    expect(intake.primary).toBe(false)
    expect(app.registered).toEqual([])
    expect(app.listeners.size).toBe(0)
  })

  it('registers the packaged app for tonghwa:// links', () => {
    const app = new FakeApp()
    expect(install(app).intake.primary).toBe(true)
    expect(app.registered).toEqual([['tonghwa']])
  })

  it('in development registers Electron with the path of the app, which the OS must start', () => {
    const app = new FakeApp()
    install(app, ['/opt/electron/electron', 'out/main/index.js'], true)
    expect(app.registered).toEqual([['tonghwa', '/opt/electron/electron', [resolve('out/main/index.js')]]])
  })

  it('says so when the OS refused the registration', () => {
    const app = new FakeApp()
    app.registerResult = false
    expect(install(app).logs).toEqual([expect.stringContaining('could not register')])
  })

  it('keeps the link the app was started with, and links from before ready, until there is somewhere to deliver them', () => {
    const app = new FakeApp()
    const { intake } = install(app, ['/opt/Tonghwa/tonghwa', '--no-sandbox', LINK])
    expect(app.openUrl('tonghwa://join/7KD93QFXZ5').prevented).toBe(true)
    const delivered: string[] = []
    intake.deliverTo((url) => delivered.push(url))
    expect(delivered).toEqual([LINK, 'tonghwa://join/7KD93QFXZ5'])
    app.openUrl(LINK)
    expect(delivered).toHaveLength(3)
  })

  it('takes the link a second start of the app was given, and brings a window forward either way', () => {
    const app = new FakeApp()
    const { intake, shown } = install(app)
    const delivered: string[] = []
    intake.deliverTo((url) => delivered.push(url))
    app.secondInstance(['/opt/Tonghwa/tonghwa', '--original-process-start-time=13', LINK])
    app.secondInstance(['/opt/Tonghwa/tonghwa'])
    expect(delivered).toEqual([LINK])
    expect(shown).toHaveLength(2)
  })

  it('keeps only the last few links that arrive before delivery', () => {
    const app = new FakeApp()
    const { intake } = install(app)
    for (let n = 0; n < 10; n++) app.openUrl(`tonghwa://call/${n}`)
    const delivered: string[] = []
    intake.deliverTo((url) => delivered.push(url))
    expect(delivered).toEqual(['tonghwa://call/6', 'tonghwa://call/7', 'tonghwa://call/8', 'tonghwa://call/9'])
  })
})
