import { describe, expect, it, vi } from 'vitest'
import { createMediaAccessRequester, type SystemPreferencesLike } from '../../../src/main/media-access'
import type { CaptureKind, MediaAccessStatus } from '../../../src/shared/devices'

/** `systemPreferences` with a status per kind; asking settles the status the way the person answers. */
function fakeSystemPreferences(status: Record<CaptureKind, MediaAccessStatus>, answers: Partial<Record<CaptureKind, boolean>> = {}) {
  const asked: CaptureKind[] = []
  const preferences: SystemPreferencesLike = {
    getMediaAccessStatus: vi.fn((kind: CaptureKind) => status[kind]),
    askForMediaAccess: vi.fn(async (kind: CaptureKind) => {
      asked.push(kind)
      const granted = answers[kind] ?? true
      status[kind] = granted ? 'granted' : 'denied'
      return granted
    }),
  }
  return { preferences, asked }
}

describe('createMediaAccessRequester on macOS', () => {
  it('asks for each requested kind that macOS has not asked about yet, camera first', async () => {
    const { preferences, asked } = fakeSystemPreferences({ camera: 'not-determined', microphone: 'not-determined' }, { microphone: false })
    const request = createMediaAccessRequester({ platform: 'darwin', systemPreferences: preferences })
    expect(await request(['microphone', 'camera'])).toEqual({ camera: 'granted', microphone: 'denied' })
    expect(asked).toEqual(['camera', 'microphone'])
  })

  it('never asks again once the person has answered, and reports denied, restricted and granted as they are', async () => {
    const { preferences, asked } = fakeSystemPreferences({ camera: 'denied', microphone: 'restricted' })
    const request = createMediaAccessRequester({ platform: 'darwin', systemPreferences: preferences })
    expect(await request(['camera', 'microphone'])).toEqual({ camera: 'denied', microphone: 'restricted' })
    expect(asked).toEqual([])
  })

  it('reports a kind that was not requested without asking for it', async () => {
    const { preferences, asked } = fakeSystemPreferences({ camera: 'not-determined', microphone: 'not-determined' })
    const request = createMediaAccessRequester({ platform: 'darwin', systemPreferences: preferences })
    expect(await request(['microphone'])).toEqual({ camera: 'not-determined', microphone: 'granted' })
    expect(asked).toEqual(['microphone'])
  })

  it('shares one prompt between two windows asking at the same time', async () => {
    const status: Record<CaptureKind, MediaAccessStatus> = { camera: 'not-determined', microphone: 'granted' }
    let answer!: (granted: boolean) => void
    const preferences: SystemPreferencesLike = {
      getMediaAccessStatus: (kind) => status[kind],
      askForMediaAccess: vi.fn(() => new Promise<boolean>((resolve) => (answer = resolve))),
    }
    const request = createMediaAccessRequester({ platform: 'darwin', systemPreferences: preferences })
    const first = request(['camera'])
    const second = request(['camera'])
    await vi.waitFor(() => expect(preferences.askForMediaAccess).toHaveBeenCalledTimes(1))
    answer(true)
    expect(await Promise.all([first, second])).toEqual([
      { camera: 'granted', microphone: 'granted' },
      { camera: 'granted', microphone: 'granted' },
    ])
  })

  it('falls back to the current status, and logs, when asking fails', async () => {
    const log = vi.fn()
    const preferences: SystemPreferencesLike = {
      getMediaAccessStatus: () => 'not-determined',
      askForMediaAccess: () => Promise.reject(new Error('invalid media type')),
    }
    const request = createMediaAccessRequester({ platform: 'darwin', systemPreferences: preferences, log })
    expect(await request(['camera'])).toEqual({ camera: 'not-determined', microphone: 'not-determined' })
    expect(log).toHaveBeenCalledWith('[media-access] asking macOS for the camera failed: invalid media type')
  })
})

describe('createMediaAccessRequester elsewhere', () => {
  it('reports the Windows privacy switches and never asks', async () => {
    const { preferences, asked } = fakeSystemPreferences({ camera: 'denied', microphone: 'not-determined' })
    const request = createMediaAccessRequester({ platform: 'win32', systemPreferences: preferences })
    expect(await request(['camera', 'microphone'])).toEqual({ camera: 'denied', microphone: 'not-determined' })
    expect(asked).toEqual([])
  })

  it('grants everything on Linux, where the OS has no gate, without calling systemPreferences at all', async () => {
    const { preferences } = fakeSystemPreferences({ camera: 'denied', microphone: 'denied' })
    const request = createMediaAccessRequester({ platform: 'linux', systemPreferences: preferences })
    expect(await request(['camera', 'microphone'])).toEqual({ camera: 'granted', microphone: 'granted' })
    expect(preferences.getMediaAccessStatus).not.toHaveBeenCalled()
    expect(preferences.askForMediaAccess).not.toHaveBeenCalled()
  })
})
