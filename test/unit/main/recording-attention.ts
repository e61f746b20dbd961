/** An `AttentionHost` that records what the attention logic asked the OS to do, with windows the test sets. */
import type { AttentionHost, WindowsState } from '../../../src/main/attention'

export interface RecordingAttentionHost extends AttentionHost {
  state: WindowsState
  /** What was asked, in order: `open-window`, `show-window`, `notify <title>`, `close <title>`, `attention`, `attention-stop`. */
  readonly log: string[]
  /** Every notification shown, with its words. */
  notifications(): Array<{ title: string; body: string }>
  /** Clicks the notification with this title. */
  click(title: string): void
}

export function recordingAttentionHost(state: WindowsState = { count: 1, focused: true }): RecordingAttentionHost {
  const log: string[] = []
  const clicks = new Map<string, () => void>()
  const shown: Array<{ title: string; body: string }> = []
  return {
    state,
    log,
    windows() {
      return { ...this.state }
    },
    openWindow: () => void log.push('open-window'),
    showWindow: () => void log.push('show-window'),
    showNotification({ title, body, onClick }) {
      log.push(`notify ${title}`)
      shown.push({ title, body })
      clicks.set(title, onClick)
      return { close: () => void log.push(`close ${title}`) }
    },
    requestAttention() {
      log.push('attention')
      return { stop: () => void log.push('attention-stop') }
    },
    notifications: () => [...shown],
    click(title) {
      const onClick = clicks.get(title)
      if (!onClick) throw new Error(`no notification titled ${title}`)
      onClick()
    },
  }
}
