/** The dependency graph of tasks: cycle detection and how much each task unblocks. Pure. */

/** Finds one cycle and returns it as a closed path (`a → b → a`), or undefined. */
export function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    const seen = state.get(node);
    if (seen === 'done') return undefined;
    if (seen === 'visiting') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...edges.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

/** For each task, how many tasks (directly or transitively) wait on it. */
export function unblockCounts(edges: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const dependents = new Map<string, string[]>();
  for (const [task, deps] of edges) {
    for (const dep of deps) {
      const list = dependents.get(dep);
      if (list) list.push(task);
      else dependents.set(dep, [task]);
    }
  }
  const counts = new Map<string, number>();
  for (const task of edges.keys()) {
    const reached = new Set<string>();
    const queue = [...(dependents.get(task) ?? [])];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      if (reached.has(next)) continue;
      reached.add(next);
      queue.push(...(dependents.get(next) ?? []));
    }
    counts.set(task, reached.size);
  }
  return counts;
}
