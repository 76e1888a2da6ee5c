/** A binary max-heap of (priority, id) pairs: the lazy greedy's queue of upper bounds. */
export class MaxHeap {
  private priorities: number[] = [];
  private ids: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** The largest priority, or -Infinity when empty. */
  peek(): number {
    return this.ids.length > 0 ? this.priorities[0] : -Infinity;
  }

  push(priority: number, id: number): void {
    this.priorities.push(priority);
    this.ids.push(id);
    let i = this.ids.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.priorities[parent] >= this.priorities[i]) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns the id with the largest priority. */
  pop(): number {
    const top = this.ids[0];
    const lastPriority = this.priorities.pop()!;
    const lastId = this.ids.pop()!;
    if (this.ids.length > 0) {
      this.priorities[0] = lastPriority;
      this.ids[0] = lastId;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let largest = i;
        if (left < this.ids.length && this.priorities[left] > this.priorities[largest]) largest = left;
        if (right < this.ids.length && this.priorities[right] > this.priorities[largest]) largest = right;
        if (largest === i) break;
        this.swap(i, largest);
        i = largest;
      }
    }
    return top;
  }

  private swap(a: number, b: number): void {
    [this.priorities[a], this.priorities[b]] = [this.priorities[b], this.priorities[a]];
    [this.ids[a], this.ids[b]] = [this.ids[b], this.ids[a]];
  }
}
