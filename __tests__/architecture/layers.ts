/**
 * The layers of src/, lowest first. A module (a folder of src/, or a file at its root) imports only
 * from its own folder and from layers below its own: shared building blocks live low, and the
 * plan (phases/) and the wiring (main.ts, index.ts) at the top. docs/architecture.md explains them.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['verdict.ts', 'clock.ts', 'lazy.ts', 'input', 'text'],
  ['task-definition', 'github'],
  ['aws'],
  ['rollout', 'run-task', 'scheduled', 'codedeploy', 'housekeeping'],
  ['report', 'settings'],
  ['run'],
  ['methods'],
  ['phases'],
  ['main.ts'],
  ['index.ts']
]

/** `aws/ecs.ts` → `aws`; `main.ts` → `main.ts`. */
export function moduleOf(file: string): string {
  const slash = file.indexOf('/')
  return slash === -1 ? file : file.slice(0, slash)
}

/**
 * Every import (file → file, relative to src/) that goes sideways or up, as "from → to"; also a
 * module that no layer names.
 */
export function layerViolations(graph: Readonly<Record<string, readonly string[]>>): string[] {
  const layerOf = new Map<string, number>()
  LAYERS.forEach((modules, index) => {
    for (const module of modules) layerOf.set(module, index)
  })
  const problems: string[] = []
  for (const [from, imports] of Object.entries(graph)) {
    const source = moduleOf(from)
    const sourceLayer = layerOf.get(source)
    if (sourceLayer === undefined) {
      problems.push(`${from}: ${source} is in no layer`)
      continue
    }
    for (const to of imports) {
      const target = moduleOf(to)
      if (target === source) continue
      const targetLayer = layerOf.get(target)
      if (targetLayer === undefined || targetLayer >= sourceLayer) problems.push(`${from} → ${to}`)
    }
  }
  return problems
}
