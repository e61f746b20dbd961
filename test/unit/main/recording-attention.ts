/** An `AttentionHost` that records what the attention logic asked the OS to do, with windows the test sets. */
import type { AttentionHost, WindowsState } from '../../../src/main/attention'

export interface RecordingAttentionHost extends AttentionHost {
  state: WindowsState
  /** What was asked, in order: `open-window`, `show-window`, `notify <title>`, `close <title>`, `attention`, `attention-stop`. */
  readonly log: string[]
  /** Clicks the notification with this title. */
  click(title: string): void
}

export function recordingAttentionHost(state: WindowsState = { count: 1, focused: true }): RecordingAttentionHost {
  const log: string[] = []
  const clicks = new Map<string, () => void>()
  return {
    state,
    log,
    windows() {
      return { ...this.state }
    },
    openWindow: () => void log.push('open-window'),
    showWindow: () => void log.push('show-window'),
    showNotification({ title, onClick }) {
      log.push(`notify ${title}`)
      clicks.set(title, onClick)
      return { close: () => void log.push(`close ${title}`) }
    },
    requestAttention() {
      log.push('attention')
      return { stop: () => void log.push('attention-stop') }
    },
    click(title) {
      const onClick = clicks.get(title)
      if (!onClick) throw new Error(`no notification titled ${title}`)
      onClick()
    },
  }
}
