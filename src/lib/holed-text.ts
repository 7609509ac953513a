/**
 * A text with holes, compressed once and filled in per request: the pieces between the holes are
 * deflated once, each on its own and ending on a byte boundary, and a gzip answer is those pieces
 * with the filled-in values between them as stored (uncompressed) blocks, one final empty block,
 * and the checksum of the whole. Filling in then costs a checksum, not a compression of the page.
 * (RFC 1951 3.2.3–3.2.4: a stream is any series of blocks; RFC 1952: the gzip wrapper.)
 */
import { constants, crc32, deflateRawSync } from "node:zlib";
import { escapeRegExp } from "./escape.ts";

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** A final block with fixed codes and nothing in it: BFINAL 1, BTYPE 01, end-of-block. */
const EMPTY_FINAL_BLOCK = Buffer.from([0x03, 0x00]);
const STORED_MAX = 0xffff;

export class HoledText<Hole extends string> {
  readonly #pieces: Buffer[] = [];
  readonly #holes: Hole[] = [];
  #deflated: Buffer[] | undefined;

  /** `text` with each occurrence of a mark (`marks[hole]`) as a hole. Marks must not occur in one another. */
  constructor(text: string, marks: Record<Hole, string>) {
    const byMark = new Map(Object.entries(marks).map(([hole, mark]) => [mark as string, hole as Hole]));
    const escaped = [...byMark.keys()].map(escapeRegExp);
    const parts = escaped.length > 0 ? text.split(new RegExp(`(${escaped.join("|")})`)) : [text];
    parts.forEach((part, i) => (i % 2 === 0 ? this.#pieces.push(Buffer.from(part)) : this.#holes.push(byMark.get(part)!)));
  }

  /** Whether the text has this hole at least once. */
  has(hole: Hole): boolean {
    return this.#holes.includes(hole);
  }

  /** The text with the holes filled in. */
  filled(values: Record<Hole, string>): Buffer {
    const own = this.#values(values);
    return Buffer.concat(this.#pieces.flatMap((piece, i) => (i < this.#holes.length ? [piece, own[i]!] : [piece])));
  }

  /** The same as `gzip(filled(values))` when unpacked. */
  gzipped(values: Record<Hole, string>): Buffer {
    this.#deflated ??= this.#pieces.map((piece) => deflateRawSync(piece, { level: 6, finishFlush: constants.Z_SYNC_FLUSH }));
    const own = this.#values(values);
    const chunks: Buffer[] = [GZIP_HEADER];
    let crc = 0;
    let length = 0;
    this.#pieces.forEach((piece, i) => {
      chunks.push(this.#deflated![i]!);
      crc = crc32(piece, crc);
      length += piece.byteLength;
      const value = own[i];
      if (!value) return;
      chunks.push(...stored(value));
      crc = crc32(value, crc);
      length += value.byteLength;
    });
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    trailer.writeUInt32LE(length >>> 0, 4);
    chunks.push(EMPTY_FINAL_BLOCK, trailer);
    return Buffer.concat(chunks);
  }

  #values(values: Record<Hole, string>): Buffer[] {
    return this.#holes.map((hole) => Buffer.from(values[hole]));
  }
}

/** Bytes as stored blocks (not final), each starting on a byte boundary as the pieces before them end. */
function stored(bytes: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  for (let at = 0; at < bytes.byteLength; at += STORED_MAX) {
    const slice = bytes.subarray(at, at + STORED_MAX);
    const header = Buffer.alloc(5);
    header.writeUInt16LE(slice.byteLength, 1);
    header.writeUInt16LE(~slice.byteLength & 0xffff, 3);
    blocks.push(header, slice);
  }
  return blocks;
}
