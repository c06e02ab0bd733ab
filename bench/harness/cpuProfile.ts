/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) the benchmark reads. */
export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string };
    readonly children?: readonly number[];
  }>;
  /** The node sampled at each tick. */
  readonly samples: readonly number[];
  /** Microseconds since the previous sample, per sample. */
  readonly timeDeltas: readonly number[];
}

/** Where a provider process spent its CPU time, in milliseconds. */
export interface CpuBreakdown {
  /** Every sample that was not idle. */
  readonly busyMs: number;
  /** By category, summing to `busyMs`: see {@link breakDownProfile}. */
  readonly categories: Readonly<Record<string, number>>;
}

// Node's own functions that read, compile and link modules: loading code, whoever asked for it.
const MODULE_LOADING = new Set(["wrapSafe", "readFileUtf8", "readFileSync", "internalModuleStat", "compileForInternalLoader", "Module._compile", "Module._load", "Module._resolveFilename"]);

/**
 * Splits a profile's busy time: module loading and garbage collection by the sampled function, everything else by
 * the innermost package on the stack. `packages` maps a category to the package names it covers; a name ending in
 * `/` covers a whole scope (`"@azure/"`). Samples in no listed package count as `other` (Node itself: sockets,
 * TLS, timers).
 */
export function breakDownProfile(profile: CpuProfile, packages: Readonly<Record<string, readonly string[]>>): CpuBreakdown {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parentOf.set(child, node.id);
    }
  }
  const categoryOf = (url: string): string | undefined => {
    if (!url.includes("node_modules/")) {
      return undefined;
    }
    const inPackage = url.split("node_modules/").pop() ?? "";
    const name = inPackage.split("/").slice(0, inPackage.startsWith("@") ? 2 : 1).join("/");
    const covers = (entry: string) => (entry.endsWith("/") ? name.startsWith(entry) : name === entry);
    return Object.entries(packages).find(([, names]) => names.some(covers))?.[0];
  };
  const categories: Record<string, number> = {};
  let busyMs = 0;
  profile.samples.forEach((sampled, index) => {
    const frame = byId.get(sampled)?.callFrame;
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    if (frame === undefined || frame.functionName === "(idle)") {
      return;
    }
    busyMs += ms;
    let category = MODULE_LOADING.has(frame.functionName) ? "loading modules" : frame.functionName === "(garbage collector)" ? "garbage collector" : undefined;
    for (let id: number | undefined = sampled; category === undefined && id !== undefined; id = parentOf.get(id)) {
      category = categoryOf(byId.get(id)?.callFrame.url ?? "");
    }
    categories[category ?? "other"] = (categories[category ?? "other"] ?? 0) + ms;
  });
  return { busyMs, categories };
}
