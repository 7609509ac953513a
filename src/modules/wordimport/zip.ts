/**
 * Reads a .docx (a zip file) without trusting it: the central directory must be readable,
 * hold word/document.xml, and promise no more than a fixed amount of unpacked data; each
 * part is then inflated with a ceiling of the size it promised, so that a small upload can
 * never unpack into gigabytes (a zip bomb), also not one whose directory lies.
 */
import { inflateRawSync } from "node:zlib";

export const DOCX_LIMITS = {
  /** Largest upload accepted (bytes). */
  upload: 10 * 1024 * 1024,
  /** Largest total of unpacked parts (bytes). */
  unpacked: 60 * 1024 * 1024,
  /** Most parts in one file. */
  entries: 2000,
} as const;

export class DocxFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocxFileError";
  }
}

export interface ZipEntry {
  name: string;
  compressed: number;
  unpacked: number;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Where the entry's local header starts. */
  offset: number;
}

/** The entries of a zip file as its central directory lists them; throws DocxFileError when it is no zip or too large. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  if (bytes.length === 0) throw new DocxFileError("Het bestand is leeg.");
  if (bytes.length > DOCX_LIMITS.upload) throw new DocxFileError(`Het bestand is te groot: hoogstens ${DOCX_LIMITS.upload / 1024 / 1024} MB.`);
  const notDocx = new DocxFileError("Dit is geen Word-bestand (.docx). Sla het document in Word op als 'Word-document (.docx)' en probeer het opnieuw.");
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw notDocx;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw notDocx;
  const count = view.getUint16(end + 10, true);
  const dirOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new DocxFileError("Dit Word-bestand is te groot om in te lezen.");
  if (count > DOCX_LIMITS.entries) throw new DocxFileError(`Dit Word-bestand bestaat uit te veel delen (${count}).`);
  const entries: ZipEntry[] = [];
  let at = dirOffset;
  let total = 0;
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw notDocx;
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const unpacked = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const offset = view.getUint32(at + 42, true);
    if (unpacked === 0xffffffff || compressed === 0xffffffff) throw new DocxFileError("Dit Word-bestand is te groot om in te lezen.");
    total += unpacked;
    if (total > DOCX_LIMITS.unpacked) {
      throw new DocxFileError(`Dit Word-bestand pakt uit tot meer dan ${DOCX_LIMITS.unpacked / 1024 / 1024} MB; zo'n bestand leest Koers niet in.`);
    }
    entries.push({ name, compressed, unpacked, method, offset });
    at += 46 + nameLength + extra + comment;
  }
  if (!entries.some((e) => e.name === "word/document.xml")) throw notDocx;
  return entries;
}

/** The unpacked bytes of one entry; never more than the entry promised. */
export function readEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const damaged = new DocxFileError("Dit Word-bestand is beschadigd en kan niet gelezen worden.");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (entry.offset + 30 > bytes.length || view.getUint32(entry.offset, true) !== 0x04034b50) throw damaged;
  const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
  const data = bytes.subarray(start, start + entry.compressed);
  if (data.length !== entry.compressed) throw damaged;
  let out: Uint8Array;
  if (entry.method === 0) out = data;
  else if (entry.method === 8) {
    try {
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.unpacked) });
    } catch {
      throw damaged;
    }
  } else throw new DocxFileError("Dit Word-bestand is op een onbekende manier ingepakt en kan niet gelezen worden.");
  if (out.length !== entry.unpacked) throw damaged;
  return out;
}
