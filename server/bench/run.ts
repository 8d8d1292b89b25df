export async function runBenchmarks(_names: string[]): Promise<void> {
  throw new Error('not yet');
}
