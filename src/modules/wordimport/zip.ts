/**
 * Checks a .docx (a zip file) before it is unpacked: the central directory must be
 * readable, hold word/document.xml, and promise no more than a fixed amount of
 * unpacked data, so that a small upload cannot unpack into gigabytes (a zip bomb).
 */

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
    const compressed = view.getUint32(at + 20, true);
    const unpacked = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (unpacked === 0xffffffff || compressed === 0xffffffff) throw new DocxFileError("Dit Word-bestand is te groot om in te lezen.");
    total += unpacked;
    if (total > DOCX_LIMITS.unpacked) {
      throw new DocxFileError(`Dit Word-bestand pakt uit tot meer dan ${DOCX_LIMITS.unpacked / 1024 / 1024} MB; zo'n bestand leest Koers niet in.`);
    }
    entries.push({ name, compressed, unpacked });
    at += 46 + nameLength + extra + comment;
  }
  if (!entries.some((e) => e.name === "word/document.xml")) throw notDocx;
  return entries;
}
