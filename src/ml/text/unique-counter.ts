/**
 * Distinct buckets of one comment and their counts, in first-seen order, through a small
 * open-addressing table that is reset per comment: it stays in L1 cache, unlike a table the
 * size of the hash space, and costs far less than sorting.
 */
export class UniqueCounter {
  keys = new Uint32Array(1024);
  counts = new Float32Array(1024);
  size = 0;
  private slots = new Int32Array(2048).fill(-1);
  private used = new Int32Array(1024);

  count(raw: Uint32Array, length: number): this {
    if (this.keys.length < length) {
      this.keys = new Uint32Array(length * 2);
      this.counts = new Float32Array(length * 2);
      this.used = new Int32Array(length * 2);
      this.slots = new Int32Array(2 ** Math.ceil(Math.log2(length * 2))).fill(-1); // a power of two
      this.size = 0;
    }
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = 0; i < this.size; i++) slots[this.used[i]] = -1;
    let size = 0;
    for (let i = 0; i < length; i++) {
      const key = raw[i];
      let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
      for (;;) {
        const at = slots[slot];
        if (at === -1) {
          slots[slot] = size;
          this.used[size] = slot;
          this.keys[size] = key;
          this.counts[size] = 1;
          size++;
          break;
        }
        if (this.keys[at] === key) {
          this.counts[at]++;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    this.size = size;
    return this;
  }

  copy(): [Uint32Array, Float32Array] {
    return [this.keys.slice(0, this.size), this.counts.slice(0, this.size)];
  }
}
