/**
 * Recent calls as the list shows them: calls in a row with the same person, or in the same room, are one line
 * ("Minji (3)") with the newest call's words and time, as phones do, so five tries to reach someone do not
 * push everything else off the card. Pure.
 */
import type { RecentRow } from './recent-words'

export interface RecentGroup {
  /** The newest call's id: stable while no newer call joins the group, so the list can key on it. */
  readonly id: string
  /** The newest call: what the line says. */
  readonly latest: RecentRow
  /** Every call in the group, newest first (the latest included). */
  readonly rows: readonly RecentRow[]
}

/** Groups `rows` (newest first) into runs of calls with the same person or in the same room. */
export function groupRecents(rows: readonly RecentRow[]): RecentGroup[] {
  const groups: Array<{ id: string; latest: RecentRow; rows: RecentRow[] }> = []
  for (const row of rows) {
    const current = groups.at(-1)
    if (current && sameParty(current.latest, row)) current.rows.push(row)
    else groups.push({ id: row.entry.id, latest: row, rows: [row] })
  }
  return groups
}

/** A room code and a personal code can be the same string: the kind keeps a room apart from a person. */
function sameParty(a: RecentRow, b: RecentRow): boolean {
  return a.kind === b.kind && a.entry.code === b.entry.code
}
