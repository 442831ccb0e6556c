// How long something took, as the log and the summary write it.

/** `[2:05]`: time since the watch started, so a reader can see how long each step took. */
export function elapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000))
  const minutes = Math.floor(seconds / 60)
  return `[${minutes}:${String(seconds % 60).padStart(2, '0')}]`
}

/** "30 minutes", "1 minute", "45 seconds". */
export function duration(ms: number): string {
  const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`
  return ms >= 60_000 && ms % 60_000 === 0
    ? plural(ms / 60_000, 'minute')
    : plural(Math.round(ms / 1000), 'second')
}
