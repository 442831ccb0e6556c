// madge ships no types; this is the part of its API the import tests use.
declare module 'madge' {
  interface MadgeResult {
    obj(): Record<string, string[]>
    circular(): string[][]
  }
  export default function madge(
    path: string,
    config?: { fileExtensions?: string[]; tsConfig?: string }
  ): Promise<MadgeResult>
}
