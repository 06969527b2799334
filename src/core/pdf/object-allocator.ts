import { PdfRef, type PdfObject } from './objects.js';

/** A new object of an incremental update: its number and its value. */
export type NewObject = { readonly ref: PdfRef; readonly value: PdfObject };

/**
 * Hands out object numbers for an incremental update, starting at the trailer's /Size
 * (ISO 32000-1 §7.5.6: new objects take numbers no earlier revision used), and keeps what is added.
 */
export class ObjectAllocator {
  private nextNum: number;
  readonly objects: NewObject[] = [];

  constructor(firstFreeNumber: number) {
    this.nextNum = firstFreeNumber;
  }

  /** Reserves a number now, for objects that must refer to each other before both exist. */
  reserve(): PdfRef {
    return new PdfRef(this.nextNum++, 0);
  }

  add(value: PdfObject): PdfRef {
    const ref = this.reserve();
    this.objects.push({ ref, value });
    return ref;
  }

  set(ref: PdfRef, value: PdfObject): void {
    this.objects.push({ ref, value });
  }

  get size(): number {
    return this.nextNum;
  }
}
